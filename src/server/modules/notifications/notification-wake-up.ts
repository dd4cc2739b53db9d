import type pg from 'pg';
import type { Database } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';

export const DELIVER_NOTIFICATIONS_JOB = 'notifications.deliver';

/**
 * The job queue that sends this database's deliveries, set by registerNotificationJobs. Keyed by the pool, so
 * several test servers in one process never wake each other's workers. Absent (no jobs in this process, e.g.
 * `OTKLIK_JOBS=0` or a CLI command): deliveries wait for the every-minute run of a process that has them.
 */
const queues = new WeakMap<pg.Pool, JobQueue>();

export function setDeliveryQueue(database: Database, jobs: JobQueue | undefined): void {
  if (jobs) queues.set(database.pool, jobs);
  else queues.delete(database.pool);
}

/**
 * Asks for a delivery run now instead of at the next minute. With the caller's transaction the job is queued in
 * it (it exists only if the notifications commit), under a savepoint: a failing queue must never undo the
 * caller's change — the scheduled run sends the deliveries anyway.
 */
export async function wakeUpDeliveryWorker(database: Database, transaction?: pg.PoolClient): Promise<void> {
  const jobs = queues.get(database.pool);
  if (!jobs) return;
  if (!transaction) {
    await jobs.send(DELIVER_NOTIFICATIONS_JOB, {}, { retryLimit: 0 }).catch((error: unknown) => {
      process.emitWarning(`уведомления: не удалось поставить задание отправки: ${String(error)}`);
    });
    return;
  }
  await transaction.query('savepoint notifications_wake_up');
  try {
    await jobs.send(DELIVER_NOTIFICATIONS_JOB, {}, { retryLimit: 0, transaction });
    await transaction.query('release savepoint notifications_wake_up');
  } catch (error) {
    await transaction.query('rollback to savepoint notifications_wake_up');
    process.emitWarning(`уведомления: не удалось поставить задание отправки: ${String(error)}`);
  }
}
