import type { CaseDetail, CaseHistoryEntry } from '../../../../shared/contracts/cases.contract.js';
import {
  CASE_RESULT_TITLES,
  CASE_RESULTS,
  type CodedOption,
  findWorkflowById,
  type Workflow,
} from '../../../../shared/workflow/index.js';

/** Which form an action opens in the card; an action the card does not know is asked as a confirm. */
export type ActionFormKind =
  | 'assign'
  | 'forward'
  | 'reject'
  | 'close'
  | 'reason'
  | 'optional-reason'
  | 'extension'
  | 'approve-extension'
  | 'interim-answer'
  | 'draft-answer'
  | 'fulfil-promise'
  | 'result'
  | 'optional-result'
  | 'comment'
  | 'resident-comment'
  | 'resident-rating'
  | 'register'
  | 'request-info'
  | 'take'
  | 'confirm';

const FORM_OF_ACTION: Readonly<Record<string, ActionFormKind>> = {
  assign: 'assign',
  reassign: 'assign',
  forward: 'forward',
  'moderate-reject': 'reject',
  close: 'close',
  'return-for-rework': 'reason',
  'return-by-cur': 'reason',
  'reject-extension': 'reason',
  'request-extension': 'extension',
  'approve-extension': 'approve-extension',
  reopen: 'optional-reason',
  'return-by-moderator': 'optional-reason',
  'urgent-request': 'optional-reason',
  'interim-answer': 'interim-answer',
  'draft-answer': 'draft-answer',
  'fulfil-promise': 'fulfil-promise',
  'record-result': 'result',
  publish: 'optional-result',
  comment: 'comment',
  'resident-comment': 'resident-comment',
  'resident-rating': 'resident-rating',
  register: 'register',
  'request-info': 'request-info',
  take: 'take',
};

export function findActionForm(action: string): ActionFormKind {
  return FORM_OF_ACTION[action] ?? 'confirm';
}

/** The fields each form sends: the server's field errors land on these, the rest go above the buttons. */
export const FORM_FIELDS: Readonly<Record<ActionFormKind, readonly string[]>> = {
  assign: ['executorId', 'recipientId', 'dueAt'],
  forward: ['recipientId', 'externalOrganisation', 'coveringLetter', 'comment'],
  reject: ['reason', 'comment'],
  close: ['reason', 'comment'],
  reason: ['reason'],
  'optional-reason': ['reason'],
  extension: ['reason', 'days'],
  'approve-extension': ['days', 'comment'],
  'interim-answer': ['text', 'promisedAt'],
  'draft-answer': ['text', 'templateId', 'attachmentIds'],
  'fulfil-promise': ['text', 'attachmentIds'],
  result: ['result'],
  'optional-result': ['result'],
  comment: ['text', 'mentions'],
  'resident-comment': ['text'],
  'resident-rating': ['rating', 'comment'],
  register: ['registrationNumber'],
  'request-info': ['text'],
  take: ['category'],
  confirm: [],
};

export function findCaseWorkflow(item: Pick<CaseDetail, 'workflowId'>): Workflow | undefined {
  return findWorkflowById(item.workflowId);
}

/** Reasons offered for `moderate-reject` / `close`; the automatic «no reaction» closure is not offered by hand. */
export function listReasons(workflow: Workflow | undefined, kind: 'reject' | 'close'): readonly CodedOption[] {
  if (!workflow) {
    return [];
  }
  return kind === 'reject'
    ? workflow.rejectionReasons
    : workflow.closureReasons.filter((reason) => reason.code !== 'no_reaction');
}

export const RESULT_OPTIONS = CASE_RESULTS.map((code) => ({ value: code, label: CASE_RESULT_TITLES[code] }));

/** «Решено» for a result code; a code not listed is shown as it is. */
export function describeResult(code: string | null | undefined): string | null {
  if (!code) {
    return null;
  }
  return (CASE_RESULT_TITLES as Record<string, string>)[code] ?? code;
}

function findReasonTitle(workflow: Workflow | undefined, code: string): string {
  const all = [...(workflow?.rejectionReasons ?? []), ...(workflow?.closureReasons ?? [])];
  return all.find((reason) => reason.code === code)?.title ?? code;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export type PayloadPart = { label: string; value: string; isLong?: boolean };

/** The human parts of a timeline entry's payload: text, reason, result, rating, dates, letters. */
export function describePayload(entry: CaseHistoryEntry, workflow: Workflow | undefined): PayloadPart[] {
  const payload = entry.payload;
  const parts: PayloadPart[] = [];
  const reason = text(payload.reason);
  if (reason) {
    parts.push({ label: 'Причина', value: findReasonTitle(workflow, reason) });
  }
  const result = describeResult(text(payload.result));
  if (result) {
    parts.push({ label: 'Результат', value: result });
  }
  if (typeof payload.rating === 'number') {
    parts.push({ label: 'Оценка', value: `${payload.rating} из 5` });
  }
  if (typeof payload.days === 'number') {
    parts.push({ label: 'Дней', value: String(payload.days) });
  }
  const organisation = text(payload.externalOrganisation);
  if (organisation) {
    parts.push({ label: 'Организация', value: organisation });
  }
  const registrationNumber = text(payload.registrationNumber);
  if (registrationNumber) {
    parts.push({ label: 'Рег. номер', value: registrationNumber });
  }
  // «Зарегистрировано в ПОС» and «Статус в ПОС»: the platform's number of the appeal and the status it reports.
  const posId = text(payload.posId);
  if (posId) {
    parts.push({ label: 'Номер в ПОС', value: posId });
  }
  const posStatus = text(payload.statusTitle);
  if (posStatus) {
    parts.push({ label: 'Статус', value: posStatus });
  }
  for (const [key, label] of [
    ['text', 'Текст'],
    ['comment', 'Комментарий'],
    ['coveringLetter', 'Сопроводительное письмо'],
  ] as const) {
    const value = text(payload[key]);
    if (value) {
      parts.push({ label, value, isLong: true });
    }
  }
  return parts;
}

/** The draft answer the card shows above the actions, when there is one. */
export function readDraftAnswer(item: Pick<CaseDetail, 'lifecycle'>): string | null {
  const draft = item.lifecycle.draftAnswer;
  if (typeof draft === 'object' && draft !== null && 'text' in draft) {
    return text((draft as { text: unknown }).text);
  }
  return null;
}

/** What others did since the card the user acted on: the timeline entries the reloaded card has in addition. */
export function findChangesSince(before: CaseDetail, after: CaseDetail): CaseHistoryEntry[] {
  const known = new Set(before.history.map((entry) => entry.id));
  return after.history.filter((entry) => !known.has(entry.id));
}

export function describeChange(entry: Pick<CaseHistoryEntry, 'title' | 'actorName'>): string {
  return entry.actorName ? `${entry.title} (${entry.actorName})` : entry.title;
}
