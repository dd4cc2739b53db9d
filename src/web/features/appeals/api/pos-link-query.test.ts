import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepAnswerOfSameCase, posLinkQueryKey } from './pos-link-query.js';

test('место сообщения в ПОС: пока грузится новый ответ, виден прежний ответ того же сообщения, не другого', () => {
  const answer = { state: 'registered', posNumber: '12345' };
  const sameCaseEarlier = { queryKey: posLinkQueryKey('case-1', 4) };
  const anotherCase = { queryKey: posLinkQueryKey('case-2', 4) };
  assert.equal(keepAnswerOfSameCase('case-1')(answer, sameCaseEarlier), answer);
  assert.equal(keepAnswerOfSameCase('case-1')(answer, anotherCase), undefined);
  assert.equal(keepAnswerOfSameCase('case-1')(undefined, undefined), undefined);
  // A new timeline entry is a new key: the answer is asked again.
  assert.notDeepEqual(posLinkQueryKey('case-1', 5), sameCaseEarlier.queryKey);
});
