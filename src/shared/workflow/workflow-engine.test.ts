import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CASE_STATUSES, CHANNELS } from '../channels.js';
import { DEFAULT_SLA_POLICIES, selectPolicy } from '../sla/sla-policy.js';
import type { ActionOutcome, CaseSnapshot, GuardName, Workflow } from './index.js';
import {
  ACTION_NAMES,
  APPEAL_WORKFLOW,
  applyAction,
  findCoverageProblems,
  findWorkflow,
  GUARD_NAMES,
  GUARDS,
  IM_WORKFLOW,
  listAllowedActions,
  listWorkflowTimerKinds,
  MESSAGE_WORKFLOW,
  OFFICIAL_PAGES_WORKFLOW,
  POS_WORKFLOW,
  REGIONAL_WORKFLOW,
  SHIPPED_WORKFLOWS,
  validateWorkflow,
  WORKFLOW_STATE_CODES,
} from './index.js';
import {
  ACTORS,
  buildSnapshot,
  EXECUTOR_A_ID,
  EXECUTOR_B_ID,
  RECIPIENT_A_ID,
  RECIPIENT_B_ID,
  START_MOMENT,
} from './test-support/workflow-simulation.js';

function failureOf(outcome: ActionOutcome): { code: string; field?: string; guard?: string; message: string } {
  if (outcome.ok) assert.fail(`ожидался отказ, а действие выполнено: ${outcome.action} → ${outcome.nextState}`);
  return {
    code: outcome.code,
    message: outcome.message,
    ...(outcome.field !== undefined ? { field: outcome.field } : {}),
    ...(outcome.guard !== undefined ? { guard: outcome.guard } : {}),
  };
}

function assignedImCase(overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return buildSnapshot(IM_WORKFLOW, {
    state: 'assigned',
    executorId: EXECUTOR_A_ID,
    recipientId: RECIPIENT_A_ID,
    ...overrides,
  });
}

