import type { CalendarYearInput, CalendarYearView, DayOff } from '../../../../shared/contracts/sla.contract.js';
import {
  type CalendarDay,
  type CalendarDayKind,
  type CalendarHoliday,
  createProductionCalendar,
  describeCalendarDate,
} from '../../../../shared/working-time/production-calendar.js';

/** What a date is: one of the calendar's kinds, or an ordinary working day / Saturday or Sunday. */
export type DayKind = CalendarDayKind | 'workday' | 'weekend';

export const DAY_KIND_TITLES: Record<DayKind, string> = {
  workday: 'Рабочий день',
  weekend: 'Выходной (суббота, воскресенье)',
  holiday: 'Праздник',
  dayOff: 'Выходной по постановлению',
  transferredDayOff: 'Перенесённый выходной',
  shortened: 'Сокращённый день (−1 ч)',
  workingWeekend: 'Рабочий выходной',
};

export const LOCAL_DAY_OFF_TITLE = 'Местный выходной';

/** The year being edited: what `PUT /api/calendar/years/:year` takes. */
export type CalendarDraft = {
  year: number;
  source: string;
  holidays: CalendarHoliday[];
  days: CalendarDay[];
};

/** A year with no data: only the holidays of Art. 112 ТК РФ are assumed, the way the deadlines are counted. */
const EMPTY_CALENDAR = createProductionCalendar({ id: 'empty', name: 'Без данных', years: [] });

/** `YYYY-MM-DD` of every day of the year. */
export function listDatesOfYear(year: number): string[] {
  const dates: string[] = [];
  for (let time = Date.UTC(year, 0, 1); new Date(time).getUTCFullYear() === year; time += 86_400_000) {
    dates.push(new Date(time).toISOString().slice(0, 10));
  }
  return dates;
}

/** True when the server has nothing on the year: neither shipped nor entered by an administrator. */
export function hasNoCalendarData(view: CalendarYearView): boolean {
  return !view.isShipped && !view.isEdited && view.days.length === 0;
}

/** The year as it is edited; a year without data starts from the holidays of Art. 112 ТК РФ. */
export function toCalendarDraft(view: CalendarYearView): CalendarDraft {
  if (!hasNoCalendarData(view)) {
    return {
      year: view.year,
      source: view.source,
      holidays: view.holidays.map((holiday) => ({ ...holiday })),
      days: view.days.map((day) => ({ ...day }) as CalendarDay),
    };
  }
  const holidays = new Map<number, CalendarHoliday>();
  const days: CalendarDay[] = [];
  for (const date of listDatesOfYear(view.year)) {
    const described = describeCalendarDate(EMPTY_CALENDAR, date);
    if (described.kind !== 'holiday') continue;
    if (described.holiday) holidays.set(described.holiday.id, described.holiday);
    days.push({
      date,
      kind: 'holiday',
      ...(described.holiday ? { holidayId: described.holiday.id } : {}),
    });
  }
  return { year: view.year, source: view.source, holidays: [...holidays.values()], days };
}

export function toCalendarInput(draft: CalendarDraft): CalendarYearInput {
  return { year: draft.year, source: draft.source.trim(), holidays: draft.holidays, days: draft.days };
}

