import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MCU_SCHEDULE, ROUND_THE_CLOCK_SCHEDULE } from '../../../../shared/working-time/work-schedule.js';
import {
  placeScheduleErrors,
  summarizeWeek,
  toPeriodValue,
  toScheduleFormValues,
  toScheduleInput,
} from './schedule-form.js';
import { splitFieldPath } from './server-field-errors.js';

test('a schedule goes through the form unchanged, midnight at the end of a day included', () => {
  for (const schedule of [MCU_SCHEDULE, ROUND_THE_CLOCK_SCHEDULE]) {
    const input = toScheduleInput(toScheduleFormValues(schedule));
    assert.deepEqual(input, { ...schedule, week: JSON.parse(JSON.stringify(schedule.week)) });
  }
});

test('a lunch break: periods are put in order of their start', () => {
  const values = toScheduleFormValues(MCU_SCHEDULE);
  values.week.monday = [
    toPeriodValue({ from: '13:18', to: '17:30' }),
    toPeriodValue({ from: '08:30', to: '12:30' }),
    { from: null, to: null },
  ];
  assert.deepEqual(toScheduleInput(values).week.monday, [
    { from: '08:30', to: '12:30' },
    { from: '13:18', to: '17:30' },
  ]);
});

test('a week in one line', () => {
  assert.equal(summarizeWeek(MCU_SCHEDULE.week), 'пн–пт 08:30–17:30; сб–вс выходной');
  assert.equal(summarizeWeek(ROUND_THE_CLOCK_SCHEDULE.week), 'пн–вс 00:00–24:00');
});

test('server errors land on the period they name; the rest is shown above the form', () => {
  const { placed, unplaced } = placeScheduleErrors([
    { path: splitFieldPath('week.monday.1.from'), message: 'Время ЧЧ:ММ' },
    { path: splitFieldPath('name'), message: 'Не может быть пустым' },
    { path: splitFieldPath('week'), message: 'График «Обед»: периоды пересекаются.' },
  ]);
  assert.deepEqual(placed, [
    { name: ['week', 'monday', 1, 'from'], message: 'Время ЧЧ:ММ' },
    { name: ['name'], message: 'Не может быть пустым' },
  ]);
  assert.deepEqual(unplaced, ['График «Обед»: периоды пересекаются.']);
});
