/**
 * Case workflows (issue 5): the data of every channel's lifecycle and the pure engine over it.
 * Server and web import from here.
 */

export * from './workflow.types.js';
export type { ActionMeaning, ChangeContext } from './workflow-actions.js';
export { ACTION_MEANINGS } from './workflow-actions.js';
export { findCoverageProblems, findWorkflow, findWorkflowById, SHIPPED_WORKFLOWS } from './workflow-catalogue.js';
export {
  applyAction,
  findWorkflowState,
  hasWorkflowAction,
  listAllowedActions,
  listWorkflowTimerKinds,
  validateWorkflow,
  WorkflowDefinitionError,
} from './workflow-engine.js';
export { BRANCH_CONDITIONS, GUARDS, INPUT_CHECKS, LOW_RATING_MAX } from './workflow-guards.js';
export * from './workflow-inputs.js';
export {
  describeWorkflowAsMarkdown,
  describeWorkflowVocabularyAsMarkdown,
  GENERATED_SECTION_BEGIN,
  GENERATED_SECTION_END,
  renderWorkflowsDocumentSection,
} from './workflow-markdown.js';
export { APPEAL_CLOSURE_REASONS, APPEAL_WORKFLOW } from './workflows/appeal.workflow.js';
export { IM_CLOSURE_REASONS, IM_WORKFLOW } from './workflows/im.workflow.js';
export { MESSAGE_CLOSURE_REASONS, MESSAGE_WORKFLOW } from './workflows/message.workflow.js';
export { OFFICIAL_PAGES_CLOSURE_REASONS, OFFICIAL_PAGES_WORKFLOW } from './workflows/official-pages.workflow.js';
export { POS_CLOSURE_REASONS, POS_WORKFLOW } from './workflows/pos.workflow.js';
export { REGIONAL_CLOSURE_REASONS, REGIONAL_WORKFLOW } from './workflows/regional.workflow.js';
