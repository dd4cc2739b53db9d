export type { StoreAttachmentInput } from './attachment-storage.service.js';
export { inspectFile, storeCaseAttachment } from './attachment-storage.service.js';
export {
  type ActingParty,
  partyOf,
  performCaseAction,
  resolveWorkflowState,
  SYSTEM_PARTY,
} from './case-actions.service.js';
export { caseAttachmentsRoutes } from './case-attachments.routes.js';
export { type IncomingCase, type IncomingCaseResult, registerIncomingCase } from './case-intake.service.js';
export { registerCaseJobs } from './cases.jobs.js';
export type { CaseFacts, NewCase } from './cases.repository.js';
export { countCasesOfTenant, insertCases } from './cases.repository.js';
export { casesRoutes } from './cases.routes.js';
export { endOfLocalDay, getCaseFacts, scopeOf as caseScopeOf } from './cases.service.js';
