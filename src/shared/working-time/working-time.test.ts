import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RUSSIAN_PRODUCTION_CALENDAR } from './production-calendar-ru.js';
import { formatInstantInZone, parseInstant } from './time-zone.js';
import {
  DAILY_UNTIL_18_SCHEDULE,
  findBuiltInSchedule,
  MCU_SCHEDULE,
  ROUND_THE_CLOCK_SCHEDULE,
  type WorkSchedule,
} from './work-schedule.js';
import { parseWorkingDuration } from './working-duration.js';
import {
  computeDeadline,
  computeElapsedWorkingMinutes,
  computeRemainingWorkingMinutes,
  findNextWorkingMoment,
  isWorkingMoment,
} from './working-time.js';
import { WorkingTimeError } from './working-time-error.js';

const calendar = RUSSIAN_PRODUCTION_CALENDAR;
const moscow = 'Europe/Moscow';

/** A lunch-break schedule as a tenant would store it. */
const LUNCH_SCHEDULE: WorkSchedule = {
  id: 'lunch',
  name: 'Пн–пт 08:30–12:30 и 13:18–17:30',
  week: {
    monday: [
      { from: '08:30', to: '12:30' },
      { from: '13:18', to: '17:30' },
    ],
    tuesday: [
      { from: '08:30', to: '12:30' },
      { from: '13:18', to: '17:30' },
    ],
    wednesday: [
      { from: '08:30', to: '12:30' },
      { from: '13:18', to: '17:30' },
    ],
    thursday: [
      { from: '08:30', to: '12:30' },
      { from: '13:18', to: '17:30' },
    ],
    friday: [
      { from: '08:30', to: '12:30' },
      { from: '13:18', to: '17:30' },
    ],
    saturday: [],
    sunday: [],
  },
  usesProductionCalendar: true,
};

function scheduleOf(id: string): WorkSchedule {
  const schedule = id === 'lunch' ? LUNCH_SCHEDULE : findBuiltInSchedule(id);
  assert.ok(schedule, id);
  return schedule;
}

function deadlineOf(id: string, start: string, duration: string, timeZone = moscow): string {
  const deadline = computeDeadline(
    scheduleOf(id),
    calendar,
    parseInstant(start, timeZone),
    parseWorkingDuration(duration),
    timeZone,
  );
  return formatInstantInZone(deadline, timeZone);
}

type Example = [schedule: string, start: string, duration: string, expected: string, why: string, timeZone?: string];

