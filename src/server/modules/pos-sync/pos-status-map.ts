import type { PosStatus } from '../../../shared/contracts/pos-sync.contract.js';
import type { ActionName } from '../../../shared/workflow/index.js';
import { REJECTION_REASONS } from '../../../shared/workflow/workflow-inputs.js';
import type { PosAction } from './pos-platform.client.js';

/**
 * The mapping between ПОС statuses and our workflows (docs/pos-sync.md has the same table).
 *
 * Inward: a status the platform reports moves a case of the `pos` workflow only where the platform decides
 * (moderation); the other statuses are our own steps coming back, or steps taken in the platform's back
 * office — they are kept with the case (status, history, answerAt) and shown, without moving it.
 */
export type InwardStep = {
  action: ActionName;
  fromStates: readonly string[];
  input: (comment: string | null) => Record<string, unknown>;
};

const REASON_CODES = new Set(REJECTION_REASONS.map((reason) => reason.code));

export const INWARD_STEPS: Partial<Record<PosStatus, InwardStep>> = {
  MODERATION_ACCEPT: { action: 'moderate-accept', fromStates: ['moderation'], input: () => ({}) },
  TAKE_TO_WORK: { action: 'moderate-accept', fromStates: ['moderation'], input: () => ({}) },
  MODERATION_DECLINE: {
    action: 'moderate-reject',
    fromStates: ['moderation'],
    input: (comment) => ({
      reason: comment && REASON_CODES.has(comment) ? comment : 'no_substance',
      ...(comment ? { comment: comment.slice(0, 2000) } : {}),
    }),
  },
};

/** Our workflow state that a status stands for (shown beside the platform's status). */
export const POS_STATUS_STATES: Record<PosStatus, string> = {
  MODERATION_NEW: 'moderation',
  MODERATION_ACCEPT: 'in_work',
  MODERATION_DECLINE: 'rejected',
  TAKE_TO_WORK: 'in_work',
  SET_EXECUTOR: 'assigned',
  POSTPONE: 'assigned',
  FORWARD_TO_PARENT: 'forwarded',
  FORWARD_TO_SUBORDINATE: 'assigned',
  SEND_RESPONSE: 'awaiting_resident',
};

type ActionFacts = {
  action: string;
  input: Record<string, unknown>;
  lifecycle: Record<string, unknown>;
};

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** Outward: what our action on a ПОС case tells the platform (none for internal steps such as comments). */
export function toPosActions(facts: ActionFacts): PosAction[] {
  const { input } = facts;
  switch (facts.action) {
    case 'moderate-accept':
    case 'register':
    case 'take':
      return [{ action: 'TAKE_TO_WORK' }];
    case 'moderate-reject':
      return [{ action: 'MODERATION_DECLINE', ...(text(input.reason) ? { comment: String(input.reason) } : {}) }];
    case 'assign':
    case 'reassign':
      return [
        {
          action: 'SET_EXECUTOR',
          executor: { id: text(input.executorId) ?? null, name: null },
          ...(text(input.dueAt) ? { postponeUntil: String(input.dueAt) } : {}),
        },
      ];
    case 'interim-answer':
      return [
        {
          action: 'POSTPONE',
          ...(text(input.text) ? { comment: String(input.text) } : {}),
          ...(text(input.promisedAt) ? { postponeUntil: String(input.promisedAt) } : {}),
        },
      ];
    case 'approve-extension':
      return [{ action: 'POSTPONE', comment: `Срок продлён на ${String(input.days ?? '')} дн.` }];
    case 'forward':
      return text(input.externalOrganisation)
        ? [
            {
              action: 'FORWARD_TO_PARENT',
              organisation: String(input.externalOrganisation),
              ...(text(input.coveringLetter) ? { comment: String(input.coveringLetter) } : {}),
            },
          ]
        : [{ action: 'FORWARD_TO_SUBORDINATE', ...(text(input.comment) ? { comment: String(input.comment) } : {}) }];
    case 'publish': {
      const draft = facts.lifecycle.draftAnswer as { text?: unknown } | undefined;
      return [
        {
          action: 'SEND_RESPONSE',
          answer: { text: text(draft?.text) ?? '', result: text(input.result) ?? null },
        },
      ];
    }
    default:
      return [];
  }
}
