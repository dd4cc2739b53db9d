export { inspectFile, type StoreAttachmentInput, storeCaseAttachment } from './attachment-storage.service.js';
export { insertCaseEvent } from './case-actions.repository.js';
export {
  type ActingParty,
  type CaseActionObserver,
  type CaseActionRecord,
  observeCaseActions,
  partyOf,
  performCaseAction,
  resolveWorkflowState,
  SYSTEM_PARTY,
} from './case-actions.service.js';
export { caseAttachmentsRoutes } from './case-attachments.routes.js';
export {
  findExistingExternalIds,
  hasCasesOfChannel,
  type ImportedCaseBatch,
  ImportedCaseBatchBuilder,
  type ImportedCaseEventRow,
  type ImportedCaseRow,
  type ImportedCaseTimerRow,
  type ImportedRecipientRow,
  insertImportedCaseBatch,
  lockCaseNumberCounter,
  type NumberedImportedCaseRow,
  setCaseNumberCounters,
} from './case-import.repository.js';
export {
  type IncomingCase,
  type IncomingCaseResult,
  registerIncomingCase,
  sendingExternalId,
  settleBackgroundGrouping,
} from './case-intake.service.js';
export { registerCaseJobs } from './cases.jobs.js';
export { type CaseFacts, countCasesOfTenant, insertCases, type NewCase } from './cases.repository.js';
export { casesRoutes } from './cases.routes.js';
export {
  endOfLocalDay,
  findReadableCase,
  findResentCase,
  getCase,
  getCaseFacts,
  insertManualCase,
  performAction,
  scopeOf as caseScopeOf,
} from './cases.service.js';