/** 0 = Monday … 6 = Sunday. */
export function findWeekday(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

export function isWeekendDate(date: string): boolean {
  return findWeekday(date) >= 5;
}

export type DayInfo = {
  date: string;
  kind: DayKind;
  holidayName?: string;
  movedFrom?: string;
  localDayOff?: DayOff;
  /** A working day by the production calendar (before the municipality's own days off). */
  isWorkingDay: boolean;
};

/** Looks up the dates of a draft and the municipality's days off. */
export function createDayLookup(draft: CalendarDraft, daysOff: readonly DayOff[]): (date: string) => DayInfo {
  const days = new Map(draft.days.map((day) => [day.date, day]));
  const holidays = new Map(draft.holidays.map((holiday) => [holiday.id, holiday.name]));
  const local = new Map(daysOff.map((dayOff) => [dayOff.date, dayOff]));
  return (date) => {
    const day = days.get(date);
    const localDayOff = local.get(date);
    const kind: DayKind = day?.kind ?? (isWeekendDate(date) ? 'weekend' : 'workday');
    const holidayName = day?.holidayId !== undefined ? holidays.get(day.holidayId) : undefined;
    return {
      date,
      kind,
      isWorkingDay: kind === 'workday' || kind === 'shortened' || kind === 'workingWeekend',
      ...(holidayName ? { holidayName } : {}),
      ...(day?.movedFrom ? { movedFrom: day.movedFrom } : {}),
      ...(localDayOff ? { localDayOff } : {}),
    };
  };
}

/** The kinds a date may take: a working weekend day only on Saturday or Sunday. */
export function listKindsForDate(date: string): DayKind[] {
  return isWeekendDate(date)
    ? ['weekend', 'holiday', 'dayOff', 'transferredDayOff', 'shortened', 'workingWeekend']
    : ['workday', 'holiday', 'dayOff', 'transferredDayOff', 'shortened'];
}

export type DayChoice = {
  kind: DayKind;
  /** For a holiday: its name («День Победы»); a new name adds a holiday to the year. */
  holidayName?: string | undefined;
  /** For a transferred day off: the date it was moved from. */
  movedFrom?: string | undefined;
};

/** The draft with one date changed; an ordinary day leaves the list, unused holiday names are dropped. */
export function applyDayChoice(draft: CalendarDraft, date: string, choice: DayChoice): CalendarDraft {
  let holidays = [...draft.holidays];
  const days = draft.days.filter((day) => day.date !== date);
  if (choice.kind !== 'workday' && choice.kind !== 'weekend') {
    const day: CalendarDay = { date, kind: choice.kind };
    const name = choice.holidayName?.trim() ?? '';
    if (choice.kind === 'holiday' && name !== '') {
      let holiday = holidays.find((candidate) => candidate.name === name);
      if (!holiday) {
        holiday = { id: Math.max(0, ...holidays.map((candidate) => candidate.id)) + 1, name };
        holidays = [...holidays, holiday];
      }
      day.holidayId = holiday.id;
    }
    if (choice.kind === 'transferredDayOff' && choice.movedFrom) {
      day.movedFrom = choice.movedFrom;
    }
    days.push(day);
  }
  days.sort((left, right) => left.date.localeCompare(right.date));
  const usedHolidays = new Set(days.map((day) => day.holidayId));
  holidays = holidays.filter((holiday) => usedHolidays.has(holiday.id));
  return { ...draft, holidays, days };
}

/** Whether two drafts say the same about the year (the order of keys and of holiday ids aside). */
export function isSameDraft(left: CalendarDraft, right: CalendarDraft): boolean {
  return describeDraft(left) === describeDraft(right);
}

function describeDraft(draft: CalendarDraft): string {
  const names = new Map(draft.holidays.map((holiday) => [holiday.id, holiday.name]));
  const days = draft.days.map(
    (day) =>
      `${day.date} ${day.kind} ${day.holidayId === undefined ? '' : (names.get(day.holidayId) ?? day.holidayId)} ${day.movedFrom ?? ''}`,
  );
  return [draft.source.trim(), ...days.sort()].join('\n');
}

/** A month as rows of weeks from Monday; null where the week runs into another month. */
export function buildMonthWeeks(year: number, month: number): Array<Array<string | null>> {
  const weeks: Array<Array<string | null>> = [];
  let week: Array<string | null> = [];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  for (let day = 1; day <= daysInMonth; day += 1) {
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (day === 1) week = Array.from({ length: findWeekday(date) }, () => null);
    week.push(date);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length > 0) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)]);
  return weeks;
}

export type YearTotals = {
  workingDays: number;
  shortenedDays: number;
  /** The norm of a 40-hour week: 8 hours a working day, one hour less on a shortened day. */
  normHours40: number;
  localDaysOff: number;
};

export function countYearTotals(year: number, lookup: (date: string) => DayInfo): YearTotals {
  let workingDays = 0;
  let shortenedDays = 0;
  let localDaysOff = 0;
  for (const date of listDatesOfYear(year)) {
    const info = lookup(date);
    if (info.isWorkingDay) workingDays += 1;
    if (info.kind === 'shortened') shortenedDays += 1;
    if (info.localDayOff) localDaysOff += 1;
  }
  return { workingDays, shortenedDays, normHours40: workingDays * 8 - shortenedDays, localDaysOff };
}
