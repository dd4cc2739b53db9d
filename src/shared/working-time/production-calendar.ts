import { DAY_MS } from './time-zone.js';
import { WorkingTimeError } from './working-time-error.js';

// The production calendar (производственный календарь) of a five-day week: the dates a decree makes
// different from the usual Mon–Fri working week. Dates not listed are ordinary: Mon–Fri working,
// Saturday and Sunday days off.

/**
 * `holiday` a non-working holiday (праздничный нерабочий день, or a named non-working day by decree);
 * `dayOff` a day off by decree without a name (e.g. 2020-05-04);
 * `transferredDayOff` a day off moved here from another date (`movedFrom`);
 * `shortened` a working day one hour shorter (предпраздничный), also a working Saturday before a holiday;
 * `workingWeekend` a Saturday or Sunday that is a working day (рабочий выходной).
 */
export type CalendarDayKind = 'holiday' | 'dayOff' | 'transferredDayOff' | 'shortened' | 'workingWeekend';

export const CALENDAR_DAY_KINDS: readonly CalendarDayKind[] = [
  'holiday',
  'dayOff',
  'transferredDayOff',
  'shortened',
  'workingWeekend',
];

export type CalendarHoliday = { id: number; name: string };

export type CalendarDay = {
  /** `YYYY-MM-DD` */
  date: string;
  kind: CalendarDayKind;
  /** For `holiday`: the id in the year's `holidays`. */
  holidayId?: number;
  /** For `transferredDayOff`: the date (`YYYY-MM-DD`) the day off was moved from. */
  movedFrom?: string;
};

export type CalendarYear = {
  year: number;
  /** Where the facts come from, e.g. `xmlcalendar, редакция 2024-12-01`. */
  source: string;
  holidays: readonly CalendarHoliday[];
  days: readonly CalendarDay[];
};

/** Plain data; treat it as immutable (computations cache what they derive from it). */
export type ProductionCalendar = {
  id: string;
  name: string;
  years: readonly CalendarYear[];
};

/** What a date is in a calendar, for people and tests. */
export type CalendarDateDescription = {
  date: string;
  kind: CalendarDayKind | 'workday' | 'weekend';
  isWorkingDay: boolean;
  holiday?: CalendarHoliday;
  movedFrom?: string;
  /** True when the year is not in the calendar and only the fixed holidays of Art. 112 ТК РФ are assumed. */
  isPresumed: boolean;
};

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date, or undefined if it is not a real date. */
export function parseCalendarDate(date: string): number | undefined {
  const match = DATE_PATTERN.exec(date);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return time / DAY_MS;
}

