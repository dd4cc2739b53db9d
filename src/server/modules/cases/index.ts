export type { StoreAttachmentInput } from './attachment-storage.service.js';
export { storeCaseAttachment } from './attachment-storage.service.js';
export { partyOf, performCaseAction, resolveWorkflowState } from './case-actions.service.js';
export { caseAttachmentsRoutes } from './case-attachments.routes.js';
export { registerCaseJobs } from './cases.jobs.js';
export type { CaseFacts, NewCase } from './cases.repository.js';
export { countCasesOfTenant, insertCases } from './cases.repository.js';
export { casesRoutes } from './cases.routes.js';
export { endOfLocalDay, getCaseFacts, performAction, scopeOf as caseScopeOf } from './cases.service.js';
