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
} from './sla.service.js';
