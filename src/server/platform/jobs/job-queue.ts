import PgBoss from 'pg-boss';
import type { Queryable } from '../audit.js';
import type { Database } from '../db/database.js';

export type JobHandler<Data> = (job: { id: string; name: string; data: Data }) => Promise<void>;

export type SendJobOptions = {
  /** Run not before this moment. */
  startAfter?: Date;
  /** At most one queued job with this key at a time (e.g. one escalation per case and level). */
  singletonKey?: string;
  retryLimit?: number;
  /** Enqueue inside the caller's transaction, so the job exists only if the change commits. */
  transaction?: Queryable;
};

/**
 * The job queue every module uses (timers, escalations, notifications, reports). Backed by pg-boss:
 * jobs live in PostgreSQL and are fetched with SELECT … FOR UPDATE SKIP LOCKED, so several app
 * processes sharing one database never run a job twice.
 */
export interface JobQueue {
  start(): Promise<void>;
  stop(): Promise<void>;
  send<Data extends object>(name: string, data: Data, options?: SendJobOptions): Promise<string | null>;
  work<Data>(name: string, handler: JobHandler<Data>, options?: { concurrency?: number }): Promise<void>;
  /** Cron schedule in the given IANA zone; defined once for all processes. */
  schedule(name: string, cron: string, timezone: string): Promise<void>;
}

export class PgBossJobQueue implements JobQueue {
  private readonly boss: PgBoss;
  private readonly createdQueues = new Set<string>();
  private isStarted = false;

  constructor(database: Database, options: { pollingIntervalSeconds?: number } = {}) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => database.pool.query(text, values) },
      schema: 'pgboss',
      // Monitoring and maintenance every few minutes is enough; fewer idle queries on PGlite.
      monitorStateIntervalSeconds: 300,
      maintenanceIntervalSeconds: 300,
    });
    this.pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
    this.boss.on('error', (error) => {
      // pg-boss reports background failures here (e.g. the database restarting); they are retried.
      process.emitWarning(`очередь заданий: ${error.message}`);
    });
  }

  private readonly pollingIntervalSeconds: number;

  async start(): Promise<void> {
    if (this.isStarted) return;
    await this.boss.start();
    this.isStarted = true;
  }

  async stop(): Promise<void> {
    if (!this.isStarted) return;
    this.isStarted = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }

  async send<Data extends object>(name: string, data: Data, options: SendJobOptions = {}): Promise<string | null> {
    await this.ensureQueue(name);
    const transaction = options.transaction;
    return this.boss.send(name, data, {
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      retryLimit: options.retryLimit ?? 3,
      ...(transaction
        ? { db: { executeSql: (text: string, values: unknown[]) => transaction.query(text, values) } }
        : {}),
    });
  }

  async work<Data>(name: string, handler: JobHandler<Data>, options: { concurrency?: number } = {}): Promise<void> {
    await this.ensureQueue(name);
    const workers = Math.max(1, options.concurrency ?? 1);
    for (let index = 0; index < workers; index += 1) {
      await this.boss.work<Data>(
        name,
        { pollingIntervalSeconds: this.pollingIntervalSeconds, batchSize: 1 },
        async (jobs) => {
          for (const job of jobs) await handler({ id: job.id, name: job.name, data: job.data });
        },
      );
    }
  }

  async schedule(name: string, cron: string, timezone: string): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.schedule(name, cron, {}, { tz: timezone });
  }

  private async ensureQueue(name: string): Promise<void> {
    if (this.createdQueues.has(name)) return;
    await this.boss.createQueue(name);
    this.createdQueues.add(name);
  }
}
