import assert from 'node:assert/strict';
import { test } from 'node:test';
import dayjs from 'dayjs';
import type { CaseDetail, CaseHistoryEntry } from '../../../../shared/contracts/cases.contract.js';
import { findWorkflowById } from '../../../../shared/workflow/index.js';
import { toActionInput } from './action-input.js';
import { describePayload, findActionForm, findChangesSince, listReasons, readDraftAnswer } from './case-actions.js';

function entry(id: number, payload: Record<string, unknown> = {}): CaseHistoryEntry {
  return {
    id,
    action: 'x',
    title: `Шаг ${id}`,
    actorName: 'Иванов',
    fromState: null,
    toState: null,
    payload,
    events: [],
    at: '',
  };
}

test('every action opens its own form; an unknown one asks for a confirm', () => {
  assert.equal(findActionForm('reassign'), 'assign');
  assert.equal(findActionForm('publish'), 'optional-result');
  assert.equal(findActionForm('approve'), 'confirm');
  assert.equal(findActionForm('fulfil-promise'), 'fulfil-promise');
});

test('the chosen files go with the answer as attachmentIds; none chosen — the field is left out', () => {
  assert.deepEqual(toActionInput('draft-answer', { text: ' Готово ', attachmentIds: ['a', 'b'] }), {
    text: 'Готово',
    attachmentIds: ['a', 'b'],
  });
  assert.deepEqual(toActionInput('fulfil-promise', { text: '', attachmentIds: [] }), {});
});

test('the form values become the action body: dates as instants, blanks and the forward target dropped', () => {
  const moment = dayjs('2026-12-01T10:00:00Z');
  assert.deepEqual(toActionInput('interim-answer', { text: ' ответ ', promisedAt: moment }), {
    text: 'ответ',
    promisedAt: '2026-12-01T10:00:00.000Z',
  });
  assert.deepEqual(
    toActionInput('forward', {
      target: 'external',
      recipientId: 'r',
      externalOrganisation: 'ГИБДД',
      coveringLetter: '',
    }),
    { externalOrganisation: 'ГИБДД' },
  );
});

test('reasons come from the workflow; the automatic closure is not offered by hand', () => {
  const im = findWorkflowById('im');
  assert.ok(listReasons(im, 'reject').length > 0);
  assert.ok(!listReasons(im, 'close').some((reason) => reason.code === 'no_reaction'));
});

test('the timeline shows the payload in words, and a conflict lists what the others did', () => {
  const parts = describePayload(entry(1, { result: 'resolved', rating: 2, text: 'Готово' }), undefined);
  assert.deepEqual(
    parts.map((part) => `${part.label}: ${part.value}`),
    ['Результат: Решено', 'Оценка: 2 из 5', 'Текст: Готово'],
  );
  // The ПОС entries say the platform's number and status (they were written but not shown).
  const fromPos = describePayload(
    entry(3, { posId: 'POS-1001', status: 'TAKE_TO_WORK', statusTitle: 'Взято в работу', comment: 'Принято' }),
    undefined,
  );
  assert.deepEqual(
    fromPos.map((part) => `${part.label}: ${part.value}`),
    ['Номер в ПОС: POS-1001', 'Статус: Взято в работу', 'Комментарий: Принято'],
  );
  const before = { history: [entry(1)] } as CaseDetail;
  const after = { history: [entry(1), entry(2)] } as CaseDetail;
  assert.deepEqual(
    findChangesSince(before, after).map((change) => change.id),
    [2],
  );
  assert.equal(readDraftAnswer({ lifecycle: { draftAnswer: { text: 'Проект' } } }), 'Проект');
  assert.equal(readDraftAnswer({ lifecycle: {} }), null);
});
