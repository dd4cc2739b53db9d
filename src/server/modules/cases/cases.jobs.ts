import type { Database } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { closeExpiredSatisfactionWindows } from './case-actions.service.js';

export const SATISFACTION_TIMEOUTS_JOB = 'cases.satisfaction-timeouts';

/** Every minute (one process per cron slot): close the cases whose resident did not react in time. */
export async function registerCaseJobs(jobs: JobQueue, database: Database): Promise<void> {
  await jobs.work(SATISFACTION_TIMEOUTS_JOB, async () => {
    await closeExpiredSatisfactionWindows(database);
  });
  await jobs.schedule(SATISFACTION_TIMEOUTS_JOB, '* * * * *', 'UTC');
}
