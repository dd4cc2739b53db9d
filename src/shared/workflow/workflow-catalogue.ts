import { CASE_KINDS, type CaseKind, CHANNELS, type Channel } from '../channels.js';
import type { Workflow } from './workflow.types.js';
import { APPEAL_WORKFLOW } from './workflows/appeal.workflow.js';
import { IM_WORKFLOW } from './workflows/im.workflow.js';
import { MESSAGE_WORKFLOW } from './workflows/message.workflow.js';
import { OFFICIAL_PAGES_WORKFLOW } from './workflows/official-pages.workflow.js';
import { POS_WORKFLOW } from './workflows/pos.workflow.js';
import { REGIONAL_WORKFLOW } from './workflows/regional.workflow.js';

/** The shipped workflows; every (channel, kind) pair is served by exactly one of them. */
export const SHIPPED_WORKFLOWS: readonly Workflow[] = [
  IM_WORKFLOW,
  POS_WORKFLOW,
  REGIONAL_WORKFLOW,
  OFFICIAL_PAGES_WORKFLOW,
  APPEAL_WORKFLOW,
  MESSAGE_WORKFLOW,
];

function indexWorkflows(workflows: readonly Workflow[]): Map<string, Workflow> {
  const index = new Map<string, Workflow>();
  for (const workflow of workflows) {
    for (const kind of workflow.kinds) {
      for (const channel of workflow.channels) index.set(`${kind}:${channel}`, workflow);
    }
  }
  return index;
}

const WORKFLOW_BY_CHANNEL_AND_KIND = indexWorkflows(SHIPPED_WORKFLOWS);

/**
 * The workflow of a case: a 59-ФЗ appeal follows the appeal workflow whatever its channel; a message
 * follows its channel's. Unknown pairs (not possible for valid codes) fall back to the generic
 * message workflow.
 */
export function findWorkflow(channel: Channel, kind: CaseKind): Workflow {
  return WORKFLOW_BY_CHANNEL_AND_KIND.get(`${kind}:${channel}`) ?? MESSAGE_WORKFLOW;
}

export function findWorkflowById(id: string): Workflow | undefined {
  return SHIPPED_WORKFLOWS.find((workflow) => workflow.id === id);
}

/** Pairs of (channel, kind) served by no workflow or by several (the catalogue test expects none). */
export function findCoverageProblems(workflows: readonly Workflow[] = SHIPPED_WORKFLOWS): string[] {
  const problems: string[] = [];
  for (const kind of CASE_KINDS) {
    for (const channel of CHANNELS) {
      const serving = workflows.filter(
        (workflow) => workflow.kinds.includes(kind) && workflow.channels.includes(channel),
      );
      if (serving.length !== 1)
        problems.push(`${channel}/${kind}: ${serving.map((workflow) => workflow.id).join(', ') || 'нет процесса'}`);
    }
  }
  return problems;
}
