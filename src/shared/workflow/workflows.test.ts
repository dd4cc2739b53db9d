import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type {
  ActionSuccess,
  CaseEventName,
  CaseSnapshot,
  Workflow,
  WorkflowActor,
  WorkflowStateCode,
} from './index.js';
import {
  APPEAL_WORKFLOW,
  applyAction,
  IM_WORKFLOW,
  MESSAGE_WORKFLOW,
  OFFICIAL_PAGES_WORKFLOW,
  POS_WORKFLOW,
  REGIONAL_WORKFLOW,
} from './index.js';
import {
  ACTORS,
  ATTACHMENT_ID,
  advanceSnapshot,
  buildSnapshot,
  DAY_MS,
  EXECUTOR_A_ID,
  EXECUTOR_B_ID,
  HOUR_MS,
  RECIPIENT_A_ID,
  RECIPIENT_B_ID,
  simulateTimerEffects,
  startPolicyTimers,
  type TimerSimulation,
} from './test-support/workflow-simulation.js';

// The main path of every shipped workflow, as the people in the regulations walk it.

const FUTURE = '2031-01-10T15:00:00+03:00';

type Case = {
  workflow: Workflow;
  snapshot: CaseSnapshot;
  timers: TimerSimulation;
  events: CaseEventName[];
  last: ActionSuccess | null;
  closureReason: string | null;
};

function openCase(workflow: Workflow, overrides: Partial<CaseSnapshot> = {}): Case {
  const snapshot = buildSnapshot(workflow, overrides);
  return {
    workflow,
    snapshot,
    timers: startPolicyTimers(snapshot.channel, snapshot.kind),
    events: [],
    last: null,
    closureReason: null,
  };
}

/** Performs the action, asserts it succeeded into `expected`, and applies the outcome like the server. */
function act(
  current: Case,
  actor: WorkflowActor,
  action: string,
  input: unknown,
  expected: WorkflowStateCode,
  advanceBy = HOUR_MS,
): ActionSuccess {
  const snapshot = { ...current.snapshot, evaluatedAt: current.snapshot.evaluatedAt + advanceBy };
  const outcome = applyAction(current.workflow, snapshot, actor, action, input);
  if (!outcome.ok) assert.fail(`${action} в «${snapshot.state}»: ${outcome.code} — ${outcome.message}`);
  assert.equal(outcome.nextState, expected, `${action}: ожидалось состояние ${expected}`);
  current.snapshot = advanceSnapshot(snapshot, outcome);
  current.timers = simulateTimerEffects(current.workflow, current.timers, outcome.timerEffects);
  current.events.push(...outcome.events);
  current.last = outcome;
  if (outcome.changes.closureReason !== undefined) current.closureReason = outcome.changes.closureReason;
  assert.deepEqual(current.timers.violations, []);
  return outcome;
}

function runningTimers(current: Case): string[] {
  return [...current.timers.timers]
    .filter(([, state]) => state === 'running')
    .map(([kind]) => kind)
    .sort();
}

function assertFinished(current: Case): void {
  assert.equal(current.last?.isFinal, true);
  assert.deepEqual([...current.timers.timers.keys()], [], 'в конечном состоянии не идёт ни один таймер');
}

const answer = { text: 'Яма на ул. Ленина, 5 заделана 12.03, фото прилагаем.', attachmentIds: [ATTACHMENT_ID] };

