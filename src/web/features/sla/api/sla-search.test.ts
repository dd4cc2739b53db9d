import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSlaSearch, pickDefaultYear } from './sla-search.js';

test('the tab, the year and the schedule are read from the address bar with their types', () => {
  assert.deepEqual(parseSlaSearch({ tab: 'schedules', year: '2025', schedule: 'mcu' }), {
    tab: 'schedules',
    year: 2025,
    schedule: 'mcu',
  });
  assert.deepEqual(parseSlaSearch({ tab: 'policies' }), { tab: 'policies' });
});

test('values that make no sense are dropped, and the default tab stays out of the address', () => {
  assert.deepEqual(parseSlaSearch({ tab: 'calendar', year: '1999', schedule: 'Не график' }), {});
  assert.deepEqual(parseSlaSearch({ tab: 'x', year: '2026.5' }), {});
  assert.deepEqual(parseSlaSearch({ year: '2031' }), {});
});

test('the default year is the current one within 2018–2030', () => {
  assert.equal(pickDefaultYear(new Date(2026, 5, 1)), 2026);
  assert.equal(pickDefaultYear(new Date(2040, 0, 1)), 2030);
  assert.equal(pickDefaultYear(new Date(2010, 0, 1)), 2018);
});
