import type { CaseStatus } from '../channels.js';
import type { Role } from '../roles.js';
import type { ActionName, ActorRole, CaseEventName, Workflow, WorkflowAction } from '../workflow/index.js';
import { SHIPPED_WORKFLOWS } from '../workflow/index.js';

/**
 * Inbox queues (issue 5, «The workspace»): each is a definition over the workflow data — which states
 * of which workflows, and whose cases — derived from what the caller's roles may do in those states,
 * not from `if`s per role. The server turns a definition into SQL (inbox.repository.ts); the web shows
 * the titles. Semantics: docs/inbox.md.
 */
export const INBOX_QUEUES = [
  'new',
  'mine',
  'approval',
  'due_today',
  'overdue',
  'returned',
  'awaiting_resident',
  'all',
] as const;
export type InboxQueue = (typeof INBOX_QUEUES)[number];

export const INBOX_QUEUE_TITLES: Record<InboxQueue, string> = {
  new: 'Новые',
  mine: 'Мои',
  approval: 'Ждут моего согласования',
  due_today: 'Срок сегодня',
  overdue: 'Просрочено',
  returned: 'Возвращены мне',
  awaiting_resident: 'Ждут заявителя',
  all: 'Все',
};

export const INBOX_QUEUE_HINTS: Record<InboxQueue, string> = {
  new: 'Ещё не взяты в работу: состояния, в которых ваша роль может взять, принять или зарегистрировать',
  mine: 'Взяты вами в работу или назначены вам (и тем, кого вы замещаете)',
  approval: 'Ответы в состояниях, где ваша роль согласует или подписывает',
  due_today: 'Срок ответа истекает сегодня',
  overdue: 'Срок ответа прошёл, ответ ещё не дан',
  returned: 'Вернулись к вам: на доработку, от ЦУР, от модератора или заявителя',
  awaiting_resident: 'Ждут уточнения или реакции заявителя',
  all: 'Всё, что вам видно',
};

/**
 * A search of the archive («Все») is ranked by relevance only while it matches at most this many cases
 * (the work queues hold open cases only and rank all their matches): ranking
 * reads every match's text vector from the table (a random page read each), so a frequent word over a
 * whole archive (tens of thousands of matches) took hundreds of milliseconds. Past the bound the page
 * comes in the queue's own order (newest first, or by due time) and says so (the page's `sort`);
 * narrowing the search or the filters brings the ranking back. docs/inbox.md, «Поиск».
 */
export const RANKED_MATCHES_LIMIT = 1000;

/** How a queue's rows are ordered (the keyset cursor follows this key, then the id). */
export type InboxSort = 'received' | 'due' | 'rank';

/** A workflow state a queue takes: the pair the server matches against `cases.workflow_id, cases.state`. */
export type WorkflowStateRef = { workflowId: string; state: string };

/**
 * A queue as data: `states` limits to these workflow states (absent = any non-final state); `person`
 * limits to cases of the caller (executor or the one who took it); `isReturned` to cases whose last
 * state change emitted a return event (RETURN_EVENTS; the action service keeps `cases.returned_at`);
 * `due` to open cases due today or overdue.
 */
export type InboxQueueDefinition = {
  queue: InboxQueue;
  states?: WorkflowStateRef[];
  person?: 'executor_or_taker';
  isReturned?: boolean;
  due?: 'today' | 'overdue';
  sort: InboxSort;
};

/** Groups whose states are all final in every shipped workflow: the inbox's work queues never show them. */
export const FINAL_GROUPS: readonly CaseStatus[] = deriveFinalGroups(SHIPPED_WORKFLOWS);
/** Groups still waiting for the administration (the due-time queues): the same set the overview counts. */
export const OPEN_GROUPS: readonly CaseStatus[] = ['new', 'moderation', 'in_work', 'answer_review'];

/** Actions that take a case in (the «new» queue is where one's roles may do one of these or start working). */
const INTAKE_GROUPS: readonly CaseStatus[] = ['new', 'moderation'];
/** Actions that approve or sign an answer («ждут моего согласования»). */
const APPROVAL_ACTIONS: readonly ActionName[] = ['approve', 'approve-cur', 'sign'];
/**
 * Events that mean «the case came back to work» («возвращены мне»): a transition emitting one sets
 * `cases.returned_at`, any other change of state clears it.
 */