describe('ИМ: взять, назначить, согласовать у координатора и в ЦУР, опубликовать, ждать реакции автора', () => {
  const { coordinatorIm, executorA, curCurator, resident, system } = ACTORS;

  test('возврат ЦУР, комментарий автора возвращает в работу, молчание 2 дня завершает', () => {
    const current = openCase(IM_WORKFLOW);
    assert.deepEqual(runningTimers(current), ['answer', 'first_reaction']);
    act(current, coordinatorIm, 'take', {}, 'in_work');
    assert.deepEqual(runningTimers(current), ['answer'], 'взятие в работу — первая реакция');
    const assigned = act(
      current,
      coordinatorIm,
      'assign',
      { executorId: EXECUTOR_A_ID, recipientId: RECIPIENT_A_ID, dueAt: FUTURE },
      'assigned',
    );
    assert.deepEqual(assigned.changes, {
      recipientId: RECIPIENT_A_ID,
      executorId: EXECUTOR_A_ID,
      executorDueAt: FUTURE,
    });
    const noPromise = applyAction(IM_WORKFLOW, current.snapshot, executorA, 'fulfil-promise', {
      attachmentIds: [ATTACHMENT_ID],
    });
    assert.equal(noPromise.ok ? 'ok' : noPromise.code, 'GUARD_FAILED', 'подтверждать нечего: обещания не было');
    act(current, executorA, 'interim-answer', { text: 'Бригада выедет завтра.', promisedAt: FUTURE }, 'assigned');
    assert.deepEqual(runningTimers(current), ['answer', 'promise']);
    const empty = applyAction(IM_WORKFLOW, current.snapshot, executorA, 'fulfil-promise', { text: ' ' });
    assert.equal(empty.ok ? 'ok' : empty.field, 'attachmentIds', 'нужно фото или сведения');
    const kept = act(current, executorA, 'fulfil-promise', { attachmentIds: [ATTACHMENT_ID] }, 'assigned');
    assert.deepEqual(kept.events, ['case.promise_fulfilled']);
    assert.deepEqual(kept.changes.promiseReport?.attachmentIds, [ATTACHMENT_ID]);
    assert.deepEqual(runningTimers(current), ['answer'], 'обещание подтверждено фото — контроль снят');
    act(current, executorA, 'draft-answer', answer, 'answer_review');
    act(current, coordinatorIm, 'approve', {}, 'cur_review');
    const returned = act(current, curCurator, 'return-by-cur', { reason: 'Нет фото после работ' }, 'assigned');
    assert.deepEqual(returned.events, ['case.returned_by_cur']);
    act(current, executorA, 'draft-answer', answer, 'answer_review');
    act(current, coordinatorIm, 'approve', {}, 'cur_review');
    act(current, curCurator, 'approve-cur', {}, 'approved');
    act(current, coordinatorIm, 'publish', {}, 'awaiting_resident');
    assert.deepEqual(runningTimers(current), ['satisfaction'], 'ответ и обещание выполнены, ждём автора');

    const reopened = act(current, resident, 'resident-comment', { text: 'Ничего не сделано' }, 'assigned');
    assert.deepEqual(reopened.events, ['case.resident_commented', 'case.reopened']);
    assert.equal(reopened.changes.reopenCount, 1);
    assert.deepEqual(runningTimers(current), ['answer'], 'ответ считается заново');

    act(current, executorA, 'draft-answer', answer, 'answer_review');
    act(current, coordinatorIm, 'approve', {}, 'cur_review');
    act(current, system, 'approve-cur', {}, 'approved');
    act(current, system, 'publish', {}, 'awaiting_resident');
    const early = applyAction(IM_WORKFLOW, current.snapshot, system, 'satisfaction-timeout', {});
    assert.equal(early.ok ? 'ok' : early.code, 'GUARD_FAILED', 'до истечения двух дней не завершается');
    act(current, system, 'satisfaction-timeout', {}, 'closed', 3 * DAY_MS);
    assert.equal(current.closureReason, 'no_reaction');
    assertFinished(current);
  });

  test('оценка ≤ 3 возвращает исполнителю, оценка 5 завершает «Автор доволен»', () => {
    const current = openCase(IM_WORKFLOW);
    act(current, coordinatorIm, 'take', {}, 'in_work');
    act(
      current,
      coordinatorIm,
      'draft-answer',
      { text: 'Шаблонный ответ: график вывоза ТКО — по вторникам.' },
      'answer_review',
    );
    act(current, coordinatorIm, 'approve', {}, 'cur_review');
    act(current, curCurator, 'approve-cur', {}, 'approved');
    act(current, coordinatorIm, 'publish', { result: 'explained' }, 'awaiting_resident');
    act(current, resident, 'resident-rating', { rating: 3 }, 'in_work');
    assert.equal(current.last?.changes.result, null, 'возврат снимает результат');
    act(current, coordinatorIm, 'assign', { executorId: EXECUTOR_A_ID }, 'assigned');
    act(current, executorA, 'draft-answer', answer, 'answer_review');
    act(current, coordinatorIm, 'approve', {}, 'cur_review');
    act(current, curCurator, 'approve-cur', {}, 'approved');
    act(current, coordinatorIm, 'publish', {}, 'awaiting_resident');
    act(current, resident, 'resident-rating', { rating: 5 }, 'closed');
    assert.equal(current.closureReason, 'author_satisfied');
    assertFinished(current);
  });

  test('координатор завершает с причиной по её русскому названию', () => {
    const current = openCase(IM_WORKFLOW);
    act(current, coordinatorIm, 'take', {}, 'in_work');
    act(current, coordinatorIm, 'draft-answer', { text: 'Ответ' }, 'answer_review');
    act(current, coordinatorIm, 'approve', {}, 'cur_review');
    act(current, curCurator, 'approve-cur', {}, 'approved');
    act(current, coordinatorIm, 'publish', {}, 'awaiting_resident');
    act(current, coordinatorIm, 'close', { reason: 'Автор нейтрален' }, 'closed');
    assert.equal(current.closureReason, 'author_neutral');
    assertFinished(current);
  });
});

