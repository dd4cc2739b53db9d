import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import type { JobQueue } from '../jobs/job-queue.js';

/** What route modules receive from app.ts: the process's database, job queue and configuration. */
export type AppDependencies = {
  config: AppConfig;
  database: Database;
  jobs: JobQueue | undefined;
};
