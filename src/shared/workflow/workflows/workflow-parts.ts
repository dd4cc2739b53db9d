import type {
  ActionBranch,
  ActorRole,
  BranchConditionName,
  CaseEventName,
  TimerEffect,
  WorkflowAction,
  WorkflowStateCode,
  WorkflowTimerKind,
} from '../workflow.types.js';
import {
  AssignInputSchema,
  CommentInputSchema,
  ForwardInputSchema,
  FulfilPromiseInputSchema,
  ResidentCommentInputSchema,
} from '../workflow-inputs.js';

/** Pieces the shipped workflows share: role groups, timer effects, the ever-present actions. */

/** Roles that work on cases (the head reads; administrators keep the system). */
export const CASE_STAFF: readonly ActorRole[] = [
  'manager',
  'curator',
  'coordinator_im',
  'coordinator_pos',
  'block_leader',
  'block_member',
  'cur_curator',
  'executor',
];

export function startTimers(...timers: WorkflowTimerKind[]): TimerEffect[] {
  return timers.map((timer) => ({ operation: 'start', timer }));
}
export function stopTimers(...timers: WorkflowTimerKind[]): TimerEffect[] {
  return timers.map((timer) => ({ operation: 'stop', timer }));
}
export function pauseTimers(...timers: WorkflowTimerKind[]): TimerEffect[] {
  return timers.map((timer) => ({ operation: 'pause', timer }));
}
export function resumeTimers(...timers: WorkflowTimerKind[]): TimerEffect[] {
  return timers.map((timer) => ({ operation: 'resume', timer }));
}
export function extendTimers(...timers: WorkflowTimerKind[]): TimerEffect[] {
  return timers.map((timer) => ({ operation: 'extend', timer }));
}

/** Internal comment with @mentions: everyone who works on cases, in every state. */
export const COMMENT_ACTION: WorkflowAction = {
  name: 'comment',
  title: 'Внутренний комментарий',
  from: 'any',
  to: 'stay',
  roles: CASE_STAFF,
  executorScope: 'recipient',
  input: CommentInputSchema,
  events: ['case.commented'],
};

/**
 * A resident's comment arriving through the channel is recorded in every state where it changes
 * nothing else; workflows with a satisfaction window define it explicitly there (reopens).
 */
export const RESIDENT_COMMENT_RECORDED: WorkflowAction = {
  name: 'resident-comment',
  title: 'Комментарий заявителя',
  from: 'any',
  to: 'stay',
  roles: ['resident'],
  input: ResidentCommentInputSchema,
  events: ['case.resident_commented'],
};

/**
 * The executor's branch of an action that goes back to work: to the executor when there is one
 * («возвращено мне»); the action's own target (`in_work`, the coordinator's queue) otherwise.
 */
export function buildBackToExecutorBranch(
  timers: readonly TimerEffect[],
  events: readonly CaseEventName[],
  reopens: boolean,
): ActionBranch {
  return { when: ['hasExecutor'], to: 'assigned', timers, events, reopens };
}

/** Reopening branches under a condition (e.g. a low rating): to the executor if any, else to the queue. */
export function buildReopenBranches(
  when: readonly [BranchConditionName, ...BranchConditionName[]],
  timers: readonly TimerEffect[],
  events: readonly CaseEventName[],
): ActionBranch[] {
  return [
    { when: [...when, 'hasExecutor'], to: 'assigned', timers, events, reopens: true },
    { when, to: 'in_work', timers, events, reopens: true },
  ];
}

/**
 * Control of an interim answer's promise («фото или информация к сроку»): whoever may give the interim
 * answer confirms it was kept with a photo attached to the case or with information in words; the
 * `promise` timer stops. Offered only while a promise waits for its proof.
 */
export function buildFulfilPromiseAction(
  from: readonly WorkflowStateCode[],
  roles: readonly ActorRole[],
): WorkflowAction {
  return {
    name: 'fulfil-promise',
    title: 'Подтвердить выполнение обещания (фото или сведения)',
    from,
    to: 'stay',
    roles,
    guards: ['hasPendingPromise'],
    input: FulfilPromiseInputSchema,
    timers: stopTimers('promise'),
    events: ['case.promise_fulfilled'],
  };
}

interface AssignmentActionOptions {
  title?: string;
  from: readonly WorkflowStateCode[];
  roles: readonly ActorRole[];
  /** Executors act within their recipient's cases (reassigning inside their department). */
  isExecutorScoped?: boolean;
  timers?: readonly TimerEffect[];
}

/** Pass the case to an executor with a due time («назначить исполнителя»). */
export function buildAssignAction(
  to: WorkflowStateCode,
  { title = 'Назначить исполнителя', from, roles, isExecutorScoped = false, timers }: AssignmentActionOptions,
): WorkflowAction {
  return {
    name: 'assign',
    title,
    from,
    to,
    roles,
    ...(isExecutorScoped ? { executorScope: 'recipient' as const } : {}),
    input: AssignInputSchema,
    inputChecks: ['isDueAtInFuture'],
    ...(timers ? { timers } : {}),
    events: ['case.assigned'],
  };
}

/** Another executor or due time for a case already assigned; the state stays. */
export function buildReassignAction({
  title = 'Переназначить',
  from,
  roles,
  isExecutorScoped = false,
}: AssignmentActionOptions): WorkflowAction {
  return {
    name: 'reassign',
    title,
    from,
    to: 'stay',
    roles,
    ...(isExecutorScoped ? { executorScope: 'recipient' as const } : {}),
    input: AssignInputSchema,
    inputChecks: ['isDueAtInFuture'],
    events: ['case.reassigned'],
  };
}

/**
 * «Перенаправить по компетенции»: inside the tenant the case goes to another recipient and stays open;
 * outside it (another body) it leaves as `forwarded` and every timer stops.
 */
export function buildForwardAction(
  to: WorkflowStateCode,
  {
    from,
    roles,
    timers,
    allTimers,
  }: {
    from: readonly WorkflowStateCode[];
    roles: readonly ActorRole[];
    timers?: readonly TimerEffect[];
    allTimers: readonly WorkflowTimerKind[];
  },
): WorkflowAction {
  return {
    name: 'forward',
    title: 'Перенаправить по компетенции',
    from,
    to,
    roles,
    executorScope: 'recipient',
    input: ForwardInputSchema,
    ...(timers ? { timers } : {}),
    events: ['case.forwarded'],
    branches: [
      {
        when: ['isExternalForward'],
        to: 'forwarded',
        timers: stopTimers(...allTimers),
        events: ['case.forwarded_externally'],
      },
    ],
  };
}
