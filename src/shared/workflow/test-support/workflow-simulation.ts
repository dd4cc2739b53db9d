import type { CaseKind, Channel } from '../../channels.js';
import { DEFAULT_SLA_POLICIES, selectPolicy } from '../../sla/sla-policy.js';
import type {
  ActionName,
  ActionSuccess,
  CaseSnapshot,
  TimerEffect,
  Workflow,
  WorkflowActor,
  WorkflowTimerKind,
} from '../workflow.types.js';
import { applyAction, listWorkflowTimerKinds } from '../workflow-engine.js';

/**
 * Test helpers: snapshots, actors, a pool of action inputs, and a simulation of what the server does
 * with an outcome (writes the changes, applies the timer effects) — shared by the unit and property
 * tests of the workflows.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** The satisfaction window the simulation gives a started `satisfaction` timer (ИМ: 2 working days). */
export const SATISFACTION_WINDOW_MS = 2 * DAY_MS;
export const START_MOMENT = Date.UTC(2025, 2, 3, 7, 0);

export const RECIPIENT_A_ID = '0b6f0000-0000-4000-8000-00000000000a';
export const RECIPIENT_B_ID = '0b6f0000-0000-4000-8000-00000000000b';
export const EXECUTOR_A_ID = '0e6f0000-0000-4000-8000-00000000000a';
export const EXECUTOR_B_ID = '0e6f0000-0000-4000-8000-00000000000b';
export const SUBSTITUTE_ID = '05b50000-0000-4000-8000-000000000001';
export const ATTACHMENT_ID = '0a770000-0000-4000-8000-000000000001';
export const TEMPLATE_ID = '07e70000-0000-4000-8000-000000000001';

export function buildSnapshot(workflow: Workflow, overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  const channel = workflow.channels[0] ?? 'form';
  const kind = workflow.kinds[0] ?? 'message';
  return {
    state: workflow.initialState,
    channel,
    kind,
    executorId: null,
    recipientId: null,
    category: null,
    hasDraftAnswer: false,
    result: null,
    rating: null,
    isExtensionRequested: false,
    isExtensionUsed: false,
    hasPendingPromise: false,
    satisfactionDueAt: null,
    reopenCount: 0,
    evaluatedAt: START_MOMENT,
    ...overrides,
  };
}

let staffCount = 0;
function staff(role: WorkflowActor['roles'][number]): WorkflowActor {
  staffCount += 1;
  return { roles: [role], userId: `5fa00000-0000-4000-8000-${staffCount.toString().padStart(12, '0')}` };
}

export const ACTORS = {
  manager: staff('manager'),
  curator: staff('curator'),
  coordinatorIm: staff('coordinator_im'),
  coordinatorPos: staff('coordinator_pos'),
  blockLeader: staff('block_leader'),
  blockMember: staff('block_member'),
  curCurator: staff('cur_curator'),
  head: staff('head'),
  admin: staff('admin'),
  sysadmin: staff('sysadmin'),
  executorA: { roles: ['executor'], userId: EXECUTOR_A_ID, recipientIds: [RECIPIENT_A_ID] },
  executorB: { roles: ['executor'], userId: EXECUTOR_B_ID, recipientIds: [RECIPIENT_B_ID] },
  substituteOfA: {
    roles: ['executor'],
    userId: SUBSTITUTE_ID,
    actingForUserIds: [EXECUTOR_A_ID],
    recipientIds: [RECIPIENT_A_ID],
    isSubstituting: true,
  },
  coordinatorAndExecutor: { roles: ['coordinator_im', 'coordinator_pos', 'executor'], userId: EXECUTOR_B_ID },
  system: { roles: ['system'], userId: null },
  resident: { roles: ['resident'], userId: null },
} satisfies Record<string, WorkflowActor>;
export const ACTOR_LIST: readonly WorkflowActor[] = Object.values(ACTORS);

const FUTURE = '2031-06-01T09:00:00+03:00';
const PAST = '2020-06-01T09:00:00+03:00';

