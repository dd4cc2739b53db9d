import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interpretInboxKey, parseInboxChangedEvent } from './inbox-keyboard.js';
import { filtersOf, parseInboxSearch, queueOf } from './inbox-search.js';

test('адресная строка входящих: понятное берётся, непонятное отбрасывается', () => {
  const search = parseInboxSearch({
    queue: 'overdue',
    channel: 'im',
    state: 'nonsense',
    q: '  яма ',
    recipientId: 'not-a-uuid',
    executorId: '3f2b8c1e-1111-4222-8333-944455556666',
    receivedFrom: '2026-03-01T00:00:00+03:00',
    receivedTo: 'вчера',
    isFastTrack: 'true',
  });
  assert.deepEqual(search, {
    queue: 'overdue',
    channel: 'im',
    q: 'яма',
    executorId: '3f2b8c1e-1111-4222-8333-944455556666',
    receivedFrom: '2026-03-01T00:00:00+03:00',
    isFastTrack: 'true',
  });
  assert.equal(queueOf(parseInboxSearch({})), 'new', 'по умолчанию — «Новые»');
  assert.deepEqual(parseInboxSearch({ queue: 'new' }), {}, 'очередь по умолчанию не пишется в адрес');
  assert.deepEqual(filtersOf({ queue: 'mine', caseId: 'x', channel: 'pos' }), { channel: 'pos' });
});

test('клавиши: j/k и стрелки двигают, Enter открывает, x выбирает, / — поиск; в поле ввода не мешают', () => {
  const plain = { isTyping: false, hasModifier: false };
  assert.deepEqual(interpretInboxKey('j', -1, 3, plain), { kind: 'move', index: 0 });
  assert.deepEqual(interpretInboxKey('ArrowDown', 2, 3, plain), { kind: 'move', index: 2 }, 'не дальше последней');
  assert.deepEqual(interpretInboxKey('k', 0, 3, plain), { kind: 'move', index: 0 });
  assert.deepEqual(interpretInboxKey('Enter', 1, 3, plain), { kind: 'open', index: 1 });
  assert.deepEqual(interpretInboxKey('Enter', -1, 3, plain), { kind: 'none' });
  assert.deepEqual(interpretInboxKey('x', 2, 3, plain), { kind: 'toggle', index: 2 });
  assert.deepEqual(interpretInboxKey('/', 0, 0, plain), { kind: 'search' });
  assert.deepEqual(interpretInboxKey('j', 0, 3, { isTyping: true, hasModifier: false }), { kind: 'none' });
  assert.deepEqual(interpretInboxKey('x', 0, 3, { isTyping: false, hasModifier: true }), { kind: 'none' });
});

test('событие живых изменений: идентификаторы или пусто', () => {
  assert.deepEqual(parseInboxChangedEvent('{"caseIds":["a","b"],"count":2}'), { caseIds: ['a', 'b'], leftCaseIds: [] });
  assert.deepEqual(parseInboxChangedEvent('{"caseIds":[],"count":0,"leftCaseIds":["c",5]}'), {
    caseIds: [],
    leftCaseIds: ['c'],
  });
  assert.deepEqual(parseInboxChangedEvent('не json'), { caseIds: [], leftCaseIds: [] });
  assert.deepEqual(parseInboxChangedEvent('{"count":2}'), { caseIds: [], leftCaseIds: [] });
});
