import assert from 'node:assert/strict';
import { test } from 'node:test';
import dayjs from 'dayjs';
import { findZoneNow, formatDateTimeWithWeekday, formatZoneOffset, toZonedIso } from './zone-time.js';

test('a picker holds the municipality’s wall-clock time, whatever the browser’s zone', () => {
  assert.equal(toZonedIso(dayjs('2026-03-13T17:00'), 'Asia/Novokuznetsk'), '2026-03-13T17:00:00+07:00');
  assert.equal(toZonedIso(dayjs('2026-03-13T17:00'), 'Europe/Kaliningrad'), '2026-03-13T17:00:00+02:00');
  assert.equal(
    findZoneNow('Asia/Kamchatka', new Date('2026-03-13T14:00:00Z')).format('YYYY-MM-DD HH:mm'),
    '2026-03-14 02:00',
  );
});

test('times are told in the zone with the weekday and the offset', () => {
  assert.equal(formatDateTimeWithWeekday('2026-03-16T02:00:00.000Z', 'Asia/Novokuznetsk'), 'пн, 16.03.2026 09:00');
  assert.equal(formatZoneOffset('Asia/Novokuznetsk'), 'UTC+07:00');
});
