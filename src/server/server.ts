import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { registerAnalyticsJobs } from './modules/analytics/index.js';
import { purgeExpiredAuthData } from './modules/auth/index.js';
import { registerCaseJobs, settleBackgroundGrouping } from './modules/cases/index.js';
import { listDemoAccounts, seedDemo } from './modules/demo/index.js';
import { registerNotificationJobs } from './modules/notifications/index.js';
import { registerPosSyncJobs } from './modules/pos-sync/index.js';
import { registerSlaJobs } from './modules/sla/index.js';
import { registerTriageJobs } from './modules/triage/index.js';
import type { AppConfig } from './platform/config.js';
import { type Database, openDatabase } from './platform/db/database.js';
import { applyMigrations } from './platform/db/migrations.js';
import { type JobQueue, PgBossJobQueue } from './platform/jobs/job-queue.js';

export type RunningServer = {
  app: FastifyInstance;
  database: Database;
  jobs: JobQueue | undefined;
  url: string;
  demoSeeded: boolean;
  close(): Promise<void>;
};

export const HOUSEKEEPING_JOB = 'system.housekeeping';

/**
 * Starts Otklik: takes the database (embedded PGlite in DATA_DIR or DATABASE_URL), applies migrations,
 * seeds the demo on an empty database, starts the job queue and listens.
 */
export async function startServer(config: AppConfig): Promise<RunningServer> {
  const database = await openDatabase({ config, purpose: 'serve', command: 'otklik serve' });
  let jobs: JobQueue | undefined;
  let app: FastifyInstance | undefined;
  try {
    await applyMigrations(database);
    let demoSeeded = false;
    if (config.isDemoEnabled && (await isEmpty(database))) {
      await seedDemo(database);
      demoSeeded = true;
    }
    if (config.isJobsEnabled) {
      jobs = new PgBossJobQueue(database);
      await jobs.start();
      await jobs.work(HOUSEKEEPING_JOB, async () => {
        await purgeExpiredAuthData(database);
      });
      await jobs.schedule(HOUSEKEEPING_JOB, '17 3 * * *', 'UTC');
      await registerNotificationJobs(jobs, database, config);
      await registerSlaJobs(jobs, database);
      await registerCaseJobs(jobs, database);
      await registerPosSyncJobs(jobs, database);
      await registerAnalyticsJobs(jobs, database);
      await registerTriageJobs(jobs, database, { cron: config.triageRetrainCron ?? '30 2 * * *' });
    }
    app = await buildApp({ config, database, jobs });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://localhost:${port}`;
    const runningApp = app;
    const runningJobs = jobs;
    let closing: Promise<void> | undefined;
    return {
      app: runningApp,
      database,
      jobs: runningJobs,
      url,
      demoSeeded,
      close() {
        closing ??= (async () => {
          await runningApp.close();
          await runningJobs?.stop();
          await settleBackgroundGrouping();
          await database.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await app?.close().catch(() => {});
    await jobs?.stop().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}

async function isEmpty(database: Database): Promise<boolean> {
  const result = await database.pool.query<{ count: number }>('select count(*)::int as count from tenants');
  return (result.rows[0]?.count ?? 0) === 0;
}

/** The console banner: where to sign in and, when demo accounts exist, with which. */
export function describeStartup(server: RunningServer, config: AppConfig, hasDemoAccounts: boolean): string {
  const lines = [
    '',
    `  Отклик запущен: ${server.url}`,
    `  База данных: ${server.database.mode === 'server' ? 'PostgreSQL' : 'встроенная PGlite'} — ${server.database.location}`,
    `  API: ${server.url}/api/docs   Проверка готовности: ${server.url}/api/health`,
  ];
  if (hasDemoAccounts) {
    lines.push('', '  Демо-учётные записи (пароль у всех одинаковый, смените его перед реальной работой):');
    for (const account of listDemoAccounts()) {
      lines.push(`    ${account.login.padEnd(22)} ${account.password}   ${account.fullName}, ${account.role}`);
    }
  }
  if (!config.isDemoEnabled && !hasDemoAccounts) {
    lines.push(
      '',
      '  Создайте администратора: npx otklik user create --tenant <код> --role admin --login <логин> --password <пароль>',
    );
  }
  lines.push('');
  return lines.join('\n');
}
