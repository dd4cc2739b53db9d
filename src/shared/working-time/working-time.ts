import type { ProductionCalendar } from './production-calendar.js';
import { checkInstant, convertUtcToWall, convertWallToUtc, DAY_MS, MINUTE_MS } from './time-zone.js';
import { parseTimeOfDay, type WorkSchedule } from './work-schedule.js';
import { checkWorkingDuration, type WorkingDuration } from './working-duration.js';
import {
  coverInstant,
  extendForward,
  findDayIndex,
  findTimelineHolder,
  locateInterval,
  measureWorkingTimeBefore,
  type TimelineHolder,
  type WorkingTimeline,
} from './working-timeline.js';

// Deadlines and elapsed working time. Instants in and out are UTC (Date or epoch ms; results are
// epoch ms); all calendar arithmetic happens in the tenant's IANA time zone. Semantics
// (docs/working-time.md):
//   - a deadline is the earliest moment at or after the start at which the working time elapsed since
//     the start equals the duration: 9 working hours from 08:30 end at 17:30 (the close), not at the
//     next opening; a start outside working time therefore counts from the next working moment;
//   - a zero duration ends at the start itself (for `wd`/`cdw`: see below);
//   - `Nwd`: the close of the N-th working day after the start's local date (the start day never counts);
//   - `Ncd`: the same local time N calendar days later, in the zone, whatever the schedule;
//   - `Ncdw`: the close of working time on the date N days after the start's date, or on the first
//     working day after it when that date has no working time;
//   - `0wd` / `0cdw`: the close of the current working day, or of the next one when the start is on a
//     day without working time or at or after its close;
//   - `sameDayBy HH:MM`: HH:MM of the start's date when that is a working day of the schedule and the
//     start is before HH:MM; otherwise HH:MM of the next working day.
// A working day is a local date with at least one working period in the schedule (after the
// production calendar when the schedule uses it).

/** The deadline (epoch ms) of a duration that starts at `start`. */
export function computeDeadline(
  schedule: WorkSchedule,
  calendar: ProductionCalendar,
  start: Date | number,
  duration: WorkingDuration,
  timeZone: string,
): number {
  const startMs = checkInstant(start);
  checkWorkingDuration(duration);
  const holder = findTimelineHolder(schedule, calendar, timeZone);
  let deadline: number;
  switch (duration.unit) {
    case 'wm':
      deadline = addWorkingTime(holder, startMs, duration.amount * MINUTE_MS);
      break;
    case 'wh':
      deadline = addWorkingTime(holder, startMs, duration.amount * 60 * MINUTE_MS);
      break;
    case 'wd':
      deadline = addWorkingDays(holder, startMs, duration.amount);
      break;
    case 'cdw':
      deadline = addCalendarDaysToWorkingDay(holder, startMs, duration.amount);
      break;
    case 'cd':
      deadline = convertWallToUtc(holder.zone, convertUtcToWall(holder.zone, startMs) + duration.amount * DAY_MS);
      break;
    case 'sameDayBy':
      deadline = findSameDayTime(holder, startMs, parseTimeOfDay(duration.time) ?? 0);
      break;
  }
  return checkInstant(deadline);
}

/**
 * Working minutes between two instants (fractional when they are not on whole minutes);
 * negative when `to` is before `from`: elapsed(from, to) = −elapsed(to, from).
 */
export function computeElapsedWorkingMinutes(
  schedule: WorkSchedule,
  calendar: ProductionCalendar,
  from: Date | number,
  to: Date | number,
  timeZone: string,
): number {
  const fromMs = checkInstant(from);
  const toMs = checkInstant(to);
  const holder = findTimelineHolder(schedule, calendar, timeZone);
  coverInstant(holder, fromMs);
  const timeline = coverInstant(holder, toMs);
  return (measureWorkingTimeBefore(timeline, toMs) - measureWorkingTimeBefore(timeline, fromMs)) / MINUTE_MS;
}

/**
 * Working minutes left from `now` until `deadline`; negative once the deadline has passed
 * (how many working minutes it is overdue).
 */
export function computeRemainingWorkingMinutes(
  schedule: WorkSchedule,
  calendar: ProductionCalendar,
  now: Date | number,
  deadline: Date | number,
  timeZone: string,
): number {
  return computeElapsedWorkingMinutes(schedule, calendar, now, deadline, timeZone);
}

/** True when the instant is inside a working period (an opening counts, a close does not). */
export function isWorkingMoment(
  schedule: WorkSchedule,
  calendar: ProductionCalendar,
  instant: Date | number,
  timeZone: string,
): boolean {
  const instantMs = checkInstant(instant);
  const timeline = coverInstant(findTimelineHolder(schedule, calendar, timeZone), instantMs);
  const interval = locateInterval(timeline, instantMs);
  return interval < timeline.intervalCount && (timeline.intervalStart[interval] ?? 0) <= instantMs;
}

