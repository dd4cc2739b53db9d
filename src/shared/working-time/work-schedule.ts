import { WorkingTimeError } from './working-time-error.js';

// A work schedule (график работы): working periods per weekday in local time, and whether the
// production calendar applies to it. Plain data, so a tenant's custom schedule is stored as JSON.

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** Index 0 = Monday … 6 = Sunday, as `findWeekdayOfDay` counts. */
export const WEEKDAYS: readonly Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

/** A working period of local time, `HH:MM`–`HH:MM`; `to` may be `24:00`. */
export type WorkPeriod = { from: string; to: string };

/** Plain data; treat it as immutable (computations cache what they derive from it). */
export type WorkSchedule = {
  id: string;
  name: string;
  week: Readonly<Record<Weekday, readonly WorkPeriod[]>>;
  /**
   * When true the production calendar applies: its days off are off, its working weekend days work
   * the hours of the weekday they replace, and a shortened day ends 60 minutes earlier.
   */
  usesProductionCalendar: boolean;
};

function repeatPeriods(periods: readonly WorkPeriod[], weekdays: readonly Weekday[]): Record<Weekday, WorkPeriod[]> {
  return {
    monday: weekdays.includes('monday') ? [...periods] : [],
    tuesday: weekdays.includes('tuesday') ? [...periods] : [],
    wednesday: weekdays.includes('wednesday') ? [...periods] : [],
    thursday: weekdays.includes('thursday') ? [...periods] : [],
    friday: weekdays.includes('friday') ? [...periods] : [],
    saturday: weekdays.includes('saturday') ? [...periods] : [],
    sunday: weekdays.includes('sunday') ? [...periods] : [],
  };
}

const WORKWEEK: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

/** `mcu`: Mon–Fri 08:30–17:30 by the production calendar, no lunch break (Инцидент менеджмент rules). */
export const MCU_SCHEDULE: WorkSchedule = {
  id: 'mcu',
  name: 'МЦУ: пн–пт 08:30–17:30 по производственному календарю',
  week: repeatPeriods([{ from: '08:30', to: '17:30' }], WORKWEEK),
  usesProductionCalendar: true,
};

/** `24x7`: every minute counts. */
export const ROUND_THE_CLOCK_SCHEDULE: WorkSchedule = {
  id: '24x7',
  name: 'Круглосуточно без выходных',
  week: repeatPeriods([{ from: '00:00', to: '24:00' }], WEEKDAYS),
  usesProductionCalendar: false,
};

/** `daily18`: every day, weekends and holidays too, 00:00–18:00 (the head's and governor's pages). */
export const DAILY_UNTIL_18_SCHEDULE: WorkSchedule = {
  id: 'daily18',
  name: 'Ежедневно до 18:00, включая выходные и праздники',
  week: repeatPeriods([{ from: '00:00', to: '18:00' }], WEEKDAYS),
  usesProductionCalendar: false,
};

export const BUILT_IN_SCHEDULES: readonly WorkSchedule[] = [
  MCU_SCHEDULE,
  ROUND_THE_CLOCK_SCHEDULE,
  DAILY_UNTIL_18_SCHEDULE,
];

/** A built-in schedule by its id (`mcu`, `24x7`, `daily18`). */
export function findBuiltInSchedule(id: string): WorkSchedule | undefined {
  return BUILT_IN_SCHEDULES.find((schedule) => schedule.id === id);
}

/** An `HH:MM` (00:00…24:00) as minutes from midnight, or undefined. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return undefined;
  return hours * 60 + minutes;
}

export type CompiledSchedule = {
  /** Per weekday (0 = Monday): [from, to, from, to, …] in minutes from local midnight, sorted. */
  periods: readonly (readonly number[])[];
  usesProductionCalendar: boolean;
  /** The first weekday with periods, whose hours a working weekend day works when the transfer is unknown. */
  fallbackWeekday: number;
};

const compiledSchedules = new WeakMap<WorkSchedule, CompiledSchedule>();

function createScheduleError(schedule: WorkSchedule, message: string): WorkingTimeError {
  return new WorkingTimeError('INVALID_SCHEDULE', `График «${schedule.name || schedule.id}»: ${message}`);
}

const WEEKDAY_NAMES: Readonly<Record<Weekday, string>> = {
  monday: 'понедельник',
  tuesday: 'вторник',
  wednesday: 'среда',
  thursday: 'четверг',
  friday: 'пятница',
  saturday: 'суббота',
  sunday: 'воскресенье',
};

/**
 * Checks a schedule and turns it into minute offsets (cached per schedule object).
 * Throws WorkingTimeError INVALID_SCHEDULE naming the weekday and period at fault.
 */
export function compileSchedule(schedule: WorkSchedule): CompiledSchedule {
  const cached = compiledSchedules.get(schedule);
  if (cached) return cached;
  const periods = WEEKDAYS.map((weekday) => {
    const list = schedule.week?.[weekday];
    if (!Array.isArray(list))
      throw createScheduleError(schedule, `не задан список периодов на ${WEEKDAY_NAMES[weekday]}.`);
    const minutes: number[] = [];
    for (const period of list as readonly WorkPeriod[]) {
      const from = parseTimeOfDay(period.from);
      const to = parseTimeOfDay(period.to);
      const label = `${WEEKDAY_NAMES[weekday]} ${period.from}–${period.to}`;
      if (from === undefined || to === undefined) {
        throw createScheduleError(schedule, `${label}: время указывается как ЧЧ:ММ от 00:00 до 24:00.`);
      }
      if (to <= from) throw createScheduleError(schedule, `${label}: конец периода должен быть позже начала.`);
      const previousEnd = minutes.at(-1);
      if (previousEnd !== undefined && from < previousEnd) {
        throw createScheduleError(schedule, `${label}: периоды дня идут по порядку и не пересекаются.`);
      }
      if (previousEnd === from) minutes[minutes.length - 1] = to;
      else minutes.push(from, to);
    }
    return minutes;
  });
  const fallbackWeekday = periods.findIndex((minutes) => minutes.length > 0);
  if (fallbackWeekday < 0) throw createScheduleError(schedule, 'нет ни одного рабочего периода за неделю.');
  const compiled: CompiledSchedule = {
    periods,
    usesProductionCalendar: schedule.usesProductionCalendar === true,
    fallbackWeekday,
  };
  compiledSchedules.set(schedule, compiled);
  return compiled;
}
