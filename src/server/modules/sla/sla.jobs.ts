import type { Database } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { notifyPeople } from '../notifications/index.js';
import { processDueTimers } from './sla.service.js';

export const PROCESS_TIMERS_JOB = 'sla.process-timers';

/**
 * Every minute one process (pg-boss runs a cron slot once for all) looks at timers whose warning or due
 * time has come; notifications go out through the notifications module in the event's transaction.
 */
export async function registerSlaJobs(jobs: JobQueue, database: Database): Promise<void> {
  await jobs.work(PROCESS_TIMERS_JOB, async () => {
    await processDueTimers(database, async (client, input) => {
      await notifyPeople(database, input, { transaction: client });
    });
  });
  await jobs.schedule(PROCESS_TIMERS_JOB, '* * * * *', 'UTC');
}