describe('отказы со стабильными кодами', () => {
  test('UNKNOWN_ACTION: действия нет в процессе', () => {
    const snapshot = buildSnapshot(MESSAGE_WORKFLOW);
    assert.equal(failureOf(applyAction(MESSAGE_WORKFLOW, snapshot, ACTORS.manager, 'fly', {})).code, 'UNKNOWN_ACTION');
    const noCur = failureOf(applyAction(MESSAGE_WORKFLOW, snapshot, ACTORS.curCurator, 'approve-cur', {}));
    assert.equal(noCur.code, 'UNKNOWN_ACTION', 'у сообщений с сайта нет согласования в ЦУР');
  });

  test('ACTION_NOT_ALLOWED_IN_STATE: не в этом состоянии, а также неизвестное состояние', () => {
    const fresh = buildSnapshot(IM_WORKFLOW);
    const early = failureOf(applyAction(IM_WORKFLOW, fresh, ACTORS.coordinatorIm, 'publish', {}));
    assert.equal(early.code, 'ACTION_NOT_ALLOWED_IN_STATE');
    assert.match(early.message, /Новое/);
    const strange = buildSnapshot(IM_WORKFLOW, { state: 'archived' });
    assert.equal(
      failureOf(applyAction(IM_WORKFLOW, strange, ACTORS.coordinatorIm, 'take', {})).code,
      'ACTION_NOT_ALLOWED_IN_STATE',
    );
    assert.deepEqual(listAllowedActions(IM_WORKFLOW, strange, ACTORS.coordinatorIm), []);
  });

  test('ROLE_NOT_ALLOWED: чужая роль, не свой исполнитель, не свой получатель', () => {
    const fresh = buildSnapshot(IM_WORKFLOW);
    assert.equal(failureOf(applyAction(IM_WORKFLOW, fresh, ACTORS.head, 'take', {})).code, 'ROLE_NOT_ALLOWED');
    assert.equal(
      failureOf(applyAction(IM_WORKFLOW, fresh, ACTORS.coordinatorPos, 'take', {})).code,
      'ROLE_NOT_ALLOWED',
    );
    const interim = { text: 'Сделаем', promisedAt: '2031-01-01T10:00:00+03:00' };
    const notMine = failureOf(applyAction(IM_WORKFLOW, assignedImCase(), ACTORS.executorB, 'interim-answer', interim));
    assert.equal(notMine.code, 'ROLE_NOT_ALLOWED');
    assert.match(notMine.message, /назначенному исполнителю/);
    const routed = assignedImCase({ executorId: null });
    const otherRecipient = failureOf(
      applyAction(IM_WORKFLOW, routed, ACTORS.executorB, 'draft-answer', { text: 'Ответ' }),
    );
    assert.equal(otherRecipient.code, 'ROLE_NOT_ALLOWED');
    assert.match(otherRecipient.message, /ответственного получателя/);
    assert.equal(applyAction(IM_WORKFLOW, routed, ACTORS.executorA, 'draft-answer', { text: 'Ответ' }).ok, true);
  });

  test('INVALID_INPUT называет поле и говорит по-русски', () => {
    const inWork = buildSnapshot(IM_WORKFLOW, { state: 'in_work' });
    const cases: Array<[Workflow, CaseSnapshot, string, unknown, string]> = [
      [IM_WORKFLOW, inWork, 'assign', {}, 'executorId'],
      [IM_WORKFLOW, inWork, 'assign', { executorId: 'Иванов' }, 'executorId'],
      [IM_WORKFLOW, inWork, 'assign', { executorId: EXECUTOR_A_ID, dueAt: 'завтра' }, 'dueAt'],
      [IM_WORKFLOW, inWork, 'assign', { executorId: EXECUTOR_A_ID, dueAt: '2020-01-01T10:00:00+03:00' }, 'dueAt'],
      [IM_WORKFLOW, inWork, 'moderate-reject', { reason: 'не нравится' }, 'reason'],
      [IM_WORKFLOW, inWork, 'forward', {}, 'recipientId'],
      [IM_WORKFLOW, inWork, 'forward', { externalOrganisation: 'Прокуратура' }, 'coveringLetter'],
      [
        IM_WORKFLOW,
        inWork,
        'forward',
        { recipientId: RECIPIENT_B_ID, externalOrganisation: 'Прокуратура' },
        'recipientId',
      ],
      [
        IM_WORKFLOW,
        inWork,
        'interim-answer',
        { text: 'Сделаем', promisedAt: '2020-01-01T10:00:00+03:00' },
        'promisedAt',
      ],
      [IM_WORKFLOW, inWork, 'draft-answer', { text: '   ' }, 'text'],
      [IM_WORKFLOW, inWork, 'draft-answer', { text: 'Ответ', attachmentIds: ['file.jpg'] }, 'attachmentIds.0'],
      [IM_WORKFLOW, inWork, 'comment', { text: 'см.', mentions: ['@petrov'] }, 'mentions.0'],
      [
        IM_WORKFLOW,
        buildSnapshot(IM_WORKFLOW, { state: 'awaiting_resident' }),
        'resident-rating',
        { rating: 6 },
        'rating',
      ],
      [APPEAL_WORKFLOW, buildSnapshot(APPEAL_WORKFLOW), 'register', { registrationNumber: ' ' }, 'registrationNumber'],
      [
        APPEAL_WORKFLOW,
        buildSnapshot(APPEAL_WORKFLOW),
        'register',
        { registrationNumber: '1', classifierCode: '5.5' },
        'classifierCode',
      ],
    ];
    const everyone = {
      roles: ['manager', 'coordinator_im', 'resident'] as const,
      userId: ACTORS.manager.userId,
    };
    for (const [workflow, snapshot, action, input, field] of cases) {
      const failure = failureOf(applyAction(workflow, snapshot, everyone, action, input));
      assert.equal(failure.code, 'INVALID_INPUT', `${action} ${JSON.stringify(input)}`);
      assert.equal(failure.field, field, `${action} ${JSON.stringify(input)}`);
      assert.match(failure.message, /[а-яё]/i, 'сообщение по-русски');
    }
  });

  test('вход не объект — INVALID_INPUT, а не исключение', () => {
    const inWork = buildSnapshot(IM_WORKFLOW, { state: 'in_work' });
    for (const input of [null, undefined, 'текст', 42, [], { executorId: 42 }]) {
      const outcome = applyAction(IM_WORKFLOW, inWork, ACTORS.coordinatorIm, 'assign', input);
      assert.equal(outcome.ok ? 'ok' : outcome.code, 'INVALID_INPUT', JSON.stringify(input));
    }
    const fresh = buildSnapshot(IM_WORKFLOW);
    assert.equal(applyAction(IM_WORKFLOW, fresh, ACTORS.coordinatorIm, 'take', undefined).ok, true, 'пустой вход = {}');
  });

  test('значение из списка принимается кодом или русским названием и приходит кодом', () => {
    const fresh = buildSnapshot(IM_WORKFLOW);
    for (const reason of ['duplicate', 'Повторяет уже поданное сообщение', '  повторяет уже поданное сообщение ']) {
      const outcome = applyAction(IM_WORKFLOW, fresh, ACTORS.coordinatorIm, 'moderate-reject', { reason });
      assert.equal(outcome.ok && outcome.changes.rejectionReason, 'duplicate', reason);
    }
  });
});

