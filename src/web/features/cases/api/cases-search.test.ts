import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasCaseFilters, parseCasesSearch } from './cases-search.js';

test('filters from the address bar are read with their types', () => {
  assert.deepEqual(
    parseCasesSearch({ channel: 'pos', status: 'in_work', kind: 'appeal', q: ' яма ', isOverdue: 'true', page: '3' }),
    { channel: 'pos', status: 'in_work', kind: 'appeal', q: 'яма', isOverdue: true, page: 3 },
  );
  assert.deepEqual(parseCasesSearch({ q: 12345, pageSize: '100' }), { q: '12345', pageSize: 100 });
});

test('values that make no sense are dropped, so a hand-edited address still opens the list', () => {
  assert.deepEqual(
    parseCasesSearch({
      channel: 'fax',
      status: 'lost',
      kind: 'x',
      q: '   ',
      isOverdue: 'yes',
      page: '-2',
      pageSize: '100000',
      caseId: 'not-a-uuid',
    }),
    {},
  );
});

test('defaults are left out of the address: page 1 and 50 rows', () => {
  assert.deepEqual(parseCasesSearch({ page: '1', pageSize: '50' }), {});
});

test('the case open in the side panel is not a filter', () => {
  const caseId = '3f1c2a4e-7b7d-4d8e-9a51-0c2b9c1e5f10';
  assert.deepEqual(parseCasesSearch({ caseId }), { caseId });
  assert.equal(hasCaseFilters({ caseId, page: 2 }), false);
  assert.equal(hasCaseFilters({ isOverdue: true }), true);
});
