import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { ActionName, CaseSnapshot, Workflow, WorkflowActor } from './index.js';
import {
  ACTION_NAMES,
  applyAction,
  CASE_EVENT_NAMES,
  findWorkflowState,
  hasWorkflowAction,
  listAllowedActions,
  SHIPPED_WORKFLOWS,
} from './index.js';
import {
  ACTOR_LIST,
  advanceSnapshot,
  buildSnapshot,
  DAY_MS,
  findWorkingInput,
  HOUR_MS,
  INPUT_POOL,
  simulateTimerEffects,
  startPolicyTimers,
  type TimerSimulation,
} from './test-support/workflow-simulation.js';

// Properties of every shipped workflow (issue 5, «Quality»): random action sequences by random
// actors from the initial state, and an exhaustive exploration of the reachable cases.

const UNKNOWN_NAMES = ['fly', 'delete-case'] as const;
const CANDIDATE_NAMES: readonly string[] = [...ACTION_NAMES, ...UNKNOWN_NAMES];
const REFUSALS_BEFORE_INPUT = new Set([
  'UNKNOWN_ACTION',
  'ACTION_NOT_ALLOWED_IN_STATE',
  'ROLE_NOT_ALLOWED',
  'GUARD_FAILED',
]);
const EVENT_NAMES = new Set<string>(CASE_EVENT_NAMES);

function poolOf(name: string): readonly unknown[] {
  return (ACTION_NAMES as readonly string[]).includes(name) ? INPUT_POOL[name as ActionName] : [{}];
}

/** A case of the workflow's main channel, with the timers the shipped policy starts. */
function openCase(workflow: Workflow): { snapshot: CaseSnapshot; timers: TimerSimulation } {
  const channel = workflow.id === 'appeal' ? 'letter' : (workflow.channels[0] ?? 'form');
  const snapshot = buildSnapshot(workflow, { channel });
  return { snapshot, timers: startPolicyTimers(snapshot.channel, snapshot.kind) };
}

/**
 * listAllowedActions agrees exactly with applyAction for this actor now: every listed action succeeds
 * with some valid input; every other one is refused — whatever the input — before the input is read.
 */
function assertListAgreesWithApply(workflow: Workflow, snapshot: CaseSnapshot, actor: WorkflowActor): Set<string> {
  const allowed = new Set<string>(listAllowedActions(workflow, snapshot, actor).map((action) => action.name));
  for (const name of CANDIDATE_NAMES) {
    if (allowed.has(name)) {
      assert.notEqual(
        findWorkingInput(workflow, snapshot, actor, name as ActionName),
        null,
        `${name} в «${snapshot.state}» предложено, но не выполняется ни с одним допустимым входом`,
      );
      continue;
    }
    for (const input of poolOf(name)) {
      const outcome = applyAction(workflow, snapshot, actor, name, input);
      if (outcome.ok)
        assert.fail(`${name} в «${snapshot.state}» выполнено, хотя не предложено (${actor.roles.join(',')})`);
      assert.ok(REFUSALS_BEFORE_INPUT.has(outcome.code), `${name}: ${outcome.code} вместо отказа до чтения входа`);
      if (!hasWorkflowAction(workflow, name)) assert.equal(outcome.code, 'UNKNOWN_ACTION');
    }
  }
  return allowed;
}

const stepArbitrary = fc.record({
  /** 0–1: anyone tries any name with any input (mostly refused); otherwise a valid allowed action. */
  bias: fc.integer({ min: 0, max: 9 }),
  actor: fc.nat(),
  action: fc.nat(),
  input: fc.nat(),
  clock: fc.constantFrom(0, 60_000, HOUR_MS, 3 * DAY_MS),
});
type Step = { bias: number; actor: number; action: number; input: number; clock: number };

function pick<T>(list: readonly T[], index: number): T {
  const item = list[index % list.length];
  if (item === undefined) throw new Error('пустой список');
  return item;
}