describe('охранные условия', () => {
  test('каждое условие: истинно и ложно на своём снимке', () => {
    const base = buildSnapshot(APPEAL_WORKFLOW, { kind: 'appeal' });
    const truthTable: Record<GuardName, [Partial<CaseSnapshot>, Partial<CaseSnapshot>]> = {
      hasExecutor: [{ executorId: EXECUTOR_A_ID }, { executorId: null }],
      hasDraftAnswer: [{ hasDraftAnswer: true }, { hasDraftAnswer: false }],
      isAppeal: [{ kind: 'appeal' }, { kind: 'message' }],
      isExtensionNotUsed: [{ isExtensionUsed: false }, { isExtensionUsed: true }],
      hasPendingExtensionRequest: [{ isExtensionRequested: true }, { isExtensionRequested: false }],
      hasNoPendingExtensionRequest: [{ isExtensionRequested: false }, { isExtensionRequested: true }],
      hasPendingPromise: [{ hasPendingPromise: true }, { hasPendingPromise: false }],
      isWithinSatisfactionWindow: [
        { satisfactionDueAt: START_MOMENT + 1, evaluatedAt: START_MOMENT },
        { satisfactionDueAt: START_MOMENT, evaluatedAt: START_MOMENT },
      ],
      isSatisfactionWindowOver: [
        { satisfactionDueAt: START_MOMENT, evaluatedAt: START_MOMENT },
        { satisfactionDueAt: null, evaluatedAt: START_MOMENT },
      ],
    };
    for (const name of GUARD_NAMES) {
      const [holds, fails] = truthTable[name];
      assert.equal(GUARDS[name].test({ ...base, ...holds }), true, `${name} истинно`);
      assert.equal(GUARDS[name].test({ ...base, ...fails }), false, `${name} ложно`);
      assert.match(GUARDS[name].message, /[а-яё]/i);
    }
  });

  test('отказ по условию называет его и объясняет, что делать', () => {
    const cases: Array<[Workflow, Partial<CaseSnapshot>, string, unknown, GuardName]> = [
      [
        IM_WORKFLOW,
        { state: 'assigned', executorId: null, recipientId: RECIPIENT_A_ID },
        'urgent-request',
        { reason: 'Срочно' },
        'hasExecutor',
      ],
      [IM_WORKFLOW, { state: 'answer_review', hasDraftAnswer: false }, 'approve', {}, 'hasDraftAnswer'],
      [APPEAL_WORKFLOW, { kind: 'message' }, 'register', { registrationNumber: '1' }, 'isAppeal'],
      [
        APPEAL_WORKFLOW,
        { kind: 'appeal', state: 'in_work', isExtensionUsed: true },
        'request-extension',
        { reason: 'Ещё' },
        'isExtensionNotUsed',
      ],
      [APPEAL_WORKFLOW, { kind: 'appeal', state: 'in_work' }, 'approve-extension', {}, 'hasPendingExtensionRequest'],
      [
        APPEAL_WORKFLOW,
        { kind: 'appeal', state: 'in_work', isExtensionRequested: true },
        'request-extension',
        { reason: 'Ещё' },
        'hasNoPendingExtensionRequest',
      ],
      [
        POS_WORKFLOW,
        { state: 'awaiting_resident', satisfactionDueAt: START_MOMENT - 1 },
        'resident-comment',
        { text: 'Поздно' },
        'isWithinSatisfactionWindow',
      ],
      [
        POS_WORKFLOW,
        { state: 'awaiting_resident', satisfactionDueAt: START_MOMENT + 1 },
        'satisfaction-timeout',
        {},
        'isSatisfactionWindowOver',
      ],
    ];
    const everyone = {
      roles: ['manager', 'curator', 'coordinator_im', 'coordinator_pos', 'block_member', 'system', 'resident'] as const,
      userId: EXECUTOR_B_ID,
    };
    for (const [workflow, overrides, action, input, guard] of cases) {
      const snapshot = buildSnapshot(workflow, overrides);
      const failure = failureOf(applyAction(workflow, snapshot, everyone, action, input));
      assert.deepEqual([failure.code, failure.guard], ['GUARD_FAILED', guard], action);
      assert.equal(failure.message, GUARDS[guard].message);
      assert.equal(
        listAllowedActions(workflow, snapshot, everyone).some((allowed) => allowed.name === action),
        false,
        `${action} не предлагается, пока условие не выполнено`,
      );
    }
  });
});