// Worked examples (docs/working-time.md shows them too). Starts without an offset are Moscow time.
const EXAMPLES: readonly Example[] = [
  [
    'mcu',
    '2026-03-13T17:00',
    '1wh',
    '2026-03-16T09:00:00+03:00',
    'пятница 17:00 + 1 рабочий час → понедельник 08:30 + 30 мин',
  ],
  [
    'mcu',
    '2026-03-06T17:00',
    '1wh',
    '2026-03-10T09:00:00+03:00',
    '8 марта — воскресенье, выходной перенесён на 9 марта',
  ],
  [
    'mcu',
    '2026-03-10T08:30',
    '9wh',
    '2026-03-10T17:30:00+03:00',
    'кончается ровно в закрытие — срок 17:30, не 08:30 завтра',
  ],
  ['mcu', '2026-03-10T08:30', '540wm', '2026-03-10T17:30:00+03:00', '540 рабочих минут = 9 рабочих часов'],
  [
    'mcu',
    '2026-04-30T08:30',
    '8wh',
    '2026-04-30T16:30:00+03:00',
    'сокращённый предпраздничный день закрывается в 16:30',
  ],
  ['mcu', '2026-04-30T16:00', '1wh', '2026-05-04T09:00:00+03:00', '30 мин 30 апреля, 1–3 мая выходные, 30 мин 4 мая'],
  [
    'mcu',
    '2026-03-14T10:00',
    '1wh',
    '2026-03-16T09:30:00+03:00',
    'начало в субботу отсчитывается с понедельника 08:30',
  ],
  ['mcu', '2025-10-31T17:00', '1wh', '2025-11-01T09:00:00+03:00', 'суббота 1 ноября 2025 года рабочая (сокращённая)'],
  [
    'mcu',
    '2026-12-30T17:00',
    '1wh',
    '2027-01-11T09:00:00+03:00',
    '31 декабря перенесённый выходной, 1–8 января 2027 — праздники ТК РФ',
  ],
  ['mcu', '2026-03-14T10:00', '1wd', '2026-03-16T17:30:00+03:00', '1 рабочий день от субботы — закрытие понедельника'],
  [
    'mcu',
    '2026-03-07T10:00',
    '1wd',
    '2026-03-10T17:30:00+03:00',
    'от субботы 7 марта: 8-е праздник, 9-е перенесённый выходной',
  ],
  ['mcu', '2026-03-10T08:00', '1wd', '2026-03-11T17:30:00+03:00', 'день начала не считается, даже до открытия'],
  ['mcu', '2026-03-10T23:00', '1wd', '2026-03-11T17:30:00+03:00', 'и после закрытия'],
  ['mcu', '2026-04-29T10:00', '1wd', '2026-04-30T16:30:00+03:00', 'рабочий день — сокращённый, срок в 16:30'],
  ['mcu', '2026-04-27T10:00', '8wd', '2026-05-08T16:30:00+03:00', '8-й рабочий день — сокращённое 8 мая'],
  ['mcu', '2026-03-10T10:00', '14cd', '2026-03-24T10:00:00+03:00', 'календарные дни: ровно 14 суток'],
  ['mcu', '2026-03-07T10:00', '1cd', '2026-03-08T10:00:00+03:00', 'календарные дни не смотрят на график'],
  [
    'mcu',
    '2026-05-06T10:00',
    '3cdw',
    '2026-05-12T17:30:00+03:00',
    '9 мая праздник, 10-е воскресенье, 11-е перенесённый выходной',
  ],
  ['mcu', '2026-02-20T10:00', '3cdw', '2026-02-24T17:30:00+03:00', '23 февраля праздник — срок переносится на 24-е'],
  ['mcu', '2026-03-10T10:00', '30cdw', '2026-04-09T17:30:00+03:00', '9 апреля — рабочий четверг'],
  ['mcu', '2026-04-27T10:00', '3cdw', '2026-04-30T16:30:00+03:00', 'последний день сокращённый'],
  ['daily18', '2026-01-01T10:00', 'by18:00', '2026-01-01T18:00:00+03:00', 'в тот же день до 18:00, праздник не важен'],
  ['daily18', '2026-01-01T18:00', 'by18:00', '2026-01-02T18:00:00+03:00', 'в 18:00 и позже — до 18:00 следующего дня'],
  ['daily18', '2026-03-07T17:00', '2wh', '2026-03-08T01:00:00+03:00', 'час субботы до 18:00 и час воскресенья с 00:00'],
  ['24x7', '2026-03-07T23:30', '1wh', '2026-03-08T00:30:00+03:00', 'круглосуточно'],
  ['24x7', '2026-03-10T10:00', '1cdw', '2026-03-12T00:00:00+03:00', 'конец 11 марта при графике 24×7 — полночь'],
  ['mcu', '2026-03-14T10:00', '0wh', '2026-03-14T10:00:00+03:00', 'нулевая длительность — срок в момент начала'],
  ['mcu', '2026-03-10T10:00', '0wd', '2026-03-10T17:30:00+03:00', '0wd — до конца текущего рабочего дня'],
  [
    'mcu',
    '2026-03-10T18:00',
    '0wd',
    '2026-03-11T17:30:00+03:00',
    '0wd после закрытия — до конца следующего рабочего дня',
  ],
  ['lunch', '2026-03-10T12:00', '30wm', '2026-03-10T12:30:00+03:00', 'кончается в начале обеда, не после него'],
  ['lunch', '2026-03-10T12:00', '31wm', '2026-03-10T13:19:00+03:00', 'обед 12:30–13:18 не считается'],
  [
    'lunch',
    '2026-04-30T13:18',
    '4wh',
    '2026-05-04T09:18:00+03:00',
    'в сокращённый день второй период кончается в 16:30',
  ],
  ['mcu', '2026-03-13T17:00', '1wh', '2026-03-16T09:00:00+02:00', 'Калининград', 'Europe/Kaliningrad'],
  ['mcu', '2026-03-13T17:00', '1wh', '2026-03-16T09:00:00+07:00', 'Новокузнецк', 'Asia/Novokuznetsk'],
  ['mcu', '2026-03-13T17:00', '1wh', '2026-03-16T09:00:00+12:00', 'Петропавловск-Камчатский', 'Asia/Kamchatka'],
  [
    'mcu',
    '2026-03-13T14:00:00Z',
    '1wh',
    '2026-03-16T09:30:00+12:00',
    '17:00 в Москве — 02:00 субботы на Камчатке',
    'Asia/Kamchatka',
  ],
];