describe('ПОС: модерация, исполнитель, согласование, ЦУР, публикация с результатом, оценка', () => {
  const { coordinatorPos, executorA, curCurator, resident, system } = ACTORS;

  test('низкая оценка и возврат модератором возвращают в работу; оценка 5 завершает', () => {
    const current = openCase(POS_WORKFLOW);
    assert.equal(current.snapshot.state, 'moderation');
    act(current, system, 'moderate-accept', {}, 'in_work');
    act(current, coordinatorPos, 'assign', { executorId: EXECUTOR_A_ID, recipientId: RECIPIENT_A_ID }, 'assigned');
    act(current, executorA, 'draft-answer', answer, 'answer_review');
    act(current, executorA, 'record-result', { result: 'Решено' }, 'answer_review');
    assert.equal(current.snapshot.result, 'resolved');
    act(current, coordinatorPos, 'approve', {}, 'cur_review');
    act(current, curCurator, 'approve-cur', {}, 'approved');
    act(current, coordinatorPos, 'publish', {}, 'awaiting_resident');
    act(current, resident, 'resident-rating', { rating: 2, comment: 'Отписка' }, 'assigned');
    assert.deepEqual(runningTimers(current), ['answer']);
    act(current, executorA, 'draft-answer', answer, 'answer_review');
    act(current, coordinatorPos, 'approve', {}, 'cur_review');
    act(current, curCurator, 'approve-cur', {}, 'approved');
    act(current, coordinatorPos, 'publish', { result: 'resolved' }, 'awaiting_resident');
    act(current, resident, 'resident-comment', { text: 'Спасибо!', isNegative: false }, 'awaiting_resident');
    act(current, system, 'return-by-moderator', { reason: 'Нет подтверждения работ' }, 'assigned');
    act(current, executorA, 'draft-answer', answer, 'answer_review');
    act(current, coordinatorPos, 'approve', {}, 'cur_review');
    act(current, curCurator, 'approve-cur', {}, 'approved');
    act(current, coordinatorPos, 'publish', { result: 'resolved' }, 'awaiting_resident');
    act(current, resident, 'resident-rating', { rating: 5 }, 'closed');
    assert.equal(current.closureReason, 'rated_positively');
    assertFinished(current);
    assert.equal(current.snapshot.reopenCount, 2);
  });

  test('публикация требует результат «Решено» или «Разъяснено»', () => {
    const current = openCase(POS_WORKFLOW);
    act(current, coordinatorPos, 'moderate-accept', {}, 'in_work');
    act(current, coordinatorPos, 'draft-answer', { text: 'Разъясняем порядок' }, 'answer_review');
    act(current, coordinatorPos, 'approve', {}, 'cur_review');
    act(current, curCurator, 'approve-cur', {}, 'approved');
    const missing = applyAction(POS_WORKFLOW, current.snapshot, coordinatorPos, 'publish', {});
    assert.deepEqual(missing.ok ? null : [missing.code, missing.field], ['INVALID_INPUT', 'result']);
    const unsupported = applyAction(POS_WORKFLOW, current.snapshot, coordinatorPos, 'publish', {
      result: 'not_supported',
    });
    assert.deepEqual(unsupported.ok ? null : [unsupported.code, unsupported.field], ['INVALID_INPUT', 'result']);
    act(current, coordinatorPos, 'publish', { result: 'Разъяснено' }, 'awaiting_resident');
    assert.equal(current.snapshot.result, 'explained');
    act(current, system, 'satisfaction-timeout', {}, 'closed', 3 * DAY_MS);
    assert.equal(current.closureReason, 'no_rating');
    assertFinished(current);
  });

  test('отклонение на модерации с причиной из списка', () => {
    const current = openCase(POS_WORKFLOW);
    const rejected = act(current, curCurator, 'moderate-reject', { reason: 'Спам или реклама' }, 'rejected');
    assert.equal(rejected.changes.rejectionReason, 'spam');
    assertFinished(current);
  });
});

