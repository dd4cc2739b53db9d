import type { z } from 'zod';
import type { CaseKind, CaseStatus, Channel } from '../channels.js';
import type { Role } from '../roles.js';
import type { TimerKind } from '../sla/sla-policy.js';

/**
 * The vocabulary of case workflows (issue 5, «The model»): states, actions, guards, timer effects and
 * events are data per channel workflow; the engine (workflow-engine.ts) only interprets them.
 * Semantics and the shipped workflows: docs/workflows.md.
 */

/** Every state code a shipped workflow uses (the server's `cases.state` column takes one of these). */
export const WORKFLOW_STATE_CODES = [
  'received',
  'registered',
  'moderation',
  'new',
  'in_work',
  'assigned',
  'awaiting_info',
  'answer_review',
  'cur_review',
  'approved',
  'signing',
  'signed',
  'awaiting_resident',
  'answered',
  'closed',
  'rejected',
  'forwarded',
] as const;
export type WorkflowStateCode = (typeof WORKFLOW_STATE_CODES)[number];

/**
 * The coarse list group of a state: the existing `CASE_STATUSES` (new, moderation, in_work,
 * answer_review, answered, closed, rejected), so lists, filters and counters keep working.
 */
export type StateGroup = CaseStatus;

export type WorkflowState = {
  code: WorkflowStateCode;
  /** Russian, shown in the case card and the timeline. */
  title: string;
  group: StateGroup;
  /** The case is done: no timer may run (reopen may still leave it). */
  isFinal: boolean;
};

export const ACTION_NAMES = [
  'register',
  'moderate-accept',
  'moderate-reject',
  'take',
  'assign',
  'reassign',
  'forward',
  'request-info',
  'request-extension',
  'approve-extension',
  'reject-extension',
  'interim-answer',
  'fulfil-promise',
  'urgent-request',
  'draft-answer',
  'record-result',
  'return-for-rework',
  'approve',
  'approve-cur',
  'return-by-cur',
  'sign',
  'publish',
  'resident-comment',
  'resident-rating',
  'return-by-moderator',
  'satisfaction-timeout',
  'notify-unreadable',
  'close',
  'reopen',
  'comment',
] as const;
/** The API name of an action: `POST /api/cases/:id/actions/<name>`. */
export type ActionName = (typeof ACTION_NAMES)[number];

/**
 * Who performs an action: a staff role, `system` (jobs and channel connectors: a timer ran out, the
 * platform reported its moderation or the ЦУР decision) or `resident` (the applicant's event arriving
 * through the channel).
 */
export type ActorRole = Role | 'system' | 'resident';
export const PSEUDO_ROLE_TITLES: Record<'system' | 'resident', string> = {
  system: 'Система (задание, коннектор канала)',
  resident: 'Заявитель (событие канала)',
};

/**
 * Which executors an action admits when `executor` is among its roles: `assigned` — only the case's
 * executor (or whoever substitutes them); `recipient` — also anyone of the case's responsible
 * recipient (the department that got it).
 */
export type ExecutorScope = 'assigned' | 'recipient';

/** Timer kinds the workflows need beyond the SLA engine's `TIMER_KINDS` (to be added there). */
export const WORKFLOW_ONLY_TIMER_KINDS = ['satisfaction', 'promise'] as const;
export type WorkflowTimerKind = TimerKind | (typeof WORKFLOW_ONLY_TIMER_KINDS)[number];
export const WORKFLOW_ONLY_TIMER_KIND_TITLES: Record<(typeof WORKFLOW_ONLY_TIMER_KINDS)[number], string> = {
  satisfaction: 'Ожидание реакции заявителя',
  promise: 'Обещанный срок (промежуточный ответ)',
};

export const TIMER_OPERATIONS = ['start', 'stop', 'pause', 'resume', 'extend'] as const;
export type TimerOperation = (typeof TIMER_OPERATIONS)[number];
/**
 * What an action does to a case timer. `start` (re)starts it from the moment of the action with the
 * policy's duration (`promise`: due at the input's `promisedAt`); `stop` of a timer that is not
 * running does nothing; `extend` adds the policy's extension (59-ФЗ: once).
 */
