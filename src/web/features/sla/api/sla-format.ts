import type { TimerState } from '../../../../shared/contracts/sla.contract.js';
import { MCU_SCHEDULE, type WorkSchedule } from '../../../../shared/working-time/work-schedule.js';
import type { WorkingDuration } from '../../../../shared/working-time/working-duration.js';

/** «1 день», «2 дня», «5 дней»: the Russian plural by the last digits of the number. */
export function pluralize(count: number, one: string, few: string, many: string): string {
  const absolute = Math.abs(count) % 100;
  const last = absolute % 10;
  if (absolute >= 11 && absolute <= 14) return many;
  if (last === 1) return one;
  if (last >= 2 && last <= 4) return few;
  return many;
}

const UNIT_WORDS = {
  wm: ['рабочая минута', 'рабочие минуты', 'рабочих минут'],
  wh: ['рабочий час', 'рабочих часа', 'рабочих часов'],
  wd: ['рабочий день', 'рабочих дня', 'рабочих дней'],
  cd: ['календарный день', 'календарных дня', 'календарных дней'],
  cdw: ['календарный день', 'календарных дня', 'календарных дней'],
} as const;

/** A policy's duration as a person reads it: «8 рабочих часов», «30 календарных дней с переносом на рабочий день». */
export function formatDurationInRussian(duration: WorkingDuration): string {
  if (duration.unit === 'sameDayBy') return `в тот же день до ${duration.time}`;
  const [one, few, many] = UNIT_WORDS[duration.unit];
  const text = `${duration.amount} ${pluralize(duration.amount, one, few, many)}`;
  return duration.unit === 'cdw' ? `${text} с переносом на рабочий день` : text;
}

/** When an escalation step fires after the breach: «сразу», «через 1 рабочий час». */
export function formatEscalationDelay(duration: WorkingDuration): string {
  if (duration.unit !== 'sameDayBy' && duration.amount === 0) return 'сразу';
  return duration.unit === 'sameDayBy'
    ? formatDurationInRussian(duration)
    : `через ${formatDurationInRussian(duration)}`;
}

/** Minutes of a working day: the longest day of the schedule (08:30–17:30 — 540 minutes). */
export function findWorkingDayMinutes(schedule: Pick<WorkSchedule, 'week'>): number {
  let longest = 0;
  for (const periods of Object.values(schedule.week)) {
    const total = periods.reduce((sum, period) => sum + toMinutes(period.to) - toMinutes(period.from), 0);
    longest = Math.max(longest, total);
  }
  return longest;
}

function toMinutes(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * The working day a list counts in when the timer's schedule is not known: the МЦУ day (08:30–17:30), the
 * schedule of nearly every shipped policy.
 */
export const DEFAULT_WORKING_DAY_MINUTES = findWorkingDayMinutes(MCU_SCHEDULE);

/** Up to a day of time is told in hours and minutes, exact in any schedule; longer — in working days. */
const HOURS_LIMIT_MINUTES = 24 * 60;

/** «3 ч 20 мин», «1 ч 05 мин», «45 мин», «2 ч». */
export function formatHoursMinutes(totalMinutes: number): string {
  const minutes = Math.floor(Math.abs(totalMinutes));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} мин`;
  if (rest === 0) return `${hours} ч`;
  return `${hours} ч ${String(rest).padStart(2, '0')} мин`;
}

/**
 * A span of working time: «3 ч 20 мин раб.» up to a day, then «2 раб. дня», «7 раб. дней 3 ч» counted in working
 * days of `workingDayMinutes`.
 */
export function formatWorkingSpan(
  totalMinutes: number,
  workingDayMinutes: number = DEFAULT_WORKING_DAY_MINUTES,
  options: { isHoursMarked?: boolean } = {},
): string {
  const minutes = Math.floor(Math.abs(totalMinutes));
  if (minutes <= HOURS_LIMIT_MINUTES || workingDayMinutes <= 0) {
    const text = formatHoursMinutes(minutes);
    return options.isHoursMarked === false ? text : `${text} раб.`;
  }
  const days = Math.floor(minutes / workingDayMinutes);
  const hours = Math.floor((minutes - days * workingDayMinutes) / 60);
  const dayText = `${days} раб. ${pluralize(days, 'день', 'дня', 'дней')}`;
  return hours > 0 ? `${dayText} ${hours} ч` : dayText;
}

export type TimeLeftTone = 'success' | 'warning' | 'danger' | 'secondary';

export type TimeLeftText = { text: string; tone: TimeLeftTone };

/** What a list shows for a timer: «осталось 3 ч 20 мин раб.», «просрочено на 1 ч 05 мин», «приостановлено». */
export function describeTimeLeft(
  state: TimerState,
  workingMinutesLeft: number | null,
  workingDayMinutes: number = DEFAULT_WORKING_DAY_MINUTES,
): TimeLeftText {
  switch (state) {
    case 'stopped':
      return { text: 'выполнено', tone: 'secondary' };
    case 'paused':
      // The time left of a paused timer is in the tooltip: the list stays short.
      return { text: 'приостановлено', tone: 'secondary' };
    case 'overdue':
      return {
        text:
          workingMinutesLeft !== null && workingMinutesLeft <= -1
            ? `просрочено на ${formatWorkingSpan(workingMinutesLeft, workingDayMinutes, { isHoursMarked: false })}`
            : 'просрочено',
        tone: 'danger',
      };
    case 'warning':
    case 'running': {
      const tone = state === 'warning' ? 'warning' : 'success';
      if (workingMinutesLeft === null) return { text: 'идёт', tone };
      if (workingMinutesLeft < 1) return { text: 'срок истекает', tone: 'warning' };
      return { text: `осталось ${formatWorkingSpan(workingMinutesLeft, workingDayMinutes)}`, tone };
    }
  }
}