function walk(workflow: Workflow, steps: readonly Step[]): Array<{ action: string; from: string; to: string }> {
  let { snapshot, timers } = openCase(workflow);
  let successes = 0;
  const transitions: Array<{ action: string; from: string; to: string }> = [];
  for (const step of steps) {
    snapshot = { ...snapshot, evaluatedAt: snapshot.evaluatedAt + step.clock };
    // Mostly someone who can act now (so walks go deep), sometimes anyone with anything.
    const isPurposeful = step.bias >= 2;
    const capable = ACTOR_LIST.filter((candidate) => listAllowedActions(workflow, snapshot, candidate).length > 0);
    const actor = pick(isPurposeful && capable.length > 0 ? capable : ACTOR_LIST, step.actor);
    const allowed = [...assertListAgreesWithApply(workflow, snapshot, actor)];
    const name = isPurposeful && allowed.length > 0 ? pick(allowed, step.action) : pick(CANDIDATE_NAMES, step.action);
    const pool = poolOf(name);
    const working = isPurposeful ? pool.filter((input) => applyAction(workflow, snapshot, actor, name, input).ok) : [];
    const outcome = applyAction(workflow, snapshot, actor, name, pick(working.length > 0 ? working : pool, step.input));
    if (!outcome.ok) {
      const expected = allowed.includes(name) ? ['INVALID_INPUT'] : [...REFUSALS_BEFORE_INPUT];
      assert.ok(expected.includes(outcome.code), `${name}: ${outcome.code}`);
      continue;
    }
    successes += 1;
    assert.equal(outcome.fromState, snapshot.state);
    const next = findWorkflowState(workflow, outcome.nextState);
    assert.ok(next, `неизвестное состояние ${outcome.nextState}`);
    assert.equal(outcome.group, next.group);
    assert.equal(outcome.isFinal, next.isFinal);
    assert.ok(outcome.events.length > 0, `${name}: действие без события`);
    for (const event of outcome.events) assert.ok(EVENT_NAMES.has(event), event);
    timers = simulateTimerEffects(workflow, timers, outcome.timerEffects);
    assert.deepEqual(timers.violations, [], `${name} в «${snapshot.state}»`);
    transitions.push({ action: outcome.action, from: outcome.fromState, to: outcome.nextState });
    snapshot = advanceSnapshot(snapshot, outcome);
    if (outcome.isFinal) {
      assert.deepEqual([...timers.timers.keys()], [], `${name} → «${outcome.nextState}»: остались таймеры`);
    }
  }
  // One audit row per successful action, and the rows form one unbroken history.
  assert.equal(transitions.length, successes);
  for (let index = 1; index < transitions.length; index += 1) {
    assert.equal(transitions[index]?.from, transitions[index - 1]?.to);
  }
  return transitions;
}

type Configuration = { snapshot: CaseSnapshot; timers: TimerSimulation };

function keyOf({ snapshot, timers }: Configuration): string {
  const window =
    snapshot.satisfactionDueAt === null ? 'none' : snapshot.evaluatedAt >= snapshot.satisfactionDueAt ? 'over' : 'open';
  return JSON.stringify([
    snapshot.state,
    snapshot.executorId,
    snapshot.recipientId,
    snapshot.hasDraftAnswer,
    snapshot.result,
    snapshot.isExtensionRequested,
    snapshot.isExtensionUsed,
    Math.min(snapshot.reopenCount, 1),
    window,
    [...timers.timers].sort(),
  ]);
}

const CONFIGURATIONS_MAX = 60_000;

/**
 * Every configuration reachable from a new case through any actor's allowed actions (with every pool
 * input, to take every branch) and the passing of time; checks each step and returns the graph.
 */
