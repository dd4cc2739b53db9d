import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { describeCalendarDate } from './production-calendar.js';
import { RUSSIAN_PRODUCTION_CALENDAR } from './production-calendar-ru.js';
import { MINUTE_MS } from './time-zone.js';
import {
  DAILY_UNTIL_18_SCHEDULE,
  MCU_SCHEDULE,
  parseTimeOfDay,
  ROUND_THE_CLOCK_SCHEDULE,
  WEEKDAYS,
  type WorkSchedule,
} from './work-schedule.js';
import type { WorkingDuration, WorkingDurationUnit } from './working-duration.js';
import {
  computeDeadline,
  computeElapsedWorkingMinutes,
  findNextWorkingMoment,
  isWorkingMoment,
} from './working-time.js';

// Properties of the arithmetic over random starts in 2018–2026, random schedules and zones, and a
// minute-by-minute reference that shares no code with the timeline: it reads local time from Intl
// and the day from describeCalendarDate (itself checked against the decrees' XML).

const calendar = RUSSIAN_PRODUCTION_CALENDAR;
const ZONES = ['Europe/Kaliningrad', 'Europe/Moscow', 'Asia/Novokuznetsk', 'Asia/Kamchatka'] as const;
const LUNCH_PERIODS = [
  { from: '08:30', to: '12:30' },
  { from: '13:18', to: '17:30' },
];
const LUNCH_SCHEDULE: WorkSchedule = {
  id: 'lunch',
  name: 'Пн–пт с обедом',
  week: {
    monday: LUNCH_PERIODS,
    tuesday: LUNCH_PERIODS,
    wednesday: LUNCH_PERIODS,
    thursday: LUNCH_PERIODS,
    friday: LUNCH_PERIODS,
    saturday: [],
    sunday: [],
  },
  usesProductionCalendar: true,
};
const SCHEDULES = [MCU_SCHEDULE, LUNCH_SCHEDULE, DAILY_UNTIL_18_SCHEDULE, ROUND_THE_CLOCK_SCHEDULE];

const FROM = Date.UTC(2018, 0, 1);
const TO = Date.UTC(2027, 0, 1);
const instant = fc.integer({ min: FROM, max: TO - 1 });
const minuteInstant = fc
  .integer({ min: FROM / MINUTE_MS, max: TO / MINUTE_MS - 1 })
  .map((minute) => minute * MINUTE_MS);
const zone = fc.constantFrom(...ZONES);
const schedule = fc.constantFrom(...SCHEDULES);
const workingTimeDuration = fc.oneof(
  fc.record({ unit: fc.constant<WorkingDurationUnit>('wm'), amount: fc.integer({ min: 0, max: 20_000 }) }),
  fc.record({ unit: fc.constant<WorkingDurationUnit>('wh'), amount: fc.integer({ min: 0, max: 400 }) }),
);
const dayUnit = fc.constantFrom<WorkingDurationUnit>('wd', 'cd', 'cdw');
const anyDuration: fc.Arbitrary<WorkingDuration> = fc.oneof(
  workingTimeDuration,
  fc.record({ unit: dayUnit, amount: fc.integer({ min: 0, max: 60 }) }),
  fc.record({
    unit: fc.constant('sameDayBy' as const),
    time: fc.constantFrom('09:00', '12:00', '18:00', '23:59'),
  }),
);
const minutesOf = (duration: { unit: WorkingDurationUnit; amount: number }) =>
  duration.unit === 'wh' ? duration.amount * 60 : duration.amount;