/**
 * Candidate inputs per action: each is valid for at least one workflow (listed reasons and results
 * differ per channel), plus some invalid ones.
 */
export const INPUT_POOL: Record<ActionName, readonly unknown[]> = {
  register: [
    { registrationNumber: '01-123/2025' },
    { registrationNumber: '' },
    { registrationNumber: 'Ж-7', appealType: 'complaint', isCollective: true, classifierCode: '0005.0005.0056.1160' },
    {},
  ],
  'moderate-accept': [{}],
  'moderate-reject': [
    { reason: 'spam' },
    { reason: 'Не относится к компетенции муниципалитета' },
    { reason: 'просто так' },
  ],
  take: [{}, { category: 'Дороги', subcategory: 'Ямы' }],
  assign: [
    { executorId: EXECUTOR_A_ID },
    { recipientId: RECIPIENT_A_ID },
    { executorId: EXECUTOR_B_ID, recipientId: RECIPIENT_B_ID, dueAt: FUTURE },
    {},
    { executorId: 'не uuid' },
  ],
  reassign: [
    { executorId: EXECUTOR_B_ID },
    { recipientId: RECIPIENT_B_ID },
    { executorId: EXECUTOR_A_ID, dueAt: PAST },
  ],
  forward: [
    { recipientId: RECIPIENT_B_ID },
    { externalOrganisation: 'Прокуратура района', coveringLetter: 'Направляем по компетенции.' },
    { externalOrganisation: 'Прокуратура района' },
  ],
  'request-info': [{ text: 'Уточните, пожалуйста, номер дома.' }, {}],
  'request-extension': [
    { reason: 'Нужен ответ подрядчика', days: 30 },
    { reason: 'Запрос в другой орган' },
    { days: 31 },
  ],
  'approve-extension': [{}, { days: 20, comment: 'Согласовано' }],
  'reject-extension': [{ reason: 'Оснований нет' }, {}],
  'interim-answer': [
    { text: 'Работы включены в план, выполним до указанной даты.', promisedAt: FUTURE },
    { text: 'Обещаем вчера', promisedAt: PAST },
  ],
  'fulfil-promise': [
    { attachmentIds: [ATTACHMENT_ID] },
    { text: 'Бригада заменила трубу, давление восстановлено.' },
    { text: '  ' },
    {},
  ],
  'urgent-request': [{ reason: 'Поручение главы' }, {}, { reason: 'Срочно', dueAt: PAST }],
  'draft-answer': [
    { text: 'Яма заделана 12.03, фото прилагаем.', attachmentIds: [ATTACHMENT_ID], templateId: TEMPLATE_ID },
    { text: '   ' },
  ],
  'record-result': [{ result: 'resolved' }, { result: 'Разъяснено' }, { result: 'not_supported' }],
  'return-for-rework': [{ reason: 'Нет фотографий выполненных работ' }, {}],
  approve: [{}],
  'approve-cur': [{}],
  'return-by-cur': [{ reason: 'Ответ не по существу' }],
  sign: [{}],
  publish: [{}, { result: 'resolved' }, { result: 'explained' }, { result: 'not_supported' }, { result: 'maybe' }],
  'resident-comment': [{ text: 'Ничего не сделано!' }, { text: 'Спасибо, всё сделали', isNegative: false }, {}],
  'resident-rating': [{ rating: 5 }, { rating: 2, comment: 'Отписка' }, { rating: 7 }],
  'return-by-moderator': [{ reason: 'Ответ не соответствует вопросу' }],
  'satisfaction-timeout': [{}],
  'notify-unreadable': [{}, { text: 'Текст обращения не поддаётся прочтению.' }],
  close: [
    { reason: 'author_satisfied' },
    { reason: 'Автор недоволен' },
    { reason: 'closed_on_platform' },
    { reason: 'answer_sent' },
    { reason: 'withdrawn' },
    { reason: 'no_clarification' },
    { reason: 'resident_confirmed' },
    { reason: 'unknown_reason' },
  ],
  reopen: [{ reason: 'Повторная жалоба заявителя' }, {}, { reason: 42 }],
  comment: [{ text: '@Иванов посмотрите, пожалуйста', mentions: [EXECUTOR_A_ID] }, { text: '' }],
};

