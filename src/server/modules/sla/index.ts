export { registerSlaJobs } from './sla.jobs.js';
export { slaRoutes } from './sla.routes.js';
export {
  type CaseForTimers,
  describeCaseTimers,
  extendCaseTimer,
  type ImportedCaseForTimers,
  listDueSatisfactionWindows,
  loadImportedCaseTimerPlanner,
  type NotifyPeople,
  type PlannedCaseTimer,
  type PlannedImportTimer,
  pauseCaseTimers,
  planCaseTimers,
  planImportedCaseTimers,
  processDueTimers,
  resumeCaseTimers,
  SATISFACTION_WINDOW,
  setCaseTimerPaused,
  startCaseTimer,
  startCaseTimers,
  stopCaseTimer,
  syncTimersWithStatus,
} from './sla.service.js';
export { loadTimeContext, type TenantTimeContext } from './sla-time-context.js';
