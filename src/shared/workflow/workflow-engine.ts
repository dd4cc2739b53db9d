import { z } from 'zod';
import type {
  ActionBranch,
  ActionFailure,
  ActionInput,
  ActionName,
  ActionOutcome,
  ActorRole,
  AllowedAction,
  CaseSnapshot,
  Workflow,
  WorkflowAction,
  WorkflowActor,
  WorkflowState,
  WorkflowStateCode,
  WorkflowTimerKind,
} from './workflow.types.js';
import { ACTION_NAMES } from './workflow.types.js';
import { ACTION_MEANINGS, buildReopenChanges } from './workflow-actions.js';
import { BRANCH_CONDITIONS, findFailedGuard, GUARDS, INPUT_CHECKS } from './workflow-guards.js';

/**
 * The pure workflow engine: which actions a person may take on a case now, and what one of them does
 * (next state, timer effects, events, field updates). No I/O, no clock (the snapshot carries the
 * moment), never throws for bad input or a case in an unknown state. Each workflow is indexed once
 * (state → action name → compiled action) on first use.
 */

type CompiledAction = {
  definition: WorkflowAction;
  roles: ReadonlySet<ActorRole>;
};

type CompiledWorkflow = {
  states: ReadonlyMap<string, WorkflowState>;
  /** Every action of the workflow with the title of its first definition. */
  actionTitles: ReadonlyMap<string, string>;
  /** Per state: the actions offered there, in definition order, and by name. */
  offered: ReadonlyMap<string, { list: readonly CompiledAction[]; byName: ReadonlyMap<string, CompiledAction> }>;
};

const RUSSIAN_ERRORS = z.locales.ru().localeError;
const compiledWorkflows = new WeakMap<Workflow, CompiledWorkflow>();

/** Thrown only for a malformed workflow definition (a programming error), never for a request. */
export class WorkflowDefinitionError extends Error {
  constructor(
    readonly workflowId: string,
    readonly problems: readonly string[],
  ) {
    super(`Процесс «${workflowId}» задан с ошибками: ${problems.join('; ')}`);
    this.name = 'WorkflowDefinitionError';
  }
}

function listSourceStates(workflow: Workflow, action: WorkflowAction): WorkflowStateCode[] {
  if (action.from === 'any') return workflow.states.map((state) => state.code);
  if (action.from === 'non_final') return workflow.states.filter((state) => !state.isFinal).map((state) => state.code);
  return [...action.from];
}

/** Problems of a definition: unknown states, two definitions of one action in one state, and the like. */
export function validateWorkflow(workflow: Workflow): string[] {
  const problems: string[] = [];
  const codes = new Set<string>();
  for (const state of workflow.states) {
    if (codes.has(state.code)) problems.push(`состояние ${state.code} задано дважды`);
    codes.add(state.code);
  }
  if (!codes.has(workflow.initialState)) problems.push(`нет начального состояния ${workflow.initialState}`);
  const explicit = new Set<string>();
  const wildcard = new Set<string>();
  for (const action of workflow.actions) {
    const label = `${action.name} (${action.title})`;
    if (!(ACTION_NAMES as readonly string[]).includes(action.name))
      problems.push(`неизвестное действие ${action.name}`);
    if (action.roles.length === 0) problems.push(`${label}: не указаны роли`);
    if (new Set(action.roles).size !== action.roles.length) problems.push(`${label}: роль указана дважды`);
    if (action.executorScope !== undefined && !action.roles.includes('executor')) {
      problems.push(`${label}: executorScope без роли executor`);
    }
    if (Array.isArray(action.from)) {
      if (action.from.length === 0) problems.push(`${label}: пустой список исходных состояний`);
      for (const code of action.from) {
        if (!codes.has(code)) problems.push(`${label}: неизвестное исходное состояние ${code}`);
        const key = `${code}|${action.name}`;
        if (explicit.has(key)) problems.push(`${label}: дважды задано в состоянии ${code}`);
        explicit.add(key);
      }
    } else {
      if (wildcard.has(action.name)) problems.push(`${label}: дважды задано для всех состояний`);
      wildcard.add(action.name);
    }
    const outcomes = [action, ...(action.branches ?? [])];
    for (const outcome of outcomes) {
      if (outcome.to !== 'stay' && !codes.has(outcome.to)) {
        problems.push(`${label}: неизвестное целевое состояние ${outcome.to}`);
      }
      const reason = outcome.sets?.closureReason;
      if (reason && !workflow.closureReasons.some((option) => option.code === reason)) {
        problems.push(`${label}: причины завершения ${reason} нет в списке процесса`);
      }
    }
  }
  return problems;
}