/** The instant itself when it is working time, otherwise the next opening (epoch ms). */
export function findNextWorkingMoment(
  schedule: WorkSchedule,
  calendar: ProductionCalendar,
  instant: Date | number,
  timeZone: string,
): number {
  const instantMs = checkInstant(instant);
  const holder = findTimelineHolder(schedule, calendar, timeZone);
  let timeline = coverInstant(holder, instantMs);
  for (;;) {
    const interval = locateInterval(timeline, instantMs);
    if (interval < timeline.intervalCount) return Math.max(instantMs, timeline.intervalStart[interval] ?? 0);
    timeline = extendForward(holder);
  }
}

function addWorkingTime(holder: TimelineHolder, startMs: number, amountMs: number): number {
  if (amountMs === 0) return startMs;
  let timeline = coverInstant(holder, startMs);
  for (;;) {
    const startInterval = locateInterval(timeline, startMs);
    const intervalStart = timeline.intervalStart[startInterval] ?? startMs;
    const before =
      startInterval < timeline.intervalCount
        ? (timeline.cumulativeBefore[startInterval] ?? 0) + Math.max(0, startMs - intervalStart)
        : timeline.total;
    const target = before + amountMs;
    if (target > timeline.total) {
      timeline = extendForward(holder);
      continue;
    }
    // The first interval whose running total reaches the target: gallop from the start's interval,
    // then bisect. Short durations end within an interval or two of the start.
    const after = timeline.cumulativeAfter;
    const last = timeline.intervalCount - 1;
    let low = startInterval;
    let high = low;
    let step = 1;
    while ((after[high] ?? 0) < target) {
      low = high + 1;
      high = Math.min(last, high + step);
      step *= 2;
    }
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((after[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return (timeline.intervalStart[low] ?? 0) + (target - (timeline.cumulativeBefore[low] ?? 0));
  }
}

/** Close of the start's day if it is a working day and the start is before its close, else of the next one. */
function findCurrentDayClose(holder: TimelineHolder, startMs: number): number {
  let timeline = coverInstant(holder, startMs);
  const day = findDayIndex(timeline, startMs);
  const close = timeline.dayClose[day] ?? Number.NaN;
  if (startMs < close) return close;
  for (;;) {
    const next = timeline.workingDaysThrough[day] ?? 0;
    if (next < timeline.workingDays.length) return findWorkingDayClose(timeline, next);
    timeline = extendForward(holder);
  }
}

function findWorkingDayClose(timeline: WorkingTimeline, workingDayPosition: number): number {
  return timeline.dayClose[timeline.workingDays[workingDayPosition] ?? 0] ?? Number.NaN;
}

function addWorkingDays(holder: TimelineHolder, startMs: number, amount: number): number {
  if (amount === 0) return findCurrentDayClose(holder, startMs);
  let timeline = coverInstant(holder, startMs);
  for (;;) {
    const day = findDayIndex(timeline, startMs);
    // workingDays[through] is the first working day after the start's day.
    const position = (timeline.workingDaysThrough[day] ?? 0) + amount - 1;
    if (position < timeline.workingDays.length) return findWorkingDayClose(timeline, position);
    timeline = extendForward(holder);
  }
}

function addCalendarDaysToWorkingDay(holder: TimelineHolder, startMs: number, amount: number): number {
  if (amount === 0) return findCurrentDayClose(holder, startMs);
  let timeline = coverInstant(holder, startMs);
  for (;;) {
    const target = findDayIndex(timeline, startMs) + amount;
    if (target < timeline.dayCount) {
      // The count of working days before the target day is the position of the first one on or after it.
      const position = timeline.workingDaysThrough[target - 1] ?? 0;
      if (position < timeline.workingDays.length) return findWorkingDayClose(timeline, position);
    }
    timeline = extendForward(holder);
  }
}

function findSameDayTime(holder: TimelineHolder, startMs: number, minuteOfDay: number): number {
  let timeline = coverInstant(holder, startMs);
  let day = findDayIndex(timeline, startMs);
  for (;;) {
    if (day >= timeline.dayCount) {
      timeline = extendForward(holder);
      continue;
    }
    if (!Number.isNaN(timeline.dayClose[day] ?? Number.NaN)) {
      const time = convertWallToUtc(holder.zone, (timeline.firstDay + day) * DAY_MS + minuteOfDay * MINUTE_MS);
      if (time > startMs) return time;
    }
    day += 1;
  }
}