/** `YYYY-MM-DD` of a day number. */
export function formatCalendarDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** Year, month (1–12) and day of a day number (proleptic Gregorian; Hinnant's civil_from_days). */
export function findCivilDate(dayNumber: number): { year: number; month: number; day: number } {
  const shifted = dayNumber + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Monday … 6 = Sunday. */
export function findWeekdayOfDay(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

function isWeekendDay(dayNumber: number): boolean {
  return findWeekdayOfDay(dayNumber) >= 5;
}

/** Fixed non-working holidays of Art. 112 of the Labour Code, assumed for years a calendar does not list. */
const STATUTORY_HOLIDAYS: readonly (readonly [monthDay: string, id: number])[] = [
  ['01-01', 1],
  ['01-02', 1],
  ['01-03', 1],
  ['01-04', 1],
  ['01-05', 1],
  ['01-06', 1],
  ['01-07', 2],
  ['01-08', 1],
  ['02-23', 3],
  ['03-08', 4],
  ['05-01', 5],
  ['05-09', 6],
  ['06-12', 7],
  ['11-04', 8],
];

const STATUTORY_HOLIDAY_NAMES: readonly CalendarHoliday[] = [
  { id: 1, name: 'Новогодние каникулы' },
  { id: 2, name: 'Рождество Христово' },
  { id: 3, name: 'День защитника Отечества' },
  { id: 4, name: 'Международный женский день' },
  { id: 5, name: 'Праздник Весны и Труда' },
  { id: 6, name: 'День Победы' },
  { id: 7, name: 'День России' },
  { id: 8, name: 'День народного единства' },
];

function createCalendarError(message: string): WorkingTimeError {
  return new WorkingTimeError('INVALID_CALENDAR', `Производственный календарь: ${message}`);
}

/** Checks one year of a calendar; throws WorkingTimeError INVALID_CALENDAR naming the date at fault. */
export function validateCalendarYear(year: CalendarYear): void {
  if (!Number.isInteger(year.year) || year.year < 1970 || year.year > 2399) {
    throw createCalendarError(`год ${year.year} вне диапазона 1970–2399.`);
  }
  const holidayIds = new Set<number>();
  for (const holiday of year.holidays) {
    if (!Number.isInteger(holiday.id) || holidayIds.has(holiday.id)) {
      throw createCalendarError(`${year.year}: праздник с номером ${holiday.id} указан дважды или номер не целый.`);
    }
    holidayIds.add(holiday.id);
  }
  const dates = new Set<string>();
  for (const day of year.days) {
    const dayNumber = parseCalendarDate(day.date);
    if (dayNumber === undefined || !day.date.startsWith(`${year.year}-`)) {
      throw createCalendarError(`${year.year}: дата «${day.date}» не является датой этого года в формате ГГГГ-ММ-ДД.`);
    }
    if (dates.has(day.date)) throw createCalendarError(`дата ${day.date} указана дважды.`);
    dates.add(day.date);
    if (!CALENDAR_DAY_KINDS.includes(day.kind)) {
      throw createCalendarError(`${day.date}: неизвестный вид дня «${String(day.kind)}».`);
    }
    if (day.holidayId !== undefined && !holidayIds.has(day.holidayId)) {
      throw createCalendarError(`${day.date}: нет праздника с номером ${day.holidayId} в списке праздников года.`);
    }
    if (day.movedFrom !== undefined && parseCalendarDate(day.movedFrom) === undefined) {
      throw createCalendarError(`${day.date}: дата переноса «${day.movedFrom}» не в формате ГГГГ-ММ-ДД.`);
    }
    if (day.kind === 'workingWeekend' && !isWeekendDay(dayNumber)) {
      throw createCalendarError(`${day.date}: рабочим выходным может быть только суббота или воскресенье.`);
    }
  }
}

/** A calendar from its years (checked; a year listed twice is an error). */
export function createProductionCalendar(input: {
  id: string;
  name: string;
  years: readonly CalendarYear[];
}): ProductionCalendar {
  const seen = new Set<number>();
  for (const year of input.years) {
    validateCalendarYear(year);
    if (seen.has(year.year)) throw createCalendarError(`год ${year.year} указан дважды.`);
    seen.add(year.year);
  }
  const years = [...input.years].sort((left, right) => left.year - right.year);
  return { id: input.id, name: input.name, years };
}

/** A new calendar with one year added or replaced (e.g. the 2027 decree loaded from its XML). */
export function replaceCalendarYear(calendar: ProductionCalendar, year: CalendarYear): ProductionCalendar {
  return createProductionCalendar({
    id: calendar.id,
    name: calendar.name,
    years: [...calendar.years.filter((existing) => existing.year !== year.year), year],
  });
}

// ── Compact form of the generated data module ────────────────────────────────────────────────────
// One string per listed date: `MM-DD` and a code: `h<id>` holiday, `o` day off, `t<MM-DD>` day off
// transferred from that date of the same year, `s` shortened day, `w` working weekend day.

export type PackedCalendarYear = {
  year: number;
  source: string;
  holidays: readonly (readonly [id: number, name: string])[];
  days: readonly string[];
};

const PACKED_DAY = /^(\d{2}-\d{2}) (h(\d*)|o|t(\d{2}-\d{2})|s|w)$/;

function packCalendarDay(day: CalendarDay, year: number): string {
  const monthDay = day.date.slice(5);
  if (day.kind === 'holiday') return `${monthDay} h${day.holidayId ?? ''}`;
  if (day.kind === 'shortened') return `${monthDay} s`;
  if (day.kind === 'workingWeekend') return `${monthDay} w`;
  if (day.kind === 'transferredDayOff' && day.movedFrom !== undefined) {
    if (!day.movedFrom.startsWith(`${year}-`)) {
      throw createCalendarError(`${day.date}: перенос из другого года (${day.movedFrom}) не помещается в сжатый вид.`);
    }
    return `${monthDay} t${day.movedFrom.slice(5)}`;
  }
  return `${monthDay} o`;
}

/** The compact form of a year, as the import script writes it. */
export function packCalendarYear(year: CalendarYear): PackedCalendarYear {
  return {
    year: year.year,
    source: year.source,
    holidays: year.holidays.map((holiday) => [holiday.id, holiday.name] as const),
    days: year.days.map((day) => packCalendarDay(day, year.year)),
  };
}

/** A year back from its compact form. */
export function unpackCalendarYear(packed: PackedCalendarYear): CalendarYear {
  const days = packed.days.map((text): CalendarDay => {
    const match = PACKED_DAY.exec(text);
    if (!match) throw createCalendarError(`${packed.year}: запись «${text}» не читается.`);
    const [, monthDay, code, holidayId, movedFrom] = match;
    const date = `${packed.year}-${monthDay}`;
    if (holidayId === '') return { date, kind: 'holiday' };
    if (holidayId !== undefined) return { date, kind: 'holiday', holidayId: Number(holidayId) };
    if (movedFrom !== undefined) return { date, kind: 'transferredDayOff', movedFrom: `${packed.year}-${movedFrom}` };
    if (code === 'o') return { date, kind: 'dayOff' };
    if (code === 's') return { date, kind: 'shortened' };
    return { date, kind: 'workingWeekend' };
  });
  return {
    year: packed.year,
    source: packed.source,
    holidays: packed.holidays.map(([id, name]) => ({ id, name })),
    days,
  };
}

// ── Lookup used by the arithmetic ─────────────────────────────────────────────────────────────────

export type ResolvedCalendarDay = {
  kind: CalendarDayKind;
  /** For a working weekend day: the weekday (0 = Monday) whose hours it works, from the transfer. */
  worksAsWeekday?: number;
};

export type CompiledCalendar = {
  years: ReadonlySet<number>;
  days: ReadonlyMap<number, ResolvedCalendarDay>;
};

const compiledCalendars = new WeakMap<ProductionCalendar, CompiledCalendar>();

/** The calendar as a day-number lookup (cached per calendar object). */
export function compileCalendar(calendar: ProductionCalendar): CompiledCalendar {
  const cached = compiledCalendars.get(calendar);
  if (cached) return cached;
  const days = new Map<number, ResolvedCalendarDay>();
  const movedTo = new Map<string, number>();
  for (const year of calendar.years) {
    for (const day of year.days) {
      if (day.kind === 'transferredDayOff' && day.movedFrom !== undefined) {
        const dayNumber = parseCalendarDate(day.date);
        if (dayNumber !== undefined) movedTo.set(day.movedFrom, findWeekdayOfDay(dayNumber));
      }
    }
  }
  for (const year of calendar.years) {
    for (const day of year.days) {
      const dayNumber = parseCalendarDate(day.date);
      if (dayNumber === undefined) throw createCalendarError(`дата «${day.date}» не в формате ГГГГ-ММ-ДД.`);
      const worksAsWeekday = movedTo.get(day.date);
      days.set(dayNumber, worksAsWeekday === undefined ? { kind: day.kind } : { kind: day.kind, worksAsWeekday });
    }
  }
  const compiled: CompiledCalendar = { years: new Set(calendar.years.map((year) => year.year)), days };
  compiledCalendars.set(calendar, compiled);
  return compiled;
}

const presumedHolidays = new Map<string, number>(STATUTORY_HOLIDAYS.map(([monthDay, id]) => [monthDay, id]));
const presumedHolidayDays = new Set<number>(
  STATUTORY_HOLIDAYS.map(([monthDay]) => Number(monthDay.slice(0, 2)) * 100 + Number(monthDay.slice(3))),
);
const PRESUMED_HOLIDAY: ResolvedCalendarDay = { kind: 'holiday' };

/** The calendar's word on a day, or undefined for an ordinary day (working Mon–Fri, off Sat–Sun). */
export function resolveCalendarDay(calendar: CompiledCalendar, dayNumber: number): ResolvedCalendarDay | undefined {
  const listed = calendar.days.get(dayNumber);
  if (listed) return listed;
  const { year, month, day } = findCivilDate(dayNumber);
  if (calendar.years.has(year)) return undefined;
  return presumedHolidayDays.has(month * 100 + day) ? PRESUMED_HOLIDAY : undefined;
}

/** What a date (`YYYY-MM-DD`) is in the calendar: its kind, holiday name, transfer. */
export function describeCalendarDate(calendar: ProductionCalendar, date: string): CalendarDateDescription {
  const dayNumber = parseCalendarDate(date);
  if (dayNumber === undefined) {
    throw new WorkingTimeError('INVALID_INSTANT', `«${date}» — не дата в формате ГГГГ-ММ-ДД.`);
  }
  const yearNumber = Number(date.slice(0, 4));
  const year = calendar.years.find((candidate) => candidate.year === yearNumber);
  const weekend = isWeekendDay(dayNumber);
  if (!year) {
    const presumedId = presumedHolidays.get(date.slice(5));
    if (presumedId !== undefined) {
      const holiday = STATUTORY_HOLIDAY_NAMES.find((candidate) => candidate.id === presumedId);
      return { date, kind: 'holiday', isWorkingDay: false, isPresumed: true, ...(holiday ? { holiday } : {}) };
    }
    return { date, kind: weekend ? 'weekend' : 'workday', isWorkingDay: !weekend, isPresumed: true };
  }
  const day = year.days.find((candidate) => candidate.date === date);
  if (!day) return { date, kind: weekend ? 'weekend' : 'workday', isWorkingDay: !weekend, isPresumed: false };
  const holiday = year.holidays.find((candidate) => candidate.id === day.holidayId);
  return {
    date,
    kind: day.kind,
    isWorkingDay: day.kind === 'shortened' || day.kind === 'workingWeekend',
    isPresumed: false,
    ...(holiday ? { holiday } : {}),
    ...(day.movedFrom ? { movedFrom: day.movedFrom } : {}),
  };
}