function explore(workflow: Workflow) {
  const start = openCase(workflow);
  const seen = new Map<string, Configuration>([[keyOf(start), start]]);
  const edges = new Map<string, Set<string>>();
  const movesOn = new Set<string>();
  const queue: Configuration[] = [start];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current) break;
    const from = keyOf(current);
    const targets = new Set<string>();
    const visit = (next: Configuration): void => {
      const key = keyOf(next);
      targets.add(key);
      if (!seen.has(key)) {
        seen.set(key, next);
        queue.push(next);
      }
    };
    for (const actor of ACTOR_LIST) {
      for (const name of assertListAgreesWithApply(workflow, current.snapshot, actor)) {
        for (const input of poolOf(name)) {
          const outcome = applyAction(workflow, current.snapshot, actor, name, input);
          if (!outcome.ok) continue;
          const timers = simulateTimerEffects(workflow, current.timers, outcome.timerEffects);
          assert.deepEqual(timers.violations, [], `${name} в «${current.snapshot.state}»`);
          if (outcome.isFinal) assert.deepEqual([...timers.timers.keys()], [], `${name} → «${outcome.nextState}»`);
          if (outcome.nextState !== current.snapshot.state) movesOn.add(from);
          const snapshot = advanceSnapshot(
            { ...current.snapshot, evaluatedAt: current.snapshot.evaluatedAt + 60_000 },
            outcome,
          );
          visit({ snapshot, timers });
        }
      }
    }
    visit({ ...current, snapshot: { ...current.snapshot, evaluatedAt: current.snapshot.evaluatedAt + 3 * DAY_MS } });
    edges.set(from, targets);
    assert.ok(seen.size <= CONFIGURATIONS_MAX, `больше ${CONFIGURATIONS_MAX} конфигураций`);
  }
  return { seen, edges, movesOn };
}

for (const workflow of SHIPPED_WORKFLOWS) {
  describe(`Процесс «${workflow.title}»: свойства`, () => {
    test('случайные действия случайных людей: выполняется только предложенное, таймеры не остаются, аудит сходится', () => {
      const visited = new Set<string>();
      fc.assert(
        fc.property(fc.array(stepArbitrary, { minLength: 10, maxLength: 80, size: 'max' }), (steps) => {
          for (const transition of walk(workflow, steps)) visited.add(transition.to);
        }),
        { numRuns: 200 },
      );
      // The walks go deep: together they pass through most of the workflow's states.
      assert.equal(visited.size, workflow.states.length, `пройдено ${[...visited].join(', ')}`);
    });

    test('каждое состояние достижимо; из каждого незавершённого есть ход вперёд и путь к завершению', () => {
      const { seen, edges, movesOn } = explore(workflow);
      const reachedStates = new Set([...seen.values()].map((configuration) => configuration.snapshot.state));
      assert.deepEqual(
        workflow.states.map((state) => state.code).filter((code) => !reachedStates.has(code)),
        [],
        'недостижимые состояния',
      );
      const finals = new Set(
        [...seen]
          .filter(([, configuration]) => findWorkflowState(workflow, configuration.snapshot.state)?.isFinal)
          .map(([key]) => key),
      );
      // Backwards from the final configurations: which configurations can still end.
      const canFinish = new Set(finals);
      let grew = true;
      while (grew) {
        grew = false;
        for (const [from, targets] of edges) {
          if (canFinish.has(from)) continue;
          if ([...targets].some((target) => canFinish.has(target))) {
            canFinish.add(from);
            grew = true;
          }
        }
      }
      for (const [key, configuration] of seen) {
        if (findWorkflowState(workflow, configuration.snapshot.state)?.isFinal) continue;
        assert.ok(movesOn.has(key), `из «${configuration.snapshot.state}» нет хода вперёд: ${key}`);
        assert.ok(canFinish.has(key), `из «${configuration.snapshot.state}» не дойти до завершения: ${key}`);
      }
    });
  });
}

test('мусорный вход и чужие состояния никогда не приводят к исключению', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...SHIPPED_WORKFLOWS),
      fc.oneof(fc.constantFrom(...CANDIDATE_NAMES), fc.string()),
      fc.oneof(fc.constantFrom('new', 'assigned', 'awaiting_resident', 'closed', 'received'), fc.string()),
      fc.anything(),
      fc.nat(),
      (workflow, name, state, input, actorIndex) => {
        const snapshot = buildSnapshot(workflow, { state, executorId: null });
        const outcome = applyAction(workflow, snapshot, pick(ACTOR_LIST, actorIndex), name, input);
        assert.equal(typeof outcome.ok, 'boolean');
        if (!outcome.ok) assert.ok(outcome.message.length > 0);
      },
    ),
    { numRuns: 2_000 },
  );
});