export type TimerEffect = { operation: TimerOperation; timer: WorkflowTimerKind };

export const CASE_EVENT_NAMES = [
  'case.registered',
  'case.accepted',
  'case.rejected',
  'case.taken',
  'case.assigned',
  'case.reassigned',
  'case.forwarded',
  'case.forwarded_externally',
  'case.info_requested',
  'case.info_received',
  'case.extension_requested',
  'case.extension_approved',
  'case.extension_rejected',
  'case.interim_answered',
  'case.promise_fulfilled',
  'case.urgent_requested',
  'case.answer_drafted',
  'case.result_recorded',
  'case.returned_for_rework',
  'case.answer_approved',
  'case.answer_approved_by_cur',
  'case.returned_by_cur',
  'case.answer_signed',
  'case.answer_published',
  'case.resident_commented',
  'case.resident_rated',
  'case.returned_by_moderator',
  'case.satisfaction_expired',
  'case.unreadable_notice_sent',
  'case.closed',
  'case.reopened',
  'case.commented',
] as const;
/** What happened, for notifications, analytics and the live inbox (the server adds case, actor, time). */
export type CaseEventName = (typeof CASE_EVENT_NAMES)[number];
export const CASE_EVENT_TITLES: Record<CaseEventName, string> = {
  'case.registered': 'Обращение зарегистрировано',
  'case.accepted': 'Принято на модерации',
  'case.rejected': 'Отклонено',
  'case.taken': 'Взято в работу',
  'case.assigned': 'Назначен исполнитель или получатель',
  'case.reassigned': 'Переназначено',
  'case.forwarded': 'Перенаправлено другому получателю',
  'case.forwarded_externally': 'Направлено в другую организацию с сопроводительным письмом',
  'case.info_requested': 'У заявителя запрошено уточнение',
  'case.info_received': 'Заявитель дал уточнение',
  'case.extension_requested': 'Запрошено продление срока',
  'case.extension_approved': 'Срок продлён (уведомить заявителя)',
  'case.extension_rejected': 'В продлении отказано',
  'case.interim_answered': 'Дан промежуточный ответ с обещанным сроком',
  'case.promise_fulfilled': 'Обещание промежуточного ответа подтверждено (фото или сведения)',
  'case.urgent_requested': 'Срочный запрос исполнителю (уведомить сразу)',
  'case.answer_drafted': 'Подготовлен ответ',
  'case.result_recorded': 'Указан результат',
  'case.returned_for_rework': 'Возвращено на доработку',
  'case.answer_approved': 'Ответ согласован',
  'case.answer_approved_by_cur': 'Ответ согласован ЦУР',
  'case.returned_by_cur': 'ЦУР вернул на доработку',
  'case.answer_signed': 'Ответ подписан',
  'case.answer_published': 'Ответ опубликован (направлен заявителю)',
  'case.resident_commented': 'Комментарий заявителя',
  'case.resident_rated': 'Оценка заявителя',
  'case.returned_by_moderator': 'Модератор платформы вернул в работу',
  'case.satisfaction_expired': 'Срок ожидания реакции заявителя истёк',
  'case.unreadable_notice_sent': 'Заявителю сообщено, что текст не поддаётся прочтению',
  'case.closed': 'Завершено',
  'case.reopened': 'Возвращено в работу',
  'case.commented': 'Внутренний комментарий (упомянутым — уведомление)',
};

export const CASE_RESULTS = ['resolved', 'explained', 'not_supported'] as const;
export type CaseResult = (typeof CASE_RESULTS)[number];
export const CASE_RESULT_TITLES: Record<CaseResult, string> = {
  resolved: 'Решено',
  explained: 'Разъяснено',
  not_supported: 'Не поддержано',
};

/** A code with its Russian title: rejection and closure reasons, results. */
export type CodedOption = { code: string; title: string };

/**
 * What the engine needs to know about a case: a small projection the server builds from its row
 * (and the web from the case card). Instants are epoch milliseconds.
 */
