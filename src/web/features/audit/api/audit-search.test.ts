import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasAuditFilters, parseAuditSearch, toPeriodBounds, toPeriodDays } from './audit-search.js';

const PERSON_ID = '3f1c2a4e-7b7d-4d8e-9a51-0c2b9c1e5f10';

test('the audit filters are read from the address bar with the server’s rules', () => {
  assert.deepEqual(
    parseAuditSearch({
      actorId: PERSON_ID,
      objectType: 'person',
      objectId: '42',
      action: 'person.created',
      from: '2025-11-01T00:00:00+07:00',
      to: '2025-11-30T23:59:59+07:00',
      page: '2',
      pageSize: '100',
    }),
    {
      actorId: PERSON_ID,
      objectType: 'person',
      objectId: '42',
      action: 'person.created',
      from: '2025-11-01T00:00:00+07:00',
      to: '2025-11-30T23:59:59+07:00',
      page: 2,
      pageSize: 100,
    },
  );
});

test('what the server would refuse is dropped, and the defaults are left out of the address', () => {
  assert.deepEqual(
    parseAuditSearch({ actorId: 'admin', from: '01.11.2025', to: 'вчера', page: '1', pageSize: '50', objectType: '' }),
    {},
  );
  assert.deepEqual(parseAuditSearch({ pageSize: '1000', page: '0' }), {});
  assert.equal(hasAuditFilters({ page: 3 }), false);
  assert.equal(hasAuditFilters({ action: 'auth.login' }), true);
});

test('a period of days covers them whole in the center’s time zone, and reads back as the same days', () => {
  const bounds = toPeriodBounds('2025-11-01', '2025-11-03', 'Asia/Novosibirsk');
  assert.deepEqual(bounds, { from: '2025-11-01T00:00:00+07:00', to: '2025-11-03T23:59:59.999+07:00' });
  assert.deepEqual(parseAuditSearch(bounds), bounds);
  assert.deepEqual(toPeriodDays(bounds, 'Asia/Novosibirsk'), ['2025-11-01', '2025-11-03']);
  assert.deepEqual(toPeriodDays({}, 'Asia/Novosibirsk'), [null, null]);
});
