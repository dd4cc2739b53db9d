import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseICalendarHolidays } from './ical.js';

const sample = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20270101',
  'DTEND;VALUE=DATE:20270103',
  'SUMMARY:Новогодние\\, каникулы',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20270612',
  'SUMMARY:День',
  '  России',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

test('события на целый день становятся выходными; DTEND не входит; свёрнутые строки разворачиваются', () => {
  assert.deepEqual(parseICalendarHolidays(sample), [
    { date: '2027-01-01', name: 'Новогодние, каникулы' },
    { date: '2027-01-02', name: 'Новогодние, каникулы' },
    { date: '2027-06-12', name: 'День России' },
  ]);
});

test('событие со временем и не-iCalendar отклоняются с номером строки', () => {
  assert.throws(
    () => parseICalendarHolidays('BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270101T090000Z\nEND:VEVENT\nEND:VCALENDAR'),
    /Строка 3: событие со временем/,
  );
  assert.throws(() => parseICalendarHolidays('просто текст'), /не похож на iCalendar/);
});