describe('кто действует', () => {
  test('замещающий исполнителя действует за него, и это видно в результате', () => {
    const outcome = applyAction(IM_WORKFLOW, assignedImCase(), ACTORS.substituteOfA, 'draft-answer', { text: 'Ответ' });
    assert.equal(outcome.ok && outcome.isActingAsSubstitute, true);
    assert.equal(outcome.ok && outcome.changes.executorId, undefined, 'исполнитель не меняется');
  });

  test('назначенный исполнитель действует как исполнитель, какой бы ни была его роль', () => {
    const member = { roles: ['block_member'] as const, userId: EXECUTOR_A_ID };
    assert.equal(applyAction(IM_WORKFLOW, assignedImCase(), member, 'draft-answer', { text: 'Ответ' }).ok, true);
    const flagged = { roles: ['block_member'] as const, userId: null, isAssignedExecutor: true };
    assert.equal(applyAction(IM_WORKFLOW, assignedImCase(), flagged, 'draft-answer', { text: 'Ответ' }).ok, true);
  });

  test('ответ координатора не делает его исполнителем, ответ сотрудника получателя — делает', () => {
    const routed = assignedImCase({ executorId: null });
    const byCoordinator = applyAction(IM_WORKFLOW, routed, ACTORS.coordinatorAndExecutor, 'draft-answer', {
      text: 'О',
    });
    assert.equal(byCoordinator.ok && byCoordinator.changes.executorId, undefined);
    const byMember = applyAction(
      IM_WORKFLOW,
      routed,
      { ...ACTORS.executorB, isRecipientMember: true },
      'draft-answer',
      {
        text: 'О',
      },
    );
    assert.equal(byMember.ok && byMember.changes.executorId, EXECUTOR_B_ID);
  });

  test('список действий: заявителю — только события канала, главе — подпись', () => {
    const awaiting = buildSnapshot(IM_WORKFLOW, { state: 'awaiting_resident', satisfactionDueAt: START_MOMENT + 1 });
    assert.deepEqual(
      listAllowedActions(IM_WORKFLOW, awaiting, ACTORS.resident).map((action) => action.name),
      ['resident-comment', 'resident-rating'],
    );
    const signing = buildSnapshot(OFFICIAL_PAGES_WORKFLOW, {
      state: 'signing',
      hasDraftAnswer: true,
      executorId: EXECUTOR_A_ID,
    });
    assert.deepEqual(
      listAllowedActions(OFFICIAL_PAGES_WORKFLOW, signing, ACTORS.head).map((action) => action.title),
      ['Вернуть на доработку', 'Подписать ответ'],
    );
    assert.deepEqual(listAllowedActions(IM_WORKFLOW, awaiting, ACTORS.sysadmin), []);
  });
});