function compileWorkflow(workflow: Workflow): CompiledWorkflow {
  const problems = validateWorkflow(workflow);
  if (problems.length > 0) throw new WorkflowDefinitionError(workflow.id, problems);
  const states = new Map(workflow.states.map((state) => [state.code, state]));
  const offered = new Map<string, { list: CompiledAction[]; byName: Map<string, CompiledAction> }>();
  for (const state of workflow.states) offered.set(state.code, { list: [], byName: new Map() });
  // Explicit state lists first: they win over `any`/`non_final` for the same action in a state.
  const ordered = [
    ...workflow.actions.filter((action) => Array.isArray(action.from)),
    ...workflow.actions.filter((action) => !Array.isArray(action.from)),
  ];
  for (const definition of ordered) {
    const compiled: CompiledAction = { definition, roles: new Set(definition.roles) };
    for (const code of listSourceStates(workflow, definition)) {
      const slot = offered.get(code);
      if (!slot || slot.byName.has(definition.name)) continue;
      slot.byName.set(definition.name, compiled);
    }
  }
  // Keep the definition order in the lists the UI shows.
  for (const slot of offered.values()) {
    const inOrder = workflow.actions
      .map((definition) => slot.byName.get(definition.name))
      .filter((compiled): compiled is CompiledAction => compiled !== undefined);
    slot.list = [...new Set(inOrder)];
  }
  const actionTitles = new Map<string, string>();
  for (const action of workflow.actions)
    if (!actionTitles.has(action.name)) actionTitles.set(action.name, action.title);
  return { states, actionTitles, offered };
}

function compiledOf(workflow: Workflow): CompiledWorkflow {
  let compiled = compiledWorkflows.get(workflow);
  if (!compiled) {
    compiled = compileWorkflow(workflow);
    compiledWorkflows.set(workflow, compiled);
  }
  return compiled;
}

type Admission =
  | { ok: true; isActingAsExecutor: boolean; isActingAsSubstitute: boolean }
  | { ok: false; message: string };

/**
 * Staff roles admit by holding the role. `executor` admits the case's executor (by id, by substitution
 * or by the server's flag) whatever their roles — being assigned is what makes one the executor — and,
 * where the action's scope is `recipient`, anyone holding the executor role in the case's recipient.
 */
function admitActor(action: CompiledAction, snapshot: CaseSnapshot, actor: WorkflowActor): Admission {
  const isSubstituting = actor.isSubstituting === true;
  for (const role of actor.roles) {
    if (role !== 'executor' && action.roles.has(role)) {
      return { ok: true, isActingAsExecutor: false, isActingAsSubstitute: isSubstituting };
    }
  }
  if (!action.roles.has('executor')) {
    return { ok: false, message: `Действие «${action.definition.title}» недоступно вашей роли.` };
  }
  const executorId = snapshot.executorId;
  const isOwnCase = executorId !== null && actor.userId === executorId;
  const isSubstitutingExecutor = executorId !== null && (actor.actingForUserIds?.includes(executorId) ?? false);
  if (actor.isAssignedExecutor === true || isOwnCase || isSubstitutingExecutor) {
    return {
      ok: true,
      isActingAsExecutor: true,
      isActingAsSubstitute: isSubstituting || (!isOwnCase && isSubstitutingExecutor),
    };
  }
  if (action.definition.executorScope === 'recipient' && actor.roles.includes('executor')) {
    const recipientId = snapshot.recipientId;
    const isMember =
      actor.isRecipientMember === true ||
      (recipientId !== null && (actor.recipientIds?.includes(recipientId) ?? false));
    if (isMember) return { ok: true, isActingAsExecutor: true, isActingAsSubstitute: isSubstituting };
    return {
      ok: false,
      message: `Действие «${action.definition.title}» доступно исполнителю сообщения или сотруднику ответственного получателя.`,
    };
  }
  return { ok: false, message: `Действие «${action.definition.title}» доступно только назначенному исполнителю.` };
}

function fail(code: ActionFailure['code'], message: string, extra: Partial<ActionFailure> = {}): ActionFailure {
  return { ok: false, code, message, ...extra };
}

function describeState(compiled: CompiledWorkflow, code: string): string {
  return compiled.states.get(code)?.title ?? code;
}

/** The actions this person may take on the case now (each succeeds with a valid input). */
export function listAllowedActions(workflow: Workflow, snapshot: CaseSnapshot, actor: WorkflowActor): AllowedAction[] {
  const slot = compiledOf(workflow).offered.get(snapshot.state);
  if (!slot) return [];
  const allowed: AllowedAction[] = [];
  for (const action of slot.list) {
    if (!admitActor(action, snapshot, actor).ok) continue;
    if (action.definition.guards && findFailedGuard(action.definition.guards, snapshot) !== null) continue;
    allowed.push({ name: action.definition.name, title: action.definition.title });
  }
  return allowed;
}