export const RETURN_EVENTS: readonly CaseEventName[] = [
  'case.returned_for_rework',
  'case.returned_by_cur',
  'case.returned_by_moderator',
  'case.reopened',
];

/** Events that make the acting person the one who took the case in («Мои»): `cases.taken_by_id`. */
export const TAKE_EVENTS: readonly CaseEventName[] = ['case.taken', 'case.accepted', 'case.registered'];

function deriveFinalGroups(workflows: readonly Workflow[]): CaseStatus[] {
  const groups = new Map<CaseStatus, boolean>();
  for (const workflow of workflows) {
    for (const state of workflow.states) groups.set(state.group, (groups.get(state.group) ?? true) && state.isFinal);
  }
  return [...groups].filter(([, isFinal]) => isFinal).map(([group]) => group);
}

function listsState(action: WorkflowAction, state: string): boolean {
  return Array.isArray(action.from) && (action.from as readonly string[]).includes(state);
}

function isStaffAction(action: WorkflowAction, roles: readonly ActorRole[]): boolean {
  return action.roles.some((role) => roles.includes(role));
}

/**
 * The roles a caller's queues are derived with: their own roles that act in some workflow; a reader
 * with no working role (the head, an administrator) sees the queues of every staff role (read only).
 */
export function queueRolesOf(roles: readonly Role[], workflows: readonly Workflow[] = SHIPPED_WORKFLOWS): ActorRole[] {
  const acting = new Set<ActorRole>();
  for (const workflow of workflows) {
    for (const action of workflow.actions) {
      if (action.name === 'comment') continue;
      for (const role of action.roles) if (role !== 'system' && role !== 'resident') acting.add(role);
    }
  }
  const own = roles.filter((role) => acting.has(role));
  return own.length > 0 ? own : [...acting];
}

/** Every workflow state where one of `roles` may perform an explicitly listed action matching `accept`. */
function statesWhere(
  workflows: readonly Workflow[],
  accept: (action: WorkflowAction, state: string, workflow: Workflow) => boolean,
): WorkflowStateRef[] {
  const found: WorkflowStateRef[] = [];
  for (const workflow of workflows) {
    for (const state of workflow.states) {
      if (state.isFinal) continue;
      if (workflow.actions.some((action) => listsState(action, state.code) && accept(action, state.code, workflow))) {
        found.push({ workflowId: workflow.id, state: state.code });
      }
    }
  }
  return found;
}

/** The definitions of every queue for a caller with these roles. */
export function defineInboxQueues(
  roles: readonly Role[],
  workflows: readonly Workflow[] = SHIPPED_WORKFLOWS,
): Record<InboxQueue, InboxQueueDefinition> {
  const queueRoles = queueRolesOf(roles, workflows);
  return {
    new: {
      queue: 'new',
      states: statesWhere(workflows, (action, state, workflow) => {
        const group = workflow.states.find((item) => item.code === state)?.group;
        return group !== undefined && INTAKE_GROUPS.includes(group) && isStaffAction(action, queueRoles);
      }),
      sort: 'received',
    },
    mine: { queue: 'mine', person: 'executor_or_taker', sort: 'received' },
    approval: {
      queue: 'approval',
      states: statesWhere(
        workflows,
        (action) => APPROVAL_ACTIONS.includes(action.name) && isStaffAction(action, queueRoles),
      ),
      sort: 'received',
    },
    due_today: { queue: 'due_today', due: 'today', sort: 'due' },
    overdue: { queue: 'overdue', due: 'overdue', sort: 'due' },
    returned: { queue: 'returned', person: 'executor_or_taker', isReturned: true, sort: 'received' },
    awaiting_resident: {
      queue: 'awaiting_resident',
      // A state waits for the resident when the resident's own event (through the channel) moves it on.
      states: statesWhere(workflows, (action) => action.roles.includes('resident') && action.to !== 'stay'),
      sort: 'received',
    },
    all: { queue: 'all', sort: 'received' },
  };
}