export type CaseSnapshot = {
  state: string;
  channel: Channel;
  kind: CaseKind;
  executorId: string | null;
  recipientId: string | null;
  /** Category of the channel's rubricator, when set. */
  category: string | null;
  hasDraftAnswer: boolean;
  result: CaseResult | null;
  rating: number | null;
  isExtensionRequested: boolean;
  isExtensionUsed: boolean;
  /** An interim answer promised something by a date and no photo or information has confirmed it yet. */
  hasPendingPromise: boolean;
  /** Due time of the running `satisfaction` timer; null when none runs. */
  satisfactionDueAt: number | null;
  reopenCount: number;
  /** The moment the action is evaluated (the server's transaction time). */
  evaluatedAt: number;
};

/**
 * Who acts. The server may pass its auth context as is (`actingForUserIds`, `recipientIds` include the
 * people and recipients of those one substitutes) or precomputed flags; a flag set to true wins.
 */
export type WorkflowActor = {
  roles: readonly ActorRole[];
  userId: string | null;
  actingForUserIds?: readonly string[];
  recipientIds?: readonly string[];
  /** The actor is the case's executor or substitutes them. */
  isAssignedExecutor?: boolean;
  /** The actor belongs to the case's responsible recipient (or substitutes someone who does). */
  isRecipientMember?: boolean;
  /** The actor acts for an absent colleague («обязанности исполняет замещающий»): noted in the audit. */
  isSubstituting?: boolean;
};

/**
 * Parsed action input: each action's schema produces the subset of these fields it needs
 * (workflow-inputs.ts defines the schemas and their types).
 */
export type ActionInput = {
  executorId?: string;
  recipientId?: string;
  dueAt?: string;
  externalOrganisation?: string;
  coveringLetter?: string;
  text?: string;
  templateId?: string;
  attachmentIds?: string[];
  mentions?: string[];
  reason?: string;
  comment?: string;
  days?: number;
  promisedAt?: string;
  result?: CaseResult;
  rating?: number;
  isNegative?: boolean;
  category?: string;
  subcategory?: string;
  registrationNumber?: string;
  registeredAt?: string;
  appealType?: 'proposal' | 'statement' | 'complaint';
  isCollective?: boolean;
  isRepeat?: boolean;
  classifierCode?: string;
};

export type DraftAnswer = { text: string; templateId: string | null; attachmentIds: string[] };
export type PromiseReport = { text: string | null; attachmentIds: string[]; at: string | null };

/** Field updates the server writes with the transition (absent = unchanged). */
export type CaseChanges = {
  executorId?: string | null;
  recipientId?: string | null;
  executorDueAt?: string | null;
  category?: string;
  subcategory?: string | null;
  draftAnswer?: DraftAnswer;
  isAnswerPublished?: boolean;
  signedById?: string | null;
  result?: CaseResult | null;
  rating?: number;
  ratingComment?: string | null;
  promisedAt?: string | null;
  /** The proof that the interim answer's promise was kept: the information and the attached photos. */
  promiseReport?: PromiseReport | null;
  isExtensionRequested?: boolean;
  extensionReason?: string | null;
  extensionDays?: number | null;
  isExtensionUsed?: boolean;
  rejectionReason?: string;
  closureReason?: string | null;
  registrationNumber?: string;
  registeredAt?: string;
  appealType?: 'proposal' | 'statement' | 'complaint';
  isCollective?: boolean;
  isRepeat?: boolean;
  classifierCode?: string;
  externalOrganisation?: string;
  coveringLetter?: string;
  reopenCount?: number;
};

/** Named predicates over the snapshot (workflow-guards.ts). */
export const GUARD_NAMES = [
  'hasExecutor',
  'hasDraftAnswer',
  'isAppeal',
  'isExtensionNotUsed',
  'hasPendingExtensionRequest',
  'hasNoPendingExtensionRequest',
  'hasPendingPromise',
  'isWithinSatisfactionWindow',
  'isSatisfactionWindowOver',
] as const;
export type GuardName = (typeof GUARD_NAMES)[number];

