import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type CalendarDayKind,
  createProductionCalendar,
  describeCalendarDate,
  packCalendarYear,
  unpackCalendarYear,
} from './production-calendar.js';
import { addCalendarYearFromXml, RUSSIAN_PRODUCTION_CALENDAR } from './production-calendar-ru.js';
import { parseProductionCalendarXml } from './production-calendar-xml.js';
import { parseInstant } from './time-zone.js';
import { MCU_SCHEDULE } from './work-schedule.js';
import { computeElapsedWorkingMinutes, isWorkingMoment } from './working-time.js';
import { WorkingTimeError } from './working-time-error.js';

const root = path.resolve(import.meta.dirname, '../../..');
const xmlFolder = path.resolve(root, '../shared/data/production-calendar-ru');
const hasXml = fs.existsSync(xmlFolder);
const skipWithoutXml = hasXml ? false : `нет папки ${xmlFolder} с XML производственного календаря — сверка пропущена`;
const calendar = RUSSIAN_PRODUCTION_CALENDAR;
const moscow = 'Europe/Moscow';

type Fact = { date: string; kind: CalendarDayKind; holiday?: string; movedFrom?: string };

const holiday = (date: string, name: string): Fact => ({ date, kind: 'holiday', holiday: name });
const transfer = (date: string, movedFrom: string): Fact => ({ date, kind: 'transferredDayOff', movedFrom });
const shortened = (date: string): Fact => ({ date, kind: 'shortened' });
const newYear = (year: number): Fact[] =>
  [1, 2, 3, 4, 5, 6, 8].map((day) => holiday(`${year}-01-0${day}`, 'Новогодние каникулы'));

// The facts of the decrees, written out by hand: Government Decree No. 1335 of 04.10.2024 (2025) and the
// decree on 2026 published in 2025. The generated data must say exactly this.
const FACTS: Readonly<Record<2025 | 2026, readonly Fact[]>> = {
  2025: [
    ...newYear(2025),
    holiday('2025-01-07', 'Рождество Христово'),
    holiday('2025-02-23', 'День защитника Отечества'),
    shortened('2025-03-07'),
    holiday('2025-03-08', 'Международный женский день'),
    shortened('2025-04-30'),
    holiday('2025-05-01', 'Праздник Весны и Труда'),
    transfer('2025-05-02', '2025-01-04'),
    transfer('2025-05-08', '2025-02-23'),
    holiday('2025-05-09', 'День Победы'),
    shortened('2025-06-11'),
    holiday('2025-06-12', 'День России'),
    transfer('2025-06-13', '2025-03-08'),
    shortened('2025-11-01'),
    transfer('2025-11-03', '2025-11-01'),
    holiday('2025-11-04', 'День народного единства'),
    transfer('2025-12-31', '2025-01-05'),
  ],
  2026: [
    ...newYear(2026),
    holiday('2026-01-07', 'Рождество Христово'),
    transfer('2026-01-09', '2026-01-03'),
    holiday('2026-02-23', 'День защитника Отечества'),
    holiday('2026-03-08', 'Международный женский день'),
    transfer('2026-03-09', '2026-03-08'),
    shortened('2026-04-30'),
    holiday('2026-05-01', 'Праздник Весны и Труда'),
    shortened('2026-05-08'),
    holiday('2026-05-09', 'День Победы'),
    transfer('2026-05-11', '2026-05-09'),
    shortened('2026-06-11'),
    holiday('2026-06-12', 'День России'),
    shortened('2026-11-03'),
    holiday('2026-11-04', 'День народного единства'),
    transfer('2026-12-31', '2026-01-04'),
  ],
};

