import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { RUSSIAN_PRODUCTION_CALENDAR } from './production-calendar-ru.js';
import {
  convertWallToUtc,
  findZoneOffset,
  formatInstantInZone,
  MINUTE_MS,
  parseInstant,
  resolveTimeZone,
} from './time-zone.js';
import { MCU_SCHEDULE, ROUND_THE_CLOCK_SCHEDULE } from './work-schedule.js';
import { computeDeadline, computeElapsedWorkingMinutes, isWorkingMoment } from './working-time.js';
import { WorkingTimeError } from './working-time-error.js';

const calendar = RUSSIAN_PRODUCTION_CALENDAR;
const RUSSIAN_ZONES = ['Europe/Kaliningrad', 'Europe/Moscow', 'Asia/Novokuznetsk', 'Asia/Kamchatka'] as const;
const HOUR_MS = 60 * MINUTE_MS;

function readOffsetDirectly(timeZone: string, utcMs: number): number {
  const text = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).format(utcMs);
  const match = /GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(text);
  assert.ok(match, text);
  if (!match[1]) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * MINUTE_MS;
}

describe('часовые пояса', () => {
  test('смещения Калининграда, Москвы, Новокузнецка и Камчатки: +2, +3, +7, +12', () => {
    const instant = Date.UTC(2026, 2, 10, 12);
    assert.deepEqual(
      RUSSIAN_ZONES.map((zone) => findZoneOffset(zone, instant) / HOUR_MS),
      [2, 3, 7, 12],
    );
  });

  test('смещение из кэша совпадает с Intl для любых моментов 2018–2026 (и для зон с переходами)', () => {
    const zones = [...RUSSIAN_ZONES, 'Europe/Volgograd', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2027, 0, 1) }),
        (zone, instant) => {
          assert.equal(findZoneOffset(zone, instant), readOffsetDirectly(zone, instant));
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('один и тот же срок по местным часам в каждой зоне, но в разные мгновения UTC', () => {
    const deadlines = RUSSIAN_ZONES.map((zone) => {
      const start = parseInstant('2026-03-13T17:00', zone);
      const deadline = computeDeadline(MCU_SCHEDULE, calendar, start, { unit: 'wh', amount: 1 }, zone);
      return formatInstantInZone(deadline, zone);
    });
    assert.deepEqual(deadlines, [
      '2026-03-16T09:00:00+02:00',
      '2026-03-16T09:00:00+03:00',
      '2026-03-16T09:00:00+07:00',
      '2026-03-16T09:00:00+12:00',
    ]);
  });

  test('одно мгновение — разное рабочее время: 10:00 по Москве на Камчатке уже 19:00', () => {
    const start = parseInstant('2026-03-10T10:00:00+03:00', 'Europe/Moscow');
    const end = parseInstant('2026-03-10T12:00:00+03:00', 'Europe/Moscow');
    const elapsed = RUSSIAN_ZONES.map((zone) => computeElapsedWorkingMinutes(MCU_SCHEDULE, calendar, start, end, zone));
    // Kaliningrad 09:00–11:00, Moscow 10:00–12:00, Novokuznetsk 14:00–16:00, Kamchatka 19:00–21:00.
    assert.deepEqual(elapsed, [120, 120, 120, 0]);
    assert.equal(isWorkingMoment(MCU_SCHEDULE, calendar, start, 'Asia/Kamchatka'), false);
  });

  test('Волгоград сменил смещение 28.10.2018 (+3 → +4) и 27.12.2020 (+4 → +3): сутки 23 и 25 часов', () => {
    const zone = 'Europe/Volgograd';
    const dayMinutes = (date: string, next: string) =>
      computeElapsedWorkingMinutes(
        ROUND_THE_CLOCK_SCHEDULE,
        calendar,
        parseInstant(date, zone),
        parseInstant(next, zone),
        zone,
      );
    assert.equal(dayMinutes('2018-10-28', '2018-10-29'), 23 * 60);
    assert.equal(dayMinutes('2020-12-27', '2020-12-28'), 25 * 60);
    const friday = parseInstant('2018-10-26T17:00', zone);
    const deadline = computeDeadline(MCU_SCHEDULE, calendar, friday, { unit: 'wh', amount: 1 }, zone);
    assert.equal(formatInstantInZone(deadline, zone), '2018-10-29T09:00:00+04:00');
    const calendarDay = computeDeadline(MCU_SCHEDULE, calendar, friday, { unit: 'cd', amount: 3 }, zone);
    assert.equal(formatInstantInZone(calendarDay, zone), '2018-10-29T17:00:00+04:00');
  });

  test('зона с летним временем (Europe/Berlin): несуществующее 02:30 переходит на 03:30', () => {
    assert.equal(
      formatInstantInZone(parseInstant('2026-03-29T02:30', 'Europe/Berlin'), 'Europe/Berlin'),
      '2026-03-29T03:30:00+02:00',
    );
    const day = (date: string, next: string) =>
      computeElapsedWorkingMinutes(
        ROUND_THE_CLOCK_SCHEDULE,
        calendar,
        parseInstant(date, 'Europe/Berlin'),
        parseInstant(next, 'Europe/Berlin'),
        'Europe/Berlin',
      );
    assert.equal(day('2026-03-29', '2026-03-30'), 23 * 60);
    assert.equal(day('2026-10-25', '2026-10-26'), 25 * 60);
    const wall = Date.UTC(2026, 6, 1, 12);
    assert.equal(convertWallToUtc('Europe/Berlin', wall), wall - 2 * HOUR_MS);
  });
});

describe('ISO-8601', () => {
  test('вывод со смещением зоны; миллисекунды — только если есть', () => {
    const instant = Date.UTC(2026, 2, 10, 7, 30);
    assert.equal(formatInstantInZone(instant, 'Europe/Moscow'), '2026-03-10T10:30:00+03:00');
    assert.equal(formatInstantInZone(new Date(instant + 5), 'Asia/Kamchatka'), '2026-03-10T19:30:00.005+12:00');
    assert.equal(formatInstantInZone(instant, 'Asia/Kolkata'), '2026-03-10T13:00:00+05:30');
    assert.equal(formatInstantInZone(instant, 'America/New_York'), '2026-03-10T03:30:00-04:00');
    assert.equal(formatInstantInZone(instant, 'UTC'), '2026-03-10T07:30:00+00:00');
  });

  test('ввод: со смещением, Z, без смещения — местное время зоны, одна дата — полночь', () => {
    const expected = Date.UTC(2026, 2, 10, 6, 30);
    for (const text of [
      '2026-03-10T09:30:00+03:00',
      '2026-03-10T09:30+0300',
      '2026-03-10T09:30+03',
      '2026-03-10T06:30:00Z',
      '2026-03-10T06:30:00.000Z',
      '2026-03-10 09:30',
      '2026-03-10T09:30',
    ]) {
      assert.equal(parseInstant(text, 'Europe/Moscow'), expected, text);
    }
    assert.equal(parseInstant('2026-03-10', 'Asia/Kamchatka'), Date.UTC(2026, 2, 9, 12));
    assert.equal(parseInstant('2026-03-10T06:30:00,25Z', 'Europe/Moscow'), expected + 250);
  });

  test('неверный ввод: понятная ошибка с примером', () => {
    for (const text of [
      '',
      'завтра',
      '2026-3-10',
      '2026-03-10T25:00',
      '2026-02-29',
      '2026-03-10T10:00+15:00',
      '10.03.2026',
    ]) {
      assert.throws(
        () => parseInstant(text, 'Europe/Moscow'),
        (error: unknown) =>
          error instanceof WorkingTimeError && error.code === 'INVALID_INSTANT' && /ISO-8601/.test(error.message),
        text,
      );
    }
  });

  test('название зоны приводится к каноническому, неизвестное — ошибка', () => {
    assert.equal(resolveTimeZone('europe/moscow'), 'Europe/Moscow');
    assert.throws(() => resolveTimeZone('Moscow'), /Неизвестный часовой пояс «Moscow»/);
    assert.throws(() => resolveTimeZone(''), WorkingTimeError);
  });
});
