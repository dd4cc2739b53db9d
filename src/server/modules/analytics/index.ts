export { registerReportCommands } from './analytics.cli.js';
export { registerAnalyticsJobs } from './analytics.jobs.js';
export { analyticsRoutes } from './analytics.routes.js';
export { refreshCaseMeasures } from './analytics-measures.service.js';
