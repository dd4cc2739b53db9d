import type { Database } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { deliverAllTenants, installPosOutbox, syncAllTenants } from './pos-sync.service.js';

export const POS_SYNC_JOB = 'pos-sync.run';
export const POS_DELIVER_JOB = 'pos-sync.deliver';

/** Every 5 minutes a full sync both ways; every minute the outbox (our steps reach the platform soon). */
export async function registerPosSyncJobs(jobs: JobQueue, database: Database): Promise<void> {
  installPosOutbox();
  await jobs.work(POS_SYNC_JOB, async () => {
    await syncAllTenants(database);
  });
  await jobs.schedule(POS_SYNC_JOB, '*/5 * * * *', 'UTC');
  await jobs.work(POS_DELIVER_JOB, async () => {
    await deliverAllTenants(database);
  });
  await jobs.schedule(POS_DELIVER_JOB, '* * * * *', 'UTC');
}
