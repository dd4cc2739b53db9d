import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickChanges } from './changes.js';

test('an edit sends only what changed', () => {
  assert.deepEqual(
    pickChanges(
      { fullName: 'Орлова В. А.', position: null, roles: ['executor', 'block_member'], recipientId: 'a' },
      {
        fullName: 'Орлова В. А.',
        position: 'Главный специалист',
        roles: ['block_member', 'executor'],
        recipientId: 'b',
      },
    ),
    { position: 'Главный специалист', recipientId: 'b' },
  );
});

test('nothing changed means nothing to send; a cleared field is a change', () => {
  assert.deepEqual(pickChanges({ email: null, topics: ['Дороги'] }, { email: null, topics: ['Дороги'] }), {});
  assert.deepEqual(pickChanges({ email: 'a@b.ru' }, { email: null }), { email: null });
  assert.deepEqual(pickChanges({ roles: ['head'] }, { roles: [] }), { roles: [] });
});
