export { registerPosSyncJobs } from './pos-sync.jobs.js';
export { posSyncRoutes } from './pos-sync.routes.js';