describe('каталог процессов', () => {
  test('каждую пару (канал, вид) обслуживает ровно один процесс', () => {
    assert.deepEqual(findCoverageProblems(), []);
    assert.equal(findWorkflow('im', 'message'), IM_WORKFLOW);
    assert.equal(findWorkflow('pos', 'message'), POS_WORKFLOW);
    assert.equal(findWorkflow('regional', 'message'), REGIONAL_WORKFLOW);
    assert.equal(findWorkflow('official_pages', 'message'), OFFICIAL_PAGES_WORKFLOW);
    assert.equal(findWorkflow('pos', 'appeal'), APPEAL_WORKFLOW, 'подача по 59-ФЗ через ПОС — обращение');
    assert.equal(findWorkflow('letter', 'appeal'), APPEAL_WORKFLOW);
    for (const channel of ['form', 'open311', 'email', 'letter', 'reception', 'phone'] as const) {
      assert.equal(findWorkflow(channel, 'message'), MESSAGE_WORKFLOW, channel);
    }
  });

  test('определения без ошибок; коды состояний, действий и групп — из общих списков', () => {
    for (const workflow of SHIPPED_WORKFLOWS) {
      assert.deepEqual(validateWorkflow(workflow), [], workflow.id);
      for (const state of workflow.states) {
        assert.ok((WORKFLOW_STATE_CODES as readonly string[]).includes(state.code));
        assert.ok((CASE_STATUSES as readonly string[]).includes(state.group));
      }
      for (const action of workflow.actions) assert.ok((ACTION_NAMES as readonly string[]).includes(action.name));
      assert.equal(workflow.states.find((state) => state.code === workflow.initialState)?.isFinal, false);
    }
  });

  test('validateWorkflow находит ошибки определения', () => {
    const broken: Workflow = {
      ...MESSAGE_WORKFLOW,
      id: 'broken',
      initialState: 'signed',
      actions: [
        ...MESSAGE_WORKFLOW.actions,
        {
          ...MESSAGE_WORKFLOW.actions[0],
          name: 'take',
          from: ['new', 'cur_review'],
          to: 'signing',
          roles: [],
          events: [],
        } as Workflow['actions'][number],
      ],
    };
    const problems = validateWorkflow(broken);
    assert.ok(problems.some((problem) => problem.includes('начального состояния')));
    assert.ok(problems.some((problem) => problem.includes('cur_review')));
    assert.ok(problems.some((problem) => problem.includes('signing')));
    assert.ok(problems.some((problem) => problem.includes('дважды')));
    assert.ok(problems.some((problem) => problem.includes('роли')));
  });

  test('процесс знает каждый таймер, который запускает поставляемая политика его сообщений', () => {
    for (const workflow of SHIPPED_WORKFLOWS) {
      const known = new Set(listWorkflowTimerKinds(workflow));
      for (const channel of CHANNELS) {
        for (const kind of workflow.kinds) {
          if (!workflow.channels.includes(channel)) continue;
          for (const isFastTrack of [false, true]) {
            const policy = selectPolicy(DEFAULT_SLA_POLICIES, { channel, kind, category: null, isFastTrack });
            for (const timer of policy.timers) {
              assert.ok(
                known.has(timer.kind),
                `${workflow.id}: ${channel}/${kind} — таймер ${timer.kind} политики «${policy.name}»`,
              );
            }
          }
        }
      }
      const primary = selectPolicy(DEFAULT_SLA_POLICIES, {
        channel: workflow.id === 'appeal' ? 'letter' : (workflow.channels[0] ?? 'form'),
        kind: workflow.kinds[0] ?? 'message',
        category: null,
        isFastTrack: false,
      });
      assert.deepEqual(
        [...workflow.initialTimers].sort(),
        primary.timers.map((timer) => timer.kind).sort(),
        `${workflow.id}: таймеры при поступлении = политика «${primary.name}»`,
      );
    }
  });
});

describe('скорость', () => {
  test('действие и список действий — микросекунды', () => {
    const snapshot = assignedImCase({ state: 'answer_review', hasDraftAnswer: true });
    const started = performance.now();
    const rounds = 20_000;
    for (let round = 0; round < rounds; round += 1) {
      applyAction(IM_WORKFLOW, snapshot, ACTORS.coordinatorIm, 'approve', {});
      applyAction(IM_WORKFLOW, snapshot, ACTORS.coordinatorIm, 'draft-answer', { text: 'Ответ на обращение' });
      listAllowedActions(IM_WORKFLOW, snapshot, ACTORS.coordinatorIm);
    }
    const perCall = (performance.now() - started) / (rounds * 3);
    assert.ok(perCall < 0.2, `в среднем ${perCall.toFixed(4)} мс на вызов`);
  });
});