/** True when the workflow has the action at all (in some state). */
export function hasWorkflowAction(workflow: Workflow, actionName: string): actionName is ActionName {
  return compiledOf(workflow).actionTitles.has(actionName);
}

function selectBranch(action: WorkflowAction, snapshot: CaseSnapshot, input: ActionInput): ActionBranch | null {
  for (const branch of action.branches ?? []) {
    if (branch.when.every((condition) => BRANCH_CONDITIONS[condition].test(snapshot, input))) return branch;
  }
  return null;
}

/** The dotted path of the field at fault; `body` when the body itself is not an object. */
function pathToField(path: readonly PropertyKey[]): string {
  return path.length > 0 ? path.map((part) => String(part)).join('.') : 'body';
}

/**
 * Performs an action on a snapshot: the outcome the server applies in one transaction (state, the
 * field updates, timer effects, events and one audit row), or a failure with a stable code.
 */
export function applyAction(
  workflow: Workflow,
  snapshot: CaseSnapshot,
  actor: WorkflowActor,
  actionName: string,
  input: unknown,
): ActionOutcome {
  const compiled = compiledOf(workflow);
  const actionTitle = compiled.actionTitles.get(actionName);
  if (actionTitle === undefined) {
    return fail('UNKNOWN_ACTION', `Действие «${actionName}» не предусмотрено процессом «${workflow.title}».`);
  }
  const state = compiled.states.get(snapshot.state);
  const action = compiled.offered.get(snapshot.state)?.byName.get(actionName);
  if (!state || !action) {
    return fail(
      'ACTION_NOT_ALLOWED_IN_STATE',
      `Действие «${actionTitle}» недоступно в состоянии «${describeState(compiled, snapshot.state)}».`,
    );
  }
  const definition = action.definition;
  const admission = admitActor(action, snapshot, actor);
  if (!admission.ok) return fail('ROLE_NOT_ALLOWED', admission.message);
  const failedGuard = definition.guards ? findFailedGuard(definition.guards, snapshot) : null;
  if (failedGuard !== null) return fail('GUARD_FAILED', GUARDS[failedGuard].message, { guard: failedGuard });

  const parsed = definition.input.safeParse(input ?? {}, { error: RUSSIAN_ERRORS });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => ({ field: pathToField(issue.path), message: issue.message }));
    const first = fields[0] ?? { field: '', message: 'Неверные данные действия.' };
    return fail('INVALID_INPUT', first.message, { field: first.field, fields });
  }
  const parsedInput = parsed.data;
  for (const name of definition.inputChecks ?? []) {
    const problem = INPUT_CHECKS[name].check(snapshot, parsedInput);
    if (problem) return fail('INVALID_INPUT', problem.message, { field: problem.field, fields: [problem] });
  }

  const branch = selectBranch(definition, snapshot, parsedInput);
  const to = branch ? branch.to : definition.to;
  const nextState = to === 'stay' ? state : compiled.states.get(to);
  if (!nextState) {
    // validateWorkflow rules this out; answered as a refusal rather than a throw all the same.
    return fail('ACTION_NOT_ALLOWED_IN_STATE', `Процесс не знает состояния «${to}».`);
  }
  const outcome = branch ?? definition;
  const changes = {
    ...ACTION_MEANINGS[definition.name].buildChanges({
      snapshot,
      actor,
      input: parsedInput,
      isActingAsExecutor: admission.isActingAsExecutor,
    }),
    ...(outcome.reopens === true ? buildReopenChanges(snapshot) : {}),
    ...outcome.sets,
  };
  return {
    ok: true,
    action: definition.name,
    fromState: state.code,
    nextState: nextState.code,
    group: nextState.group,
    isFinal: nextState.isFinal,
    timerEffects: outcome.timers ?? [],
    events: outcome.events ?? [],
    changes,
    input: parsedInput,
    isActingAsSubstitute: admission.isActingAsSubstitute,
  };
}

export function findWorkflowState(workflow: Workflow, code: string): WorkflowState | undefined {
  return compiledOf(workflow).states.get(code);
}

/** Every timer kind the workflow touches: started with the case or by an action. */
export function listWorkflowTimerKinds(workflow: Workflow): WorkflowTimerKind[] {
  const kinds = new Set<WorkflowTimerKind>(workflow.initialTimers);
  for (const action of workflow.actions) {
    for (const effect of action.timers ?? []) kinds.add(effect.timer);
    for (const branch of action.branches ?? []) for (const effect of branch.timers ?? []) kinds.add(effect.timer);
  }
  return [...kinds];
}
