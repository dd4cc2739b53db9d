import dayjs, { type Dayjs } from 'dayjs';
import type { ScheduleInput } from '../../../../shared/contracts/sla.contract.js';
import {
  WEEKDAYS,
  type Weekday,
  type WorkPeriod,
  type WorkSchedule,
} from '../../../../shared/working-time/work-schedule.js';
import type { FieldPath, PathError } from './server-field-errors.js';

export const WEEKDAY_TITLES: Record<Weekday, string> = {
  monday: 'Понедельник',
  tuesday: 'Вторник',
  wednesday: 'Среда',
  thursday: 'Четверг',
  friday: 'Пятница',
  saturday: 'Суббота',
  sunday: 'Воскресенье',
};

export const WEEKDAY_SHORT_TITLES: Record<Weekday, string> = {
  monday: 'пн',
  tuesday: 'вт',
  wednesday: 'ср',
  thursday: 'чт',
  friday: 'пт',
  saturday: 'сб',
  sunday: 'вс',
};

export const WORKWEEK: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

/** A period as the time pickers hold it; midnight at the end of a period («24:00») is shown as 00:00. */
export type PeriodValue = { from: Dayjs | null; to: Dayjs | null };

export type ScheduleFormValues = {
  id: string;
  name: string;
  usesProductionCalendar: boolean;
  week: Record<Weekday, PeriodValue[]>;
};

const TIME_FORMAT = 'HH:mm';

function toTime(text: string): Dayjs {
  const [hours = 0, minutes = 0] = text.split(':').map(Number);
  return dayjs()
    .startOf('day')
    .hour(hours % 24)
    .minute(minutes);
}

export function toPeriodValue(period: WorkPeriod): PeriodValue {
  return { from: toTime(period.from), to: toTime(period.to) };
}

export function toScheduleFormValues(schedule: WorkSchedule): ScheduleFormValues {
  const week = Object.fromEntries(
    WEEKDAYS.map((day) => [day, schedule.week[day].map(toPeriodValue)]),
  ) as ScheduleFormValues['week'];
  return { id: schedule.id, name: schedule.name, usesProductionCalendar: schedule.usesProductionCalendar, week };
}

/** A new schedule starts as the МЦУ working week, to be changed from there. */
export function createNewScheduleValues(): ScheduleFormValues {
  const week = Object.fromEntries(
    WEEKDAYS.map((day) => [day, WORKWEEK.includes(day) ? [toPeriodValue({ from: '08:30', to: '17:30' })] : []]),
  ) as ScheduleFormValues['week'];
  return { id: '', name: '', usesProductionCalendar: true, week };
}

/**
 * The schedule the API takes: periods in order of their start; a period ending at 00:00 ends at midnight (24:00),
 * since a period cannot end before it starts.
 */
export function toScheduleInput(values: ScheduleFormValues): ScheduleInput {
  const week = Object.fromEntries(
    WEEKDAYS.map((day) => {
      const periods = (values.week[day] ?? [])
        .flatMap((period) => (period.from && period.to ? [[period.from, period.to] as const] : []))
        .map(([from, to]) => {
          const end = to.format(TIME_FORMAT);
          return { from: from.format(TIME_FORMAT), to: end === '00:00' ? '24:00' : end };
        })
        .sort((left, right) => left.from.localeCompare(right.from));
      return [day, periods];
    }),
  ) as ScheduleInput['week'];
  return {
    id: values.id.trim(),
    name: values.name.trim(),
    usesProductionCalendar: values.usesProductionCalendar,
    week,
  };
}

/** «пн–пт 08:30–12:30, 13:18–17:30; сб–вс выходной»: a schedule in one line, for lists. */
export function summarizeWeek(week: WorkSchedule['week']): string {
  const groups: Array<{ days: Weekday[]; text: string }> = [];
  for (const day of WEEKDAYS) {
    const periods = week[day];
    const text = periods.length === 0 ? 'выходной' : periods.map((period) => `${period.from}–${period.to}`).join(', ');
    const last = groups.at(-1);
    if (last && last.text === text) last.days.push(day);
    else groups.push({ days: [day], text });
  }
  return groups
    .map(({ days, text }) => {
      const first = days[0];
      const lastDay = days.at(-1);
      if (!first || !lastDay) return text;
      const range =
        days.length === 1
          ? WEEKDAY_SHORT_TITLES[first]
          : `${WEEKDAY_SHORT_TITLES[first]}–${WEEKDAY_SHORT_TITLES[lastDay]}`;
      return `${range} ${text}`;
    })
    .join('; ');
}

/** Where a server field error of a schedule belongs on the form; null when it is about the schedule as a whole. */
export function toScheduleFormName(path: FieldPath): FieldPath | null {
  const [first, day, index, part] = path;
  if (first === 'id' || first === 'name' || first === 'usesProductionCalendar') return [first];
  if (first === 'week' && typeof day === 'string' && typeof index === 'number') {
    return ['week', day, index, part === 'to' ? 'to' : 'from'];
  }
  return null;
}

export function placeScheduleErrors(errors: readonly PathError[]): {
  placed: Array<{ name: FieldPath; message: string }>;
  unplaced: string[];
} {
  const placed: Array<{ name: FieldPath; message: string }> = [];
  const unplaced: string[] = [];
  for (const { path, message } of errors) {
    const name = toScheduleFormName(path);
    if (name) placed.push({ name, message });
    else unplaced.push(message);
  }
  return { placed, unplaced };
}