/** Timer states as the server would hold them; `violations` names effects that make no sense. */
export type TimerSimulation = { timers: Map<WorkflowTimerKind, 'running' | 'paused'>; violations: string[] };

/** The timers the shipped SLA policy starts for a case of this workflow. */
export function startPolicyTimers(channel: Channel, kind: CaseKind, isFastTrack = false): TimerSimulation {
  const policy = selectPolicy(DEFAULT_SLA_POLICIES, { channel, kind, category: null, isFastTrack });
  return { timers: new Map(policy.timers.map((timer) => [timer.kind, 'running'])), violations: [] };
}

export function simulateTimerEffects(
  workflow: Workflow,
  simulation: TimerSimulation,
  effects: readonly TimerEffect[],
): TimerSimulation {
  const timers = new Map(simulation.timers);
  const violations = [...simulation.violations];
  const known = new Set(listWorkflowTimerKinds(workflow));
  for (const { operation, timer } of effects) {
    const current = timers.get(timer);
    if (!known.has(timer)) violations.push(`${operation} неизвестного процессу таймера ${timer}`);
    switch (operation) {
      case 'start':
        timers.set(timer, 'running');
        break;
      case 'stop':
        timers.delete(timer);
        break;
      case 'pause':
        if (current !== 'running') violations.push(`pause ${timer}: таймер не идёт`);
        else timers.set(timer, 'paused');
        break;
      case 'resume':
        if (current !== 'paused') violations.push(`resume ${timer}: таймер не на паузе`);
        else timers.set(timer, 'running');
        break;
      case 'extend':
        if (current === undefined) violations.push(`extend ${timer}: таймер не идёт`);
        break;
    }
  }
  return { timers, violations };
}

/** What the server writes after a successful action, projected back onto the snapshot. */
export function advanceSnapshot(snapshot: CaseSnapshot, outcome: ActionSuccess): CaseSnapshot {
  const { changes } = outcome;
  const next: CaseSnapshot = { ...snapshot, state: outcome.nextState };
  if (changes.executorId !== undefined) next.executorId = changes.executorId;
  if (changes.recipientId !== undefined) next.recipientId = changes.recipientId;
  if (changes.category !== undefined) next.category = changes.category;
  if (changes.draftAnswer !== undefined) next.hasDraftAnswer = true;
  if (changes.result !== undefined) next.result = changes.result;
  if (changes.rating !== undefined) next.rating = changes.rating;
  if (changes.isExtensionRequested !== undefined) next.isExtensionRequested = changes.isExtensionRequested;
  if (changes.isExtensionUsed !== undefined) next.isExtensionUsed = changes.isExtensionUsed;
  if (changes.reopenCount !== undefined) next.reopenCount = changes.reopenCount;
  if (changes.promiseReport !== undefined) next.hasPendingPromise = changes.promiseReport === null;
  for (const effect of outcome.timerEffects) {
    if (effect.timer !== 'satisfaction') continue;
    if (effect.operation === 'start') next.satisfactionDueAt = snapshot.evaluatedAt + SATISFACTION_WINDOW_MS;
    if (effect.operation === 'stop') next.satisfactionDueAt = null;
  }
  return next;
}

/** The first pool input this actor's action succeeds with, or null. */
export function findWorkingInput(
  workflow: Workflow,
  snapshot: CaseSnapshot,
  actor: WorkflowActor,
  name: ActionName,
): unknown | null {
  for (const input of INPUT_POOL[name]) {
    if (applyAction(workflow, snapshot, actor, name, input).ok) return input;
  }
  return null;
}