describe('производственный календарь 2025 и 2026: каждый праздник, перенос и сокращённый день', () => {
  for (const year of [2025, 2026] as const) {
    test(`${year}: в календаре ровно эти особые даты`, () => {
      const listed = calendar.years.find((candidate) => candidate.year === year)?.days ?? [];
      assert.deepEqual(
        listed.map((day) => day.date),
        FACTS[year].map((fact) => fact.date).sort(),
      );
      for (const fact of FACTS[year]) {
        const description = describeCalendarDate(calendar, fact.date);
        assert.equal(description.kind, fact.kind, fact.date);
        assert.equal(description.holiday?.name, fact.holiday, fact.date);
        assert.equal(description.movedFrom, fact.movedFrom, fact.date);
        assert.equal(description.isPresumed, false);
      }
    });

    test(`${year}: график МЦУ не работает в праздники и перенесённые выходные, в сокращённые дни — до 16:30`, () => {
      for (const fact of FACTS[year]) {
        const at = (time: string) => parseInstant(`${fact.date}T${time}`, moscow);
        if (fact.kind === 'shortened') {
          assert.equal(isWorkingMoment(MCU_SCHEDULE, calendar, at('08:30'), moscow), true, fact.date);
          assert.equal(isWorkingMoment(MCU_SCHEDULE, calendar, at('16:29'), moscow), true, fact.date);
          assert.equal(isWorkingMoment(MCU_SCHEDULE, calendar, at('16:30'), moscow), false, fact.date);
          assert.equal(computeElapsedWorkingMinutes(MCU_SCHEDULE, calendar, at('00:00'), at('23:59'), moscow), 480);
        } else {
          assert.equal(computeElapsedWorkingMinutes(MCU_SCHEDULE, calendar, at('00:00'), at('23:59'), moscow), 0);
        }
      }
    });
  }

  test('рабочая суббота 1 ноября 2025 года — сокращённый день с часами понедельника: 08:30–16:30', () => {
    assert.deepEqual(describeCalendarDate(calendar, '2025-11-01'), {
      date: '2025-11-01',
      kind: 'shortened',
      isWorkingDay: true,
      isPresumed: false,
    });
    const from = parseInstant('2025-11-01T00:00', moscow);
    const to = parseInstant('2025-11-02T00:00', moscow);
    assert.equal(computeElapsedWorkingMinutes(MCU_SCHEDULE, calendar, from, to, moscow), 8 * 60);
    assert.equal(isWorkingMoment(MCU_SCHEDULE, calendar, parseInstant('2025-11-01T08:30', moscow), moscow), true);
  });

  test('обычные дни: будни рабочие, суббота и воскресенье не в списке — выходные', () => {
    assert.equal(describeCalendarDate(calendar, '2026-03-10').kind, 'workday');
    assert.equal(describeCalendarDate(calendar, '2026-03-14').kind, 'weekend');
    assert.equal(describeCalendarDate(calendar, '2026-03-14').isWorkingDay, false);
  });

  test('рабочий выходной 27.04.2024 работает часы понедельника, на который перенесён выходной', () => {
    assert.equal(describeCalendarDate(calendar, '2024-04-27').kind, 'workingWeekend');
    assert.equal(describeCalendarDate(calendar, '2024-04-29').movedFrom, '2024-04-27');
    const from = parseInstant('2024-04-27T00:00', moscow);
    const to = parseInstant('2024-04-28T00:00', moscow);
    assert.equal(computeElapsedWorkingMinutes(MCU_SCHEDULE, calendar, from, to, moscow), 9 * 60);
  });

  test('года без календаря (2027): предполагаются только праздники статьи 112 ТК РФ', () => {
    assert.deepEqual(describeCalendarDate(calendar, '2027-01-08'), {
      date: '2027-01-08',
      kind: 'holiday',
      isWorkingDay: false,
      isPresumed: true,
      holiday: { id: 1, name: 'Новогодние каникулы' },
    });
    assert.equal(describeCalendarDate(calendar, '2027-01-11').kind, 'workday');
    assert.equal(describeCalendarDate(calendar, '2027-01-11').isPresumed, true);
    const noon = parseInstant('2027-03-08T12:00', moscow);
    assert.equal(isWorkingMoment(MCU_SCHEDULE, calendar, noon, moscow), false);
  });
});