describe('сроки: примеры для каждой единицы', () => {
  for (const [schedule, start, duration, expected, why, timeZone] of EXAMPLES) {
    test(`${schedule} ${start} + ${duration}${timeZone ? ` (${timeZone})` : ''} → ${expected}: ${why}`, () => {
      assert.equal(deadlineOf(schedule, start, duration, timeZone), expected);
    });
  }
});

describe('прошедшее и оставшееся рабочее время', () => {
  const at = (text: string, timeZone = moscow) => parseInstant(text, timeZone);

  test('пятница 17:00 → вторник 09:00 через праздничный понедельник: 60 рабочих минут', () => {
    assert.equal(
      computeElapsedWorkingMinutes(MCU_SCHEDULE, calendar, at('2026-03-06T17:00'), at('2026-03-10T09:00'), moscow),
      60,
    );
  });

  test('сокращённый день даёт 8 часов, неделя с 8 марта — 4 рабочих дня', () => {
    assert.equal(
      computeElapsedWorkingMinutes(MCU_SCHEDULE, calendar, at('2026-04-30T00:00'), at('2026-05-04T08:30'), moscow),
      480,
    );
    assert.equal(
      computeElapsedWorkingMinutes(MCU_SCHEDULE, calendar, at('2026-03-09T00:00'), at('2026-03-16T00:00'), moscow),
      4 * 540,
    );
  });

  test('доли минуты сохраняются; в обратную сторону — со знаком минус', () => {
    const from = at('2026-03-10T10:00:00');
    assert.equal(computeElapsedWorkingMinutes(ROUND_THE_CLOCK_SCHEDULE, calendar, from, from + 30_000, moscow), 0.5);
    assert.equal(
      computeElapsedWorkingMinutes(MCU_SCHEDULE, calendar, at('2026-03-10T09:00'), at('2026-03-06T17:00'), moscow),
      -60,
    );
  });

  test('2025 год по графику МЦУ: 247 рабочих дней по 9 часов, из них 4 сокращённых', () => {
    const minutes = computeElapsedWorkingMinutes(MCU_SCHEDULE, calendar, at('2025-01-01'), at('2026-01-01'), moscow);
    // The 2025 norm of a 40-hour week is 1972 h = 247 × 8 − 4; the МЦУ day is 9 h (08:30–17:30, no break).
    assert.equal(minutes, (247 * 9 - 4) * 60);
  });

  test('остаток: положительный до срока, отрицательный после (на сколько просрочено)', () => {
    const start = at('2026-03-10T09:00');
    const deadline = computeDeadline(MCU_SCHEDULE, calendar, start, { unit: 'wh', amount: 8 }, moscow);
    assert.equal(computeRemainingWorkingMinutes(MCU_SCHEDULE, calendar, at('2026-03-10T16:00'), deadline, moscow), 60);
    assert.equal(computeRemainingWorkingMinutes(MCU_SCHEDULE, calendar, at('2026-03-11T09:00'), deadline, moscow), -60);
  });
});

describe('рабочие моменты', () => {
  const at = (text: string) => parseInstant(text, moscow);

  test('открытие рабочее, закрытие — уже нет', () => {
    assert.equal(isWorkingMoment(MCU_SCHEDULE, calendar, at('2026-03-10T08:30'), moscow), true);
    assert.equal(isWorkingMoment(MCU_SCHEDULE, calendar, at('2026-03-10T08:29:59'), moscow), false);
    assert.equal(isWorkingMoment(MCU_SCHEDULE, calendar, at('2026-03-10T17:29:59'), moscow), true);
    assert.equal(isWorkingMoment(MCU_SCHEDULE, calendar, at('2026-03-10T17:30'), moscow), false);
    assert.equal(isWorkingMoment(DAILY_UNTIL_18_SCHEDULE, calendar, at('2026-01-01T17:59'), moscow), true);
  });

  test('следующий рабочий момент: сам момент в рабочее время, иначе ближайшее открытие', () => {
    const next = (text: string, schedule = MCU_SCHEDULE) =>
      formatInstantInZone(findNextWorkingMoment(schedule, calendar, at(text), moscow), moscow);
    assert.equal(next('2026-03-10T10:15'), '2026-03-10T10:15:00+03:00');
    assert.equal(next('2026-03-06T17:30'), '2026-03-10T08:30:00+03:00');
    assert.equal(next('2026-12-31T10:00'), '2027-01-11T08:30:00+03:00');
    assert.equal(next('2026-03-10T12:45', LUNCH_SCHEDULE), '2026-03-10T13:18:00+03:00');
    assert.equal(next('2026-03-10T19:00', DAILY_UNTIL_18_SCHEDULE), '2026-03-11T00:00:00+03:00');
  });
});

