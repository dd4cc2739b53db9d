import { parseInstant } from '../working-time/time-zone.js';
import { addDays, isoWeekOf, parseIsoWeek } from './periods.js';

/** The weekly note's schedule: ISO weekday (1 = Monday), local HH:MM, the zone the time is in. */
export type WeeklySchedule = { weekday: number; time: string; timezone: string };

/** No schedule stored: Monday 07:00 in the tenant's own zone, on. */
export const DEFAULT_WEEKLY_SCHEDULE = { weekday: 1, time: '07:00' } as const;

function localDateOf(moment: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    moment,
  );
}

/** The instant of the schedule's slot in the ISO week `week` (e.g. Monday 07:00 of 2021-W13 in the zone). */
export function slotOfWeek(schedule: WeeklySchedule, week: string): Date {
  const period = parseIsoWeek(week);
  if (!period) throw new RangeError(`not an ISO week: ${week}`);
  const date = addDays(period.from, schedule.weekday - 1);
  return new Date(parseInstant(`${date}T${schedule.time}`, schedule.timezone));
}

/**
 * What the schedule asks for at `now`: the note of the week before the current one is due once this week's slot
 * has come (at or after it — a job that ran late still makes it); before the slot nothing is due. Also the next
 * slot to come and the week it will cover. Each note covers a whole ISO week (Monday to Sunday).
 */
export function weeklyScheduleAt(
  schedule: WeeklySchedule,
  now: Date,
): { dueWeek: string | null; nextRunAt: Date; nextWeek: string } {
  const currentWeek = isoWeekOf(localDateOf(now, schedule.timezone));
  const currentFrom = (parseIsoWeek(currentWeek) as { from: string }).from;
  const slot = slotOfWeek(schedule, currentWeek);
  const previousWeek = isoWeekOf(addDays(currentFrom, -7));
  if (now.getTime() >= slot.getTime()) {
    const nextWeekStart = isoWeekOf(addDays(currentFrom, 7));
    return { dueWeek: previousWeek, nextRunAt: slotOfWeek(schedule, nextWeekStart), nextWeek: currentWeek };
  }
  return { dueWeek: null, nextRunAt: slot, nextWeek: previousWeek };
}