describe('сверка с XML (../shared/data/production-calendar-ru)', () => {
  test('сгенерированные данные 2018–2026 совпадают с разбором каждого XML', { skip: skipWithoutXml }, () => {
    const files = fs.readdirSync(xmlFolder).filter((name) => /^\d{4}\.xml$/.test(name));
    assert.equal(files.length, 9);
    for (const file of files) {
      const parsed = parseProductionCalendarXml(fs.readFileSync(path.join(xmlFolder, file), 'utf8'), file);
      const shipped = calendar.years.find((year) => year.year === parsed.year);
      assert.deepEqual(shipped, parsed, file);
    }
  });

  test('в 2025 и 2026 каждая запись XML видна в расчётах МЦУ', { skip: skipWithoutXml }, () => {
    for (const year of [2025, 2026]) {
      const xml = fs.readFileSync(path.join(xmlFolder, `${year}.xml`), 'utf8');
      const days = [...xml.matchAll(/<day d="(\d{2})\.(\d{2})" t="(\d)"/g)];
      assert.ok(days.length > 20);
      for (const [, month, day, type] of days) {
        const date = `${year}-${month}-${day}`;
        const minutes = computeElapsedWorkingMinutes(
          MCU_SCHEDULE,
          calendar,
          parseInstant(`${date}T00:00`, moscow),
          parseInstant(`${date}T23:59`, moscow),
          moscow,
        );
        assert.equal(minutes, type === '1' ? 0 : type === '2' ? 480 : 540, `${date} t=${type}`);
      }
    }
  });

  test('модуль данных совпадает с тем, что даёт скрипт импорта (--check)', { skip: skipWithoutXml }, () => {
    const result = spawnSync(process.execPath, ['scripts/import-production-calendar.mjs', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
  });
});

describe('разбор XML', () => {
  const sample = (days: string, holidays = '<holiday id="1" title="Новогодние каникулы"/>') =>
    `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<calendar year="2027" lang="ru" date="2026.09.01">\r\n` +
    `<holidays>${holidays}</holidays><days>${days}</days></calendar>`;

  test('читает праздники, переносы, сокращённые и рабочие выходные; атрибуты в любом порядке, CRLF, сущности', () => {
    const year = parseProductionCalendarXml(
      sample(
        `<day d="01.01" t="1" h="1"/><day t='1' f="01.02" d="05.03" /><day d="02.20" t="2"/>` +
          '<day d="02.27" t="3"/><day d="12.31" t="1"/>',
        '<holiday id="1" title="Новый год &amp; каникулы"/>',
      ),
    );
    assert.deepEqual(year, {
      year: 2027,
      source: 'xmlcalendar, редакция 2026-09-01',
      holidays: [{ id: 1, name: 'Новый год & каникулы' }],
      days: [
        { date: '2027-01-01', kind: 'holiday', holidayId: 1 },
        { date: '2027-02-20', kind: 'shortened' },
        { date: '2027-02-27', kind: 'workingWeekend' },
        { date: '2027-05-03', kind: 'transferredDayOff', movedFrom: '2027-01-02' },
        { date: '2027-12-31', kind: 'dayOff' },
      ],
    });
  });

  test('новый год можно добавить к поставляемому календарю', () => {
    const extended = addCalendarYearFromXml(calendar, sample('<day d="01.11" t="1" h="1"/>'), '2027.xml');
    assert.equal(extended.years.at(-1)?.year, 2027);
    assert.equal(describeCalendarDate(extended, '2027-01-11').kind, 'holiday');
    assert.equal(describeCalendarDate(extended, '2027-01-08').kind, 'workday');
    assert.equal(describeCalendarDate(calendar, '2027-01-11').kind, 'workday');
    const noon = parseInstant('2027-01-11T12:00', moscow);
    assert.equal(isWorkingMoment(MCU_SCHEDULE, extended, noon, moscow), false);
    assert.equal(isWorkingMoment(MCU_SCHEDULE, calendar, noon, moscow), true);
  });

  test('ошибки называют файл и элемент по-русски', () => {
    const cases: [string, RegExp][] = [
      ['<root/>', /нет элемента <calendar year/],
      ['<calendar lang="ru">', /атрибут year="" — не год/],
      [
        sample('<day d="13.01" t="1"/>'),
        /2027\.xml: в <day d="13.01" t="1"\/> «13.01» — не дата 2027 года в формате ММ.ДД/,
      ],
      [sample('<day d="01.01" t="7"/>'), /t="7": ожидается 1, 2 или 3/],
      [sample('<day d="01.01" t="1" h="9"/>'), /h="9" — нет такого праздника/],
      [sample('<day d="01.04" t="3"/>'), /рабочим выходным может быть только суббота или воскресенье/],
      [sample('<day d="01.01" t="1"/><day d="01.01" t="2"/>'), /дата 2027-01-01 указана дважды/],
    ];
    for (const [xml, message] of cases) {
      assert.throws(
        () => parseProductionCalendarXml(xml, '2027.xml'),
        (error: unknown) =>
          error instanceof WorkingTimeError && error.code === 'INVALID_CALENDAR' && message.test(error.message),
      );
    }
  });
});

describe('сжатая форма модуля данных', () => {
  test('упаковка и распаковка возвращают тот же год (все 2018–2026 и случайные)', () => {
    for (const year of calendar.years) assert.deepEqual(unpackCalendarYear(packCalendarYear(year)), year);
    const day = fc.integer({ min: 0, max: 364 }).map((offset) => new Date(Date.UTC(2030, 0, 1 + offset)));
    const entry = fc.record({
      date: day,
      kind: fc.constantFrom<CalendarDayKind>('holiday', 'dayOff', 'transferredDayOff', 'shortened'),
      movedFrom: day,
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (item) => item.date.getTime(), maxLength: 30 }), (entries) => {
        const days = entries
          .map((item) => {
            const date = item.date.toISOString().slice(0, 10);
            if (item.kind === 'holiday') return { date, kind: item.kind, holidayId: 1 };
            if (item.kind === 'transferredDayOff') {
              return { date, kind: item.kind, movedFrom: item.movedFrom.toISOString().slice(0, 10) };
            }
            return { date, kind: item.kind };
          })
          .sort((left, right) => left.date.localeCompare(right.date));
        const year = { year: 2030, source: 'тест', holidays: [{ id: 1, name: 'Праздник' }], days };
        createProductionCalendar({ id: 'test', name: 'тест', years: [year] });
        assert.deepEqual(unpackCalendarYear(packCalendarYear(year)), year);
      }),
    );
  });
});
