import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { slotOfWeek, weeklyScheduleAt } from './report-schedule.js';

describe('расписание еженедельной записки', () => {
  const monday = { weekday: 1, time: '07:00', timezone: 'Europe/Moscow' };

  test('до времени понедельника ничего не положено, ровно в 07:00 и позже — записка за прошлую неделю', () => {
    // 29.03.2021 is the Monday of 2021-W13.
    const before = weeklyScheduleAt(monday, new Date('2021-03-29T06:59:00+03:00'));
    assert.equal(before.dueWeek, null);
    assert.equal(before.nextRunAt.toISOString(), '2021-03-29T04:00:00.000Z');
    assert.equal(before.nextWeek, '2021-W12');
    assert.equal(weeklyScheduleAt(monday, new Date('2021-03-29T07:00:00+03:00')).dueWeek, '2021-W12');
    const later = weeklyScheduleAt(monday, new Date('2021-04-02T23:00:00+03:00'));
    assert.equal(later.dueWeek, '2021-W12');
    assert.equal(later.nextRunAt.toISOString(), '2021-04-05T04:00:00.000Z');
    assert.equal(later.nextWeek, '2021-W13');
  });

  test('время и день недели — в поясе расписания', () => {
    const friday = { weekday: 5, time: '18:30', timezone: 'Asia/Novokuznetsk' };
    // Friday 02.04.2021 18:30 in Novokuznetsk (+07:00) is 11:30 UTC.
    assert.equal(slotOfWeek(friday, '2021-W13').toISOString(), '2021-04-02T11:30:00.000Z');
    assert.equal(weeklyScheduleAt(friday, new Date('2021-04-02T11:29:00Z')).dueWeek, null);
    assert.equal(weeklyScheduleAt(friday, new Date('2021-04-02T11:30:00Z')).dueWeek, '2021-W12');
    // Sunday evening in Moscow is already Monday in Novokuznetsk: the local date decides the week.
    const sunday = { weekday: 1, time: '00:30', timezone: 'Asia/Novokuznetsk' };
    assert.equal(weeklyScheduleAt(sunday, new Date('2021-04-04T18:00:00Z')).dueWeek, '2021-W13');
  });

  test('на рубеже года неделя берётся по ISO', () => {
    // Monday 04.01.2021 is 2021-W01; the week before is 2020-W53.
    assert.equal(weeklyScheduleAt(monday, new Date('2021-01-04T08:00:00+03:00')).dueWeek, '2020-W53');
  });
});
