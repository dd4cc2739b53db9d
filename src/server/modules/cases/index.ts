export { type ActingParty, performCaseAction, resolveWorkflowState, SYSTEM_PARTY } from './case-actions.service.js';
export { type IncomingCase, type IncomingCaseResult, registerIncomingCase } from './case-intake.service.js';
export { registerCaseJobs } from './cases.jobs.js';
export type { CaseFacts, NewCase } from './cases.repository.js';
export { countCasesOfTenant, insertCases } from './cases.repository.js';
export { casesRoutes } from './cases.routes.js';
export { getCaseFacts } from './cases.service.js';
