import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillMissingDays, formatDateTime, setDisplayTimeZone } from './dates.js';

test('times are shown in the tenant time zone in the Russian format', () => {
  setDisplayTimeZone('Asia/Novosibirsk');
  try {
    assert.equal(formatDateTime('2025-11-21T09:05:00.000Z'), '21.11.2025 16:05');
    assert.equal(formatDateTime(null), '—');
  } finally {
    setDisplayTimeZone(undefined);
  }
});

test('days without messages are shown as zero, not skipped', () => {
  assert.deepEqual(
    fillMissingDays([
      { day: '2025-11-03', count: 2 },
      { day: '2025-10-31', count: 5 },
    ]),
    [
      { day: '2025-10-31', count: 5 },
      { day: '2025-11-01', count: 0 },
      { day: '2025-11-02', count: 0 },
      { day: '2025-11-03', count: 2 },
    ],
  );
  assert.deepEqual(fillMissingDays([]), []);
});
