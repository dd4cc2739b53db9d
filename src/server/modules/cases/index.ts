export type { StoreAttachmentInput } from './attachment-storage.service.js';
export { storeCaseAttachment } from './attachment-storage.service.js';
export {
  type ActingParty,
  type CaseActionObserver,
  type CaseActionRecord,
  observeCaseActions,
  performCaseAction,
  resolveWorkflowState,
} from './case-actions.service.js';
export { caseAttachmentsRoutes } from './case-attachments.routes.js';
export { registerCaseJobs } from './cases.jobs.js';
export type { CaseFacts, NewCase } from './cases.repository.js';
export { countCasesOfTenant, insertCases } from './cases.repository.js';
export { casesRoutes } from './cases.routes.js';
export { getCase, getCaseFacts, type IncomingCase, insertIncomingCase, insertManualCase } from './cases.service.js';