describe('входные данные', () => {
  const start = parseInstant('2026-03-10T10:00', moscow);
  const codeOf = (work: () => unknown): string => {
    try {
      work();
    } catch (error) {
      assert.ok(error instanceof WorkingTimeError, String(error));
      assert.match(error.message, /[а-яё]/i);
      return error.code;
    }
    return 'нет ошибки';
  };

  test('неверная длительность, зона, момент и график — WorkingTimeError с кодом и русским текстом', () => {
    assert.equal(
      codeOf(() => parseWorkingDuration('8 часов')),
      'INVALID_DURATION',
    );
    assert.equal(
      codeOf(() => parseWorkingDuration('1.5wh')),
      'INVALID_DURATION',
    );
    assert.equal(
      codeOf(() => parseWorkingDuration('by25:00')),
      'INVALID_DURATION',
    );
    assert.equal(
      codeOf(() => computeDeadline(MCU_SCHEDULE, calendar, start, { unit: 'wh', amount: -1 }, moscow)),
      'INVALID_DURATION',
    );
    assert.equal(
      codeOf(() => computeDeadline(MCU_SCHEDULE, calendar, start, { unit: 'wh', amount: 1 }, 'Europe/Atlantis')),
      'INVALID_TIME_ZONE',
    );
    assert.equal(
      codeOf(() => computeDeadline(MCU_SCHEDULE, calendar, new Date(Number.NaN), { unit: 'wh', amount: 1 }, moscow)),
      'INVALID_INSTANT',
    );
    assert.equal(
      codeOf(() => parseInstant('2026-02-29T10:00', moscow)),
      'INVALID_INSTANT',
    );
    assert.equal(
      codeOf(() => parseInstant('1969-12-31T10:00Z', moscow)),
      'INSTANT_OUT_OF_RANGE',
    );
    const broken: WorkSchedule = {
      ...MCU_SCHEDULE,
      week: { ...MCU_SCHEDULE.week, monday: [{ from: '18:00', to: '09:00' }] },
    };
    assert.equal(
      codeOf(() => computeDeadline(broken, calendar, start, { unit: 'wh', amount: 1 }, moscow)),
      'INVALID_SCHEDULE',
    );
    const empty: WorkSchedule = {
      ...ROUND_THE_CLOCK_SCHEDULE,
      week: { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] },
    };
    assert.equal(
      codeOf(() => computeDeadline(empty, calendar, start, { unit: 'wh', amount: 1 }, moscow)),
      'INVALID_SCHEDULE',
    );
  });

  test('срок дальше 2399 года — DEADLINE_UNREACHABLE или INSTANT_OUT_OF_RANGE, а не зависание', () => {
    const late = parseInstant('2399-12-30T10:00', moscow);
    assert.equal(
      codeOf(() => computeDeadline(MCU_SCHEDULE, calendar, late, { unit: 'wd', amount: 30 }, moscow)),
      'DEADLINE_UNREACHABLE',
    );
    assert.equal(
      codeOf(() => computeDeadline(MCU_SCHEDULE, calendar, late, { unit: 'cd', amount: 30 }, moscow)),
      'INSTANT_OUT_OF_RANGE',
    );
  });

  test('даты за пределами 2018–2026 считаются (таймлайн расширяется)', () => {
    assert.equal(deadlineOf('mcu', '1999-12-31T17:00', '1wh', moscow), '2000-01-10T09:00:00+03:00');
    assert.equal(deadlineOf('mcu', '2100-03-05T17:00', '1wd', moscow), '2100-03-09T17:30:00+03:00');
  });
});