describe('Региональный портал: принять за 24 часа с категорией, назначить, опубликовать с результатом', () => {
  const { coordinatorPos, executorA } = ACTORS;

  test('исполнитель публикует ответ «разъяснено»', () => {
    const current = openCase(REGIONAL_WORKFLOW);
    assert.deepEqual(runningTimers(current), ['acceptance', 'resolution']);
    const withoutCategory = applyAction(REGIONAL_WORKFLOW, current.snapshot, coordinatorPos, 'take', {});
    assert.deepEqual(withoutCategory.ok ? null : [withoutCategory.code, withoutCategory.field], [
      'INVALID_INPUT',
      'category',
    ]);
    const categorised = { ...current.snapshot, category: 'ЖКХ' };
    assert.equal(
      applyAction(REGIONAL_WORKFLOW, categorised, coordinatorPos, 'take', {}).ok,
      true,
      'категория уже есть',
    );
    const taken = act(
      current,
      coordinatorPos,
      'take',
      { category: 'Благоустройство', subcategory: 'Освещение' },
      'in_work',
    );
    assert.deepEqual(taken.changes, { category: 'Благоустройство', subcategory: 'Освещение' });
    assert.deepEqual(runningTimers(current), ['resolution']);
    act(current, coordinatorPos, 'assign', { executorId: EXECUTOR_A_ID }, 'assigned');
    act(current, executorA, 'draft-answer', answer, 'answer_review');
    const published = act(current, executorA, 'publish', { result: 'explained' }, 'closed');
    assert.deepEqual(published.events, ['case.answer_published', 'case.closed']);
    assertFinished(current);
  });
});

describe('Страницы главы и губернатора: в подразделение, согласование заместителем, подпись главы', () => {
  const { coordinatorIm, executorA, blockLeader, head } = ACTORS;

  test('подписанный ответ направлен в тот же день', () => {
    const current = openCase(OFFICIAL_PAGES_WORKFLOW);
    act(current, coordinatorIm, 'assign', { recipientId: RECIPIENT_A_ID }, 'assigned');
    const drafted = act(current, executorA, 'draft-answer', answer, 'answer_review');
    assert.equal(
      drafted.changes.executorId,
      EXECUTOR_A_ID,
      'сотрудник подразделения, ответивший первым, — исполнитель',
    );
    act(current, blockLeader, 'return-for-rework', { reason: 'Свяжитесь с заявителем' }, 'assigned');
    act(current, executorA, 'draft-answer', answer, 'answer_review');
    act(current, blockLeader, 'approve', {}, 'signing');
    const signed = act(current, head, 'sign', {}, 'signed');
    assert.equal(signed.changes.signedById, head.userId);
    act(current, executorA, 'publish', {}, 'closed');
    assert.equal(current.closureReason, 'answer_sent');
    assertFinished(current);
  });
});