/** Named predicates over the snapshot and the parsed input that pick a branch of an action. */
export const BRANCH_CONDITION_NAMES = ['hasExecutor', 'isLowRating', 'isExternalForward', 'isPositiveComment'] as const;
export type BranchConditionName = (typeof BRANCH_CONDITION_NAMES)[number];

/** Checks of the input against the case (answered as INVALID_INPUT with the field). */
export const INPUT_CHECK_NAMES = ['isPromisedAtInFuture', 'isDueAtInFuture', 'hasResult', 'hasCategory'] as const;
export type InputCheckName = (typeof INPUT_CHECK_NAMES)[number];

/**
 * An alternative outcome of an action: the first branch whose conditions all hold (an empty list
 * always holds) replaces the action's outcome — target, timers, events, fixed updates, reopening;
 * what the branch leaves out it does not do.
 */
export type ActionBranch = {
  when: readonly BranchConditionName[];
  to: WorkflowStateCode | 'stay';
  timers?: readonly TimerEffect[];
  events?: readonly CaseEventName[];
  /** Fixed field updates on top of the action's own (e.g. the closure reason). */
  sets?: CaseChanges;
  /** Back to work after an answer: counts a reopening, clears the result and the closure reason. */
  reopens?: boolean;
};

export type WorkflowAction = {
  name: ActionName;
  /** Russian button and timeline title (may differ per workflow, e.g. publish = «Направить ответ»). */
  title: string;
  /** The states it is offered in; `non_final` = every non-final state, `any` = every state. */
  from: readonly WorkflowStateCode[] | 'non_final' | 'any';
  /** Target state; `stay` keeps the state (the action is still recorded). */
  to: WorkflowStateCode | 'stay';
  roles: readonly ActorRole[];
  /** Only with `executor` among the roles; default `assigned`. */
  executorScope?: ExecutorScope;
  guards?: readonly GuardName[];
  inputChecks?: readonly InputCheckName[];
  input: z.ZodType<ActionInput>;
  timers?: readonly TimerEffect[];
  events: readonly CaseEventName[];
  sets?: CaseChanges;
  reopens?: boolean;
  branches?: readonly ActionBranch[];
};

export type Workflow = {
  id: string;
  title: string;
  channels: readonly Channel[];
  kinds: readonly CaseKind[];
  states: readonly WorkflowState[];
  initialState: WorkflowStateCode;
  /** Timers the SLA policy starts with the case (the shipped policies; tenants may drop some). */
  initialTimers: readonly WorkflowTimerKind[];
  /** Listed reasons: `moderate-reject` takes one of `rejectionReasons`, `close` one of `closureReasons`. */
  rejectionReasons: readonly CodedOption[];
  closureReasons: readonly CodedOption[];
  actions: readonly WorkflowAction[];
};

export const WORKFLOW_ERROR_CODES = [
  'UNKNOWN_ACTION',
  'ACTION_NOT_ALLOWED_IN_STATE',
  'ROLE_NOT_ALLOWED',
  'GUARD_FAILED',
  'INVALID_INPUT',
] as const;
export type WorkflowErrorCode = (typeof WORKFLOW_ERROR_CODES)[number];

export type ActionFailure = {
  ok: false;
  code: WorkflowErrorCode;
  /** Russian, says what to do. */
  message: string;
  /** INVALID_INPUT: the first field at fault (dotted path), and all of them. */
  field?: string;
  fields?: readonly { field: string; message: string }[];
  /** GUARD_FAILED: which guard. */
  guard?: GuardName;
};

export type ActionSuccess = {
  ok: true;
  action: ActionName;
  fromState: WorkflowStateCode;
  nextState: WorkflowStateCode;
  /** The list group and finality of the next state (the server writes `status` = group). */
  group: StateGroup;
  isFinal: boolean;
  timerEffects: readonly TimerEffect[];
  events: readonly CaseEventName[];
  changes: CaseChanges;
  input: ActionInput;
  /** Acted for an absent colleague (for the audit row). */
  isActingAsSubstitute: boolean;
};

export type ActionOutcome = ActionSuccess | ActionFailure;

export type AllowedAction = { name: ActionName; title: string };
