export { registerSlaJobs } from './sla.jobs.js';
export { slaRoutes } from './sla.routes.js';
export {
  type CaseForTimers,
  describeCaseTimers,
  extendCaseTimer,
  type NotifyPeople,
  pauseCaseTimers,
  processDueTimers,
  resumeCaseTimers,
  startCaseTimers,
  stopCaseTimer,
  syncTimersWithStatus,
} from './sla.service.js';
