export { resolveWorkflowState } from './case-actions.service.js';
export {
  findExistingExternalIds,
  type ImportedCaseEventRow,
  type ImportedCaseRow,
  insertImportedCaseEvents,
  insertImportedCases,
} from './case-import.repository.js';
export { registerCaseJobs } from './cases.jobs.js';
export type { CaseFacts, NewCase } from './cases.repository.js';
export { countCasesOfTenant, insertCases } from './cases.repository.js';
export { casesRoutes } from './cases.routes.js';
export { getCaseFacts } from './cases.service.js';
