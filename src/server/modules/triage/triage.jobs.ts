import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { listTenants } from '../organization/index.js';
import * as repository from './triage.repository.js';
import { trainTenantModel } from './triage.service.js';
import { MIN_TRAINING_CASES } from './triage-lifecycle.js';

export const RETRAIN_JOB = 'triage.retrain';

/**
 * Nightly (cron OTKLIK_TRIAGE_RETRAIN_CRON, 02:30 Moscow by default; one process per slot — pg-boss): every
 * municipality whose answered or closed cases changed since its latest model is retrained. Each training
 * runs in a worker thread, one tenant after another.
 */
export async function registerTriageJobs(
  jobs: JobQueue,
  database: Database,
  options: { cron?: string; timezone?: string } = {},
): Promise<void> {
  await jobs.work(RETRAIN_JOB, async () => {
    await runScheduledRetraining(database);
  });
  await jobs.schedule(RETRAIN_JOB, options.cron ?? '30 2 * * *', options.timezone ?? 'Europe/Moscow');
}

export type ScheduledRetrainingResult = {
  trained: Array<{ tenantId: string; version: number; status: string }>;
  skipped: Array<{ tenantId: string; reason: string }>;
};

export async function runScheduledRetraining(database: Database): Promise<ScheduledRetrainingResult> {
  const outcome: ScheduledRetrainingResult = { trained: [], skipped: [] };
  for (const tenant of await listTenants(database.pool)) {
    if (tenant.kind !== 'municipality') continue;
    const cases = await repository.describeTrainingCases(database.pool, tenant.id);
    if (cases.count < MIN_TRAINING_CASES) {
      outcome.skipped.push({ tenantId: tenant.id, reason: `мало сообщений: ${cases.count}` });
      continue;
    }
    const latestModel = await repository.findLatestModelTime(database.pool, tenant.id);
    if (latestModel && cases.lastChangedAt && new Date(cases.lastChangedAt) <= new Date(latestModel)) {
      outcome.skipped.push({ tenantId: tenant.id, reason: 'нет новых сообщений после последнего обучения' });
      continue;
    }
    try {
      const model = await trainTenantModel(database, tenant.id, { kind: 'schedule', userId: null, origin: null });
      outcome.trained.push({ tenantId: tenant.id, version: model.version, status: model.status });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcome.skipped.push({ tenantId: tenant.id, reason: error.message });
    }
  }
  return outcome;
}
