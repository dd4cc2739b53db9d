import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAILY_UNTIL_18_SCHEDULE, MCU_SCHEDULE } from '../../../../shared/working-time/work-schedule.js';
import {
  describeTimeLeft,
  findWorkingDayMinutes,
  formatDurationInRussian,
  formatEscalationDelay,
  formatWorkingSpan,
  pluralize,
} from './sla-format.js';

test('Russian plurals follow the last digits', () => {
  const days = (count: number) => `${count} ${pluralize(count, 'день', 'дня', 'дней')}`;
  assert.deepEqual([1, 2, 5, 11, 12, 21, 22, 25, 101, 111].map(days), [
    '1 день',
    '2 дня',
    '5 дней',
    '11 дней',
    '12 дней',
    '21 день',
    '22 дня',
    '25 дней',
    '101 день',
    '111 дней',
  ]);
});

test('policy durations read as Russian phrases', () => {
  assert.equal(formatDurationInRussian({ unit: 'wh', amount: 8 }), '8 рабочих часов');
  assert.equal(formatDurationInRussian({ unit: 'wh', amount: 1 }), '1 рабочий час');
  assert.equal(formatDurationInRussian({ unit: 'wh', amount: 4 }), '4 рабочих часа');
  assert.equal(formatDurationInRussian({ unit: 'wd', amount: 8 }), '8 рабочих дней');
  assert.equal(formatDurationInRussian({ unit: 'wm', amount: 30 }), '30 рабочих минут');
  assert.equal(formatDurationInRussian({ unit: 'cd', amount: 14 }), '14 календарных дней');
  assert.equal(formatDurationInRussian({ unit: 'cdw', amount: 3 }), '3 календарных дня с переносом на рабочий день');
  assert.equal(formatDurationInRussian({ unit: 'sameDayBy', time: '18:00' }), 'в тот же день до 18:00');
  assert.equal(formatEscalationDelay({ unit: 'wh', amount: 0 }), 'сразу');
  assert.equal(formatEscalationDelay({ unit: 'wd', amount: 1 }), 'через 1 рабочий день');
});

test('a working day is the longest day of the schedule', () => {
  assert.equal(findWorkingDayMinutes(MCU_SCHEDULE), 540);
  assert.equal(findWorkingDayMinutes(DAILY_UNTIL_18_SCHEDULE), 1080);
});

test('time left: hours and minutes up to a day, then working days', () => {
  assert.equal(formatWorkingSpan(200), '3 ч 20 мин раб.');
  assert.equal(formatWorkingSpan(65), '1 ч 05 мин раб.');
  assert.equal(formatWorkingSpan(45), '45 мин раб.');
  assert.equal(formatWorkingSpan(120), '2 ч раб.');
  assert.equal(formatWorkingSpan(1440, 1440), '24 ч раб.');
  assert.equal(formatWorkingSpan(4320), '8 раб. дней');
  assert.equal(formatWorkingSpan(1620), '3 раб. дня');
  assert.equal(formatWorkingSpan(1560), '2 раб. дня 8 ч');
  assert.equal(formatWorkingSpan(-65, 540, { isHoursMarked: false }), '1 ч 05 мин');
});

test('each timer state has its own words and colour', () => {
  assert.deepEqual(describeTimeLeft('running', 200), { text: 'осталось 3 ч 20 мин раб.', tone: 'success' });
  assert.deepEqual(describeTimeLeft('running', 1080, 540), { text: 'осталось 18 ч раб.', tone: 'success' });
  assert.deepEqual(describeTimeLeft('running', 1620), { text: 'осталось 3 раб. дня', tone: 'success' });
  assert.deepEqual(describeTimeLeft('warning', 104), { text: 'осталось 1 ч 44 мин раб.', tone: 'warning' });
  assert.deepEqual(describeTimeLeft('overdue', -65), { text: 'просрочено на 1 ч 05 мин', tone: 'danger' });
  assert.deepEqual(describeTimeLeft('overdue', 0), { text: 'просрочено', tone: 'danger' });
  assert.deepEqual(describeTimeLeft('paused', 300), { text: 'приостановлено', tone: 'secondary' });
  assert.deepEqual(describeTimeLeft('stopped', null), { text: 'выполнено', tone: 'secondary' });
});