describe('свойства сроков (fast-check)', () => {
  test('elapsed(start, deadline(start, d)) = d', () => {
    fc.assert(
      fc.property(schedule, zone, instant, workingTimeDuration, (work, timeZone, start, duration) => {
        const deadline = computeDeadline(work, calendar, start, duration, timeZone);
        assert.equal(computeElapsedWorkingMinutes(work, calendar, start, deadline, timeZone), minutesOf(duration));
      }),
      { numRuns: 3000 },
    );
  });

  test('срок не раньше начала и не внутри нерабочей минуты: перед сроком — рабочее время (при d = 0 срок = начало)', () => {
    fc.assert(
      fc.property(schedule, zone, instant, workingTimeDuration, (work, timeZone, start, duration) => {
        const deadline = computeDeadline(work, calendar, start, duration, timeZone);
        assert.ok(deadline >= start);
        if (duration.amount === 0) assert.equal(deadline, start);
        else assert.equal(isWorkingMoment(work, calendar, deadline - 1, timeZone), true);
      }),
      { numRuns: 3000 },
    );
  });

  test('сроки в рабочих и календарных днях (wd, cdw) — закрытие рабочего дня', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(MCU_SCHEDULE, LUNCH_SCHEDULE, DAILY_UNTIL_18_SCHEDULE),
        zone,
        instant,
        fc.constantFrom<WorkingDurationUnit>('wd', 'cdw'),
        fc.integer({ min: 0, max: 60 }),
        (work, timeZone, start, unit, amount) => {
          const deadline = computeDeadline(work, calendar, start, { unit, amount }, timeZone);
          assert.ok(deadline > start);
          assert.equal(isWorkingMoment(work, calendar, deadline - 1, timeZone), true);
          assert.equal(isWorkingMoment(work, calendar, deadline, timeZone), false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('монотонность по началу: позже начало — не раньше срок (все единицы)', () => {
    fc.assert(
      fc.property(schedule, zone, instant, instant, anyDuration, (work, timeZone, first, second, duration) => {
        const [early, late] = first <= second ? [first, second] : [second, first];
        assert.ok(
          computeDeadline(work, calendar, early, duration, timeZone) <=
            computeDeadline(work, calendar, late, duration, timeZone),
        );
      }),
      { numRuns: 3000 },
    );
  });

  test('монотонность по длительности: больше длительность — не раньше срок', () => {
    fc.assert(
      fc.property(
        schedule,
        zone,
        instant,
        fc.constantFrom<WorkingDurationUnit>('wm', 'wh', 'wd', 'cd', 'cdw'),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        (work, timeZone, start, unit, first, second) => {
          const [small, large] = first <= second ? [first, second] : [second, first];
          assert.ok(
            computeDeadline(work, calendar, start, { unit, amount: small }, timeZone) <=
              computeDeadline(work, calendar, start, { unit, amount: large }, timeZone),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('сроки складываются: deadline(deadline(s, a), b) = deadline(s, a + b)', () => {
    fc.assert(
      fc.property(
        schedule,
        zone,
        instant,
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        (work, timeZone, start, first, second) => {
          const add = (from: number, amount: number) =>
            computeDeadline(work, calendar, from, { unit: 'wm', amount }, timeZone);
          assert.equal(add(add(start, first), second), add(start, first + second));
        },
      ),
    );
  });

  test('прошедшее время аддитивно и антисимметрично; следующий рабочий момент ничего не добавляет', () => {
    fc.assert(
      fc.property(schedule, zone, instant, instant, instant, (work, timeZone, first, second, third) => {
        const elapsed = (from: number, to: number) => computeElapsedWorkingMinutes(work, calendar, from, to, timeZone);
        const sum = elapsed(first, second) + elapsed(second, third);
        assert.ok(Math.abs(sum - elapsed(first, third)) < 1e-6);
        assert.equal(elapsed(first, second) + elapsed(second, first), 0);
        const next = findNextWorkingMoment(work, calendar, first, timeZone);
        assert.ok(next >= first);
        assert.equal(isWorkingMoment(work, calendar, next, timeZone), true);
        assert.equal(elapsed(first, next), 0);
      }),
    );
  });
});

// ── The reference: is the minute starting at `utcMs` a working minute? ───────────────────────────

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const dayDescriptions = new Map<string, ReturnType<typeof describeCalendarDate>>();

function readLocal(utcMs: number, timeZone: string): { date: string; minute: number } {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    partsFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(utcMs).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

function referencePeriods(work: WorkSchedule, date: string): number[] {
  const weekday = WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7] ?? 'monday';
  const own = work.week[weekday];
  const toMinutes = (periods: readonly { from: string; to: string }[]) =>
    periods.flatMap((period) => [parseTimeOfDay(period.from) ?? 0, parseTimeOfDay(period.to) ?? 0]);
  if (!work.usesProductionCalendar) return toMinutes(own);
  let description = dayDescriptions.get(date);
  if (!description) {
    description = describeCalendarDate(calendar, date);
    dayDescriptions.set(date, description);
  }
  if (!description.isWorkingDay) return [];
  // A working weekend day of the built-in and test schedules works Monday's hours.
  const periods = toMinutes(own.length > 0 ? own : work.week.monday);
  if (description.kind === 'shortened') {
    const last = periods.length - 1;
    periods[last] = (periods[last] ?? 0) - 60;
  }
  return periods;
}

function isReferenceWorkingMinute(work: WorkSchedule, utcMs: number, timeZone: string): boolean {
  const { date, minute } = readLocal(utcMs, timeZone);
  const periods = referencePeriods(work, date);
  for (let index = 0; index + 1 < periods.length; index += 2) {
    if (minute >= (periods[index] ?? 0) && minute < (periods[index + 1] ?? 0)) return true;
  }
  return false;
}

describe('сверка с поминутным эталоном', () => {
  test('срок в рабочих минутах совпадает с поминутным счётом', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(MCU_SCHEDULE, LUNCH_SCHEDULE, DAILY_UNTIL_18_SCHEDULE),
        zone,
        minuteInstant,
        fc.integer({ min: 1, max: 1500 }),
        (work, timeZone, start, amount) => {
          let counted = 0;
          let cursor = start;
          while (counted < amount) {
            if (isReferenceWorkingMinute(work, cursor, timeZone)) counted += 1;
            cursor += MINUTE_MS;
          }
          assert.equal(computeDeadline(work, calendar, start, { unit: 'wm', amount }, timeZone), cursor);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('срок в рабочих днях МЦУ совпадает с подсчётом дней по календарю', () => {
    fc.assert(
      fc.property(zone, instant, fc.integer({ min: 1, max: 30 }), (timeZone, start, amount) => {
        let { date } = readLocal(start, timeZone);
        let counted = 0;
        while (counted < amount) {
          date = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
          if (describeCalendarDate(calendar, date).isWorkingDay) counted += 1;
        }
        const close = describeCalendarDate(calendar, date).kind === 'shortened' ? '16:30' : '17:30';
        const deadline = computeDeadline(MCU_SCHEDULE, calendar, start, { unit: 'wd', amount }, timeZone);
        const local = readLocal(deadline, timeZone);
        assert.equal(local.date, date);
        assert.equal(local.minute, parseTimeOfDay(close));
      }),
      { numRuns: 500 },
    );
  });
});
