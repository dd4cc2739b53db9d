import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJournalSearch } from './journal-search.js';

test('фильтры журнала из адреса: принимается только то, что примет API', () => {
  assert.deepEqual(
    parseJournalSearch({
      from: '2026-01-01',
      to: '01.02.2026',
      appealType: 'complaint',
      receiptForm: 'fax',
      classifierCode: '0003.0009',
      isRepeat: 'true',
      isCollective: 'yes',
      q: '  ОГ-2026 ',
      page: '3',
    }),
    {
      from: '2026-01-01',
      appealType: 'complaint',
      classifierCode: '0003.0009',
      isRepeat: 'true',
      q: 'ОГ-2026',
      page: 3,
    },
  );
  assert.deepEqual(parseJournalSearch({ page: '1', classifierCode: '3.9' }), {});
});
