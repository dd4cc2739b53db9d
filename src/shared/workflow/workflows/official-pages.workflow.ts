import type { ActorRole, CodedOption, Workflow, WorkflowTimerKind } from '../workflow.types.js';
import {
  createPublishInputSchema,
  createRejectInputSchema,
  DraftAnswerInputSchema,
  EmptyInputSchema,
  OptionalReasonInputSchema,
  REJECTION_REASONS,
  ReasonInputSchema,
  UrgentRequestInputSchema,
} from '../workflow-inputs.js';
import {
  buildAssignAction,
  buildForwardAction,
  buildReassignAction,
  COMMENT_ACTION,
  RESIDENT_COMMENT_RECORDED,
  startTimers,
  stopTimers,
} from './workflow-parts.js';

/**
 * Comments to the head's and the governor's pages (PRODUCT.md §1; Тяжинский regulation §5.3): urgent,
 * every day; sent by competence to the head of a department, who has the answer prepared; the deputy
 * head curating the area approves it, the head signs it, and the signed answer goes out the same day
 * by 18:00.
 */
/** The regulation's «ответственный за работу в социальных сетях» — the ИМ coordinator's area. */
const COORDINATORS: readonly ActorRole[] = ['coordinator_im', 'manager'];
/** Deputy heads: the leader of the thematic block, or the МЦУ curator. */
const APPROVERS: readonly ActorRole[] = ['block_leader', 'curator'];
/** The head signs; the curator (deputy head) signs when authorised or substituting. */
const SIGNERS: readonly ActorRole[] = ['head', 'curator'];
const ALL_TIMERS: WorkflowTimerKind[] = ['answer'];

export const OFFICIAL_PAGES_CLOSURE_REASONS: readonly CodedOption[] = [
  { code: 'answer_sent', title: 'Подписанный ответ направлен' },
];

export const OFFICIAL_PAGES_WORKFLOW: Workflow = {
  id: 'official_pages',
  title: 'Страницы главы и губернатора',
  channels: ['official_pages'],
  kinds: ['message'],
  initialState: 'new',
  initialTimers: ['answer'],
  rejectionReasons: REJECTION_REASONS,
  closureReasons: OFFICIAL_PAGES_CLOSURE_REASONS,
  states: [
    { code: 'new', title: 'Новое (срочное)', group: 'new', isFinal: false },
    { code: 'assigned', title: 'В подразделении, готовится ответ', group: 'in_work', isFinal: false },
    { code: 'answer_review', title: 'На согласовании у заместителя главы', group: 'answer_review', isFinal: false },
    { code: 'signing', title: 'На подписи у главы', group: 'answer_review', isFinal: false },
    { code: 'signed', title: 'Подписан, ждёт направления', group: 'answer_review', isFinal: false },
    { code: 'closed', title: 'Ответ направлен', group: 'closed', isFinal: true },
    { code: 'rejected', title: 'Отклонено', group: 'rejected', isFinal: true },
    { code: 'forwarded', title: 'Передано в другую организацию', group: 'closed', isFinal: true },
  ],
  actions: [
    buildAssignAction('assigned', {
      title: 'Направить по компетенции в подразделение',
      from: ['new'],
      roles: COORDINATORS,
    }),
    {
      name: 'moderate-reject',
      title: 'Отклонить',
      from: ['new'],
      to: 'rejected',
      roles: COORDINATORS,
      input: createRejectInputSchema(REJECTION_REASONS),
      timers: stopTimers(...ALL_TIMERS),
      events: ['case.rejected'],
    },
    buildForwardAction('assigned', {
      from: ['new', 'assigned'],
      roles: [...COORDINATORS, 'executor'],
      allTimers: ALL_TIMERS,
    }),
    buildReassignAction({
      title: 'Назначить исполнителя в подразделении',
      from: ['assigned'],
      roles: [...COORDINATORS, 'executor'],
      isExecutorScoped: true,
    }),
    {
      name: 'urgent-request',
      title: 'Срочный запрос исполнителю',
      from: ['assigned'],
      to: 'stay',
      roles: COORDINATORS,
      guards: ['hasExecutor'],
      input: UrgentRequestInputSchema,
      inputChecks: ['isDueAtInFuture'],
      events: ['case.urgent_requested'],
    },
    {
      name: 'draft-answer',
      title: 'Отправить ответ на согласование',
      from: ['assigned'],
      to: 'answer_review',
      roles: [...COORDINATORS, 'executor'],
      executorScope: 'recipient',
      input: DraftAnswerInputSchema,
      events: ['case.answer_drafted'],
    },
    {
      name: 'draft-answer',
      title: 'Исправить ответ',
      from: ['answer_review'],
      to: 'stay',
      roles: APPROVERS,
      input: DraftAnswerInputSchema,
      events: ['case.answer_drafted'],
    },
    {
      name: 'return-for-rework',
      title: 'Вернуть на доработку',
      from: ['answer_review', 'signing'],
      to: 'assigned',
      roles: [...new Set([...APPROVERS, ...SIGNERS])],
      input: ReasonInputSchema,
      events: ['case.returned_for_rework'],
    },
    {
      name: 'approve',
      title: 'Согласовать и передать на подпись',
      from: ['answer_review'],
      to: 'signing',
      roles: APPROVERS,
      guards: ['hasDraftAnswer'],
      input: EmptyInputSchema,
      events: ['case.answer_approved'],
    },
    {
      name: 'sign',
      title: 'Подписать ответ',
      from: ['signing'],
      to: 'signed',
      roles: SIGNERS,
      guards: ['hasDraftAnswer'],
      input: EmptyInputSchema,
      events: ['case.answer_signed'],
    },
    {
      name: 'publish',
      title: 'Направить подписанный ответ',
      from: ['signed'],
      to: 'closed',
      roles: [...COORDINATORS, 'executor', 'system'],
      guards: ['hasDraftAnswer'],
      input: createPublishInputSchema(['resolved', 'explained', 'not_supported']),
      timers: stopTimers(...ALL_TIMERS),
      events: ['case.answer_published', 'case.closed'],
      sets: { closureReason: 'answer_sent' },
    },
    {
      name: 'reopen',
      title: 'Вернуть в работу',
      from: ['closed'],
      to: 'assigned',
      roles: COORDINATORS,
      input: OptionalReasonInputSchema,
      timers: startTimers('answer'),
      events: ['case.reopened'],
      reopens: true,
    },
    {
      name: 'reopen',
      title: 'Вернуть в работу',
      from: ['rejected'],
      to: 'new',
      roles: COORDINATORS,
      input: OptionalReasonInputSchema,
      timers: startTimers('answer'),
      events: ['case.reopened'],
      reopens: true,
    },
    RESIDENT_COMMENT_RECORDED,
    COMMENT_ACTION,
  ],
};