describe('Обращение по 59-ФЗ: регистрация, по компетенции, продление, ответ, снятие с контроля', () => {
  const { blockMember, executorB, curator, manager } = ACTORS;

  test('зарегистрировано, перенаправлено, продлено один раз, отвечено', () => {
    const current = openCase(APPEAL_WORKFLOW, { channel: 'letter', kind: 'appeal' });
    assert.deepEqual(runningTimers(current), ['answer', 'registration', 'unreadable_notice']);
    const registered = act(
      current,
      blockMember,
      'register',
      {
        registrationNumber: 'О-15/2025',
        appealType: 'complaint',
        isCollective: true,
        classifierCode: '0005.0005.0056.1160',
      },
      'registered',
    );
    assert.equal(registered.changes.registrationNumber, 'О-15/2025');
    assert.deepEqual(runningTimers(current), ['answer', 'unreadable_notice']);
    act(current, blockMember, 'forward', { recipientId: RECIPIENT_B_ID }, 'in_work');
    assert.deepEqual(runningTimers(current), ['answer'], 'обращение прочитано и направлено');
    act(current, blockMember, 'reassign', { executorId: EXECUTOR_B_ID }, 'in_work');
    act(current, executorB, 'request-extension', { reason: 'Нужна экспертиза', days: 30 }, 'in_work');
    const again = applyAction(APPEAL_WORKFLOW, current.snapshot, executorB, 'request-extension', { reason: 'Ещё' });
    assert.equal(again.ok ? 'ok' : again.guard, 'hasNoPendingExtensionRequest');
    const extended = act(current, curator, 'approve-extension', {}, 'in_work');
    assert.deepEqual(extended.timerEffects, [{ operation: 'extend', timer: 'answer' }]);
    assert.deepEqual(extended.events, ['case.extension_approved']);
    const second = applyAction(APPEAL_WORKFLOW, current.snapshot, executorB, 'request-extension', { reason: 'Ещё' });
    assert.equal(second.ok ? 'ok' : second.guard, 'isExtensionNotUsed', 'продлить можно только один раз');
    act(current, executorB, 'draft-answer', answer, 'answer_review');
    act(current, curator, 'approve', {}, 'approved');
    act(current, blockMember, 'publish', { result: 'Не поддержано' }, 'answered');
    assert.deepEqual(runningTimers(current), []);
    act(current, blockMember, 'close', { reason: 'answer_sent' }, 'closed');
    assertFinished(current);
  });

  test('направлено в другой орган с сопроводительным письмом', () => {
    const current = openCase(APPEAL_WORKFLOW, { channel: 'email', kind: 'appeal' });
    act(current, blockMember, 'register', { registrationNumber: 'О-16/2025' }, 'registered');
    const forwarded = act(
      current,
      blockMember,
      'forward',
      {
        externalOrganisation: 'Министерство ЖКХ области',
        coveringLetter: 'Направляем по компетенции (ч. 3 ст. 8 59-ФЗ).',
      },
      'forwarded',
    );
    assert.deepEqual(forwarded.events, ['case.forwarded_externally']);
    assertFinished(current);
  });

  test('нечитаемое: заявитель уведомлён, рассмотрение окончено', () => {
    const current = openCase(APPEAL_WORKFLOW, { channel: 'letter', kind: 'appeal' });
    act(current, blockMember, 'register', { registrationNumber: 'О-17/2025' }, 'registered');
    const notified = act(current, blockMember, 'notify-unreadable', {}, 'closed');
    assert.deepEqual(notified.events, ['case.unreadable_notice_sent', 'case.closed']);
    assert.equal(current.closureReason, 'unreadable');
    assertFinished(current);
  });

  test('рассмотрение прекращено по ст. 11 решением руководителя', () => {
    const current = openCase(APPEAL_WORKFLOW, { channel: 'reception', kind: 'appeal' });
    act(current, blockMember, 'register', { registrationNumber: 'О-18/2025' }, 'registered');
    const refused = applyAction(APPEAL_WORKFLOW, current.snapshot, blockMember, 'close', { reason: 'withdrawn' });
    assert.equal(refused.ok ? 'ok' : refused.code, 'ROLE_NOT_ALLOWED');
    act(current, manager, 'close', { reason: 'Заявитель отозвал обращение' }, 'closed');
    assert.equal(current.closureReason, 'withdrawn');
    assertFinished(current);
  });
});

describe('Сообщение с сайта, Open311, почты, приёма, телефона', () => {
  const { blockMember, blockLeader, executorA, resident } = ACTORS;

  test('уточнение у заявителя ставит срок на паузу; заявитель подтверждает решение', () => {
    const current = openCase(MESSAGE_WORKFLOW, { channel: 'open311' });
    act(current, blockMember, 'take', {}, 'in_work');
    act(current, blockMember, 'assign', { executorId: EXECUTOR_A_ID, recipientId: RECIPIENT_A_ID }, 'assigned');
    act(current, executorA, 'request-info', { text: 'Уточните номер подъезда' }, 'awaiting_info');
    assert.equal(current.timers.timers.get('answer'), 'paused');
    const answered = act(current, resident, 'resident-comment', { text: 'Подъезд 3' }, 'assigned');
    assert.deepEqual(answered.events, ['case.resident_commented', 'case.info_received']);
    assert.equal(current.timers.timers.get('answer'), 'running');
    act(current, executorA, 'draft-answer', answer, 'answer_review');
    act(current, blockLeader, 'approve', {}, 'approved');
    act(current, blockMember, 'publish', { result: 'resolved' }, 'awaiting_resident');
    act(current, resident, 'resident-rating', { rating: 4 }, 'closed');
    assert.equal(current.closureReason, 'resident_confirmed');
    assertFinished(current);
  });

  test('заявитель не дал уточнений — завершено', () => {
    const current = openCase(MESSAGE_WORKFLOW, { channel: 'phone' });
    act(current, blockMember, 'assign', { executorId: EXECUTOR_A_ID }, 'assigned');
    act(current, executorA, 'request-info', { text: 'Уточните адрес' }, 'awaiting_info');
    act(current, blockMember, 'close', { reason: 'no_clarification' }, 'closed');
    assertFinished(current);
  });
});
