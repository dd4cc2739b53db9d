import {
  type CompiledCalendar,
  compileCalendar,
  findWeekdayOfDay,
  type ProductionCalendar,
  resolveCalendarDay,
} from './production-calendar.js';
import {
  convertWallToUtc,
  DAY_MS,
  EARLIEST_INSTANT_MS,
  findZoneOffset,
  LATEST_INSTANT_MS,
  MINUTE_MS,
  resolveTimeZone,
} from './time-zone.js';
import { type CompiledSchedule, compileSchedule, type WorkSchedule } from './work-schedule.js';
import { WorkingTimeError } from './working-time-error.js';

// The working time of one (schedule, calendar, zone) laid out once as sorted UTC intervals with
// running totals, so that every question is an index lookup and a short search on typed arrays:
//   - days: UTC instant of each local midnight, close of working time, count of working days so far;
//   - intervals: start/end (UTC ms) of each working period (adjacent ones merged) and the working
//     milliseconds before and after it since the first day of the timeline.
// The initial range is the calendar's years with margins (2017–2028 for the shipped calendar); it
// grows when a question goes outside, up to 1970–2399.

export type WorkingTimeline = {
  zone: string;
  /** Local day number (days since 1970-01-01 of local dates) of index 0. */
  firstDay: number;
  dayCount: number;
  /** dayCount + 1 entries: the UTC instant of each local midnight, and of the one after the range. */
  dayStart: Float64Array;
  /** UTC instant at which the day's working time ends, NaN when the day has none. */
  dayClose: Float64Array;
  /** dayCount + 1 entries: the first interval ending after the day's midnight. */
  dayFirstInterval: Int32Array;
  /** How many working days there are among days 0…d of the range. */
  workingDaysThrough: Int32Array;
  /** Indexes of the working days, in order. */
  workingDays: Int32Array;
  intervalCount: number;
  intervalStart: Float64Array;
  intervalEnd: Float64Array;
  /** Working milliseconds from the start of the range to the start (end) of each interval. */
  cumulativeBefore: Float64Array;
  cumulativeAfter: Float64Array;
  total: number;
  /** A zone offset to turn an instant into a local day number in one step (corrected by ±1 day). */
  offsetGuess: number;
};

export type TimelineHolder = {
  schedule: CompiledSchedule;
  calendar: CompiledCalendar | undefined;
  zone: string;
  timeline: WorkingTimeline;
};

const MIN_DAY = Math.floor(EARLIEST_INSTANT_MS / DAY_MS) - 1;
const MAX_DAY = Math.floor(LATEST_INSTANT_MS / DAY_MS) + 2;
const EMPTY: readonly number[] = [];
const HOUR_MINUTES = 60;

function shortenByHour(periods: readonly number[]): readonly number[] {
  const result = [...periods];
  let remaining = HOUR_MINUTES;
  while (remaining > 0 && result.length >= 2) {
    const to = result[result.length - 1] ?? 0;
    const from = result[result.length - 2] ?? 0;
    if (to - from > remaining) {
      result[result.length - 1] = to - remaining;
      remaining = 0;
    } else {
      remaining -= to - from;
      result.length -= 2;
    }
  }
  return result;
}

/** Working periods of a local day ([from, to, …] minutes) after the production calendar. */
export function resolveDayPeriods(
  schedule: CompiledSchedule,
  calendar: CompiledCalendar | undefined,
  dayNumber: number,
): readonly number[] {
  const weekday = findWeekdayOfDay(dayNumber);
  const own = schedule.periods[weekday] ?? EMPTY;
  if (!schedule.usesProductionCalendar || calendar === undefined) return own;
  const entry = resolveCalendarDay(calendar, dayNumber);
  if (entry === undefined) return own;
  if (entry.kind === 'holiday' || entry.kind === 'dayOff' || entry.kind === 'transferredDayOff') return EMPTY;
  // A working Saturday or Sunday works the hours of the weekday it replaces (the day the decree
  // moved the day off to), or of the first working weekday of the schedule when that is unknown.
  let base = own;
  if (own.length === 0 && weekday >= 5) {
    const replaced = schedule.periods[entry.worksAsWeekday ?? schedule.fallbackWeekday] ?? EMPTY;
    base = replaced.length > 0 ? replaced : (schedule.periods[schedule.fallbackWeekday] ?? EMPTY);
  }
  return entry.kind === 'shortened' ? shortenByHour(base) : base;
}

function buildTimeline(holder: Omit<TimelineHolder, 'timeline'>, firstDay: number, endDay: number): WorkingTimeline {
  const dayCount = endDay - firstDay;
  const dayStart = new Float64Array(dayCount + 1);
  const dayClose = new Float64Array(dayCount);
  const workingDaysThrough = new Int32Array(dayCount);
  const workingDayList: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let index = 0; index < dayCount; index += 1) {
    const dayNumber = firstDay + index;
    const wallMidnight = dayNumber * DAY_MS;
    dayStart[index] = convertWallToUtc(holder.zone, wallMidnight);
    const periods = resolveDayPeriods(holder.schedule, holder.calendar, dayNumber);
    let close = Number.NaN;
    for (let position = 0; position + 1 < periods.length; position += 2) {
      const from = convertWallToUtc(holder.zone, wallMidnight + (periods[position] ?? 0) * MINUTE_MS);
      const to = convertWallToUtc(holder.zone, wallMidnight + (periods[position + 1] ?? 0) * MINUTE_MS);
      if (to <= from) continue;
      const last = ends.length - 1;
      if (last >= 0 && from <= (ends[last] ?? 0)) ends[last] = Math.max(ends[last] ?? 0, to);
      else {
        starts.push(from);
        ends.push(to);
      }
      close = to;
    }
    dayClose[index] = close;
    if (!Number.isNaN(close)) workingDayList.push(index);
    workingDaysThrough[index] = workingDayList.length;
  }
  dayStart[dayCount] = convertWallToUtc(holder.zone, endDay * DAY_MS);

  const intervalCount = starts.length;
  const intervalStart = Float64Array.from(starts);
  const intervalEnd = Float64Array.from(ends);
  const cumulativeBefore = new Float64Array(intervalCount);
  const cumulativeAfter = new Float64Array(intervalCount);
  let total = 0;
  for (let index = 0; index < intervalCount; index += 1) {
    cumulativeBefore[index] = total;
    total += (intervalEnd[index] ?? 0) - (intervalStart[index] ?? 0);
    cumulativeAfter[index] = total;
  }
  const dayFirstInterval = new Int32Array(dayCount + 1);
  let interval = 0;
  for (let index = 0; index <= dayCount; index += 1) {
    const midnight = dayStart[index] ?? 0;
    while (interval < intervalCount && (intervalEnd[interval] ?? 0) <= midnight) interval += 1;
    dayFirstInterval[index] = interval;
  }
  return {
    zone: holder.zone,
    firstDay,
    dayCount,
    dayStart,
    dayClose,
    dayFirstInterval,
    workingDaysThrough,
    workingDays: Int32Array.from(workingDayList),
    intervalCount,
    intervalStart,
    intervalEnd,
    cumulativeBefore,
    cumulativeAfter,
    total,
    offsetGuess: findZoneOffset(holder.zone, dayStart[0] ?? 0),
  };
}

function findDefaultRange(calendar: CompiledCalendar | undefined): [firstDay: number, endDay: number] {
  let firstYear = 2018;
  let lastYear = 2026;
  for (const year of calendar?.years ?? []) {
    firstYear = Math.min(firstYear, year);
    lastYear = Math.max(lastYear, year);
  }
  return [Date.UTC(firstYear - 1, 0, 1) / DAY_MS, Date.UTC(lastYear + 3, 0, 1) / DAY_MS];
}

type HolderKey = ProductionCalendar | typeof NO_CALENDAR;
const NO_CALENDAR = Object.freeze({});
const holders = new WeakMap<WorkSchedule, WeakMap<HolderKey, Map<string, TimelineHolder>>>();
let lastSchedule: WorkSchedule | undefined;
let lastCalendar: ProductionCalendar | undefined;
let lastZone: string | undefined;
let lastHolder: TimelineHolder | undefined;

/** The timeline of a (schedule, calendar, zone), built on first use and kept while the schedule lives. */
export function findTimelineHolder(
  schedule: WorkSchedule,
  calendar: ProductionCalendar,
  timeZone: string,
): TimelineHolder {
  if (schedule === lastSchedule && calendar === lastCalendar && timeZone === lastZone && lastHolder) return lastHolder;
  const compiledSchedule = compileSchedule(schedule);
  const key: HolderKey = compiledSchedule.usesProductionCalendar ? calendar : NO_CALENDAR;
  let byCalendar = holders.get(schedule);
  if (!byCalendar) {
    byCalendar = new WeakMap();
    holders.set(schedule, byCalendar);
  }
  let byZone = byCalendar.get(key);
  if (!byZone) {
    byZone = new Map();
    byCalendar.set(key, byZone);
  }
  const zone = resolveTimeZone(timeZone);
  let holder = byZone.get(zone);
  if (!holder) {
    const compiledCalendar = compiledSchedule.usesProductionCalendar ? compileCalendar(calendar) : undefined;
    const [firstDay, endDay] = findDefaultRange(compiledCalendar);
    const source = { schedule: compiledSchedule, calendar: compiledCalendar, zone };
    holder = { ...source, timeline: buildTimeline(source, firstDay, endDay) };
    byZone.set(zone, holder);
  }
  lastSchedule = schedule;
  lastCalendar = calendar;
  lastZone = timeZone;
  lastHolder = holder;
  return holder;
}

/** The holder's timeline, rebuilt wider when the instant is outside it. */
export function coverInstant(holder: TimelineHolder, utcMs: number): WorkingTimeline {
  const timeline = holder.timeline;
  if (utcMs >= (timeline.dayStart[0] ?? 0) && utcMs < (timeline.dayStart[timeline.dayCount] ?? 0)) return timeline;
  const localDay = Math.floor((utcMs + timeline.offsetGuess) / DAY_MS);
  const firstDay = Math.max(MIN_DAY, Math.min(timeline.firstDay, localDay - 400));
  const endDay = Math.min(MAX_DAY, Math.max(timeline.firstDay + timeline.dayCount, localDay + 1100));
  holder.timeline = buildTimeline(holder, firstDay, endDay);
  return holder.timeline;
}

/**
 * Makes the holder's timeline reach further into the future, for a deadline beyond its end.
 * Throws WorkingTimeError DEADLINE_UNREACHABLE when it already reaches the year 2400.
 */
export function extendForward(holder: TimelineHolder): WorkingTimeline {
  const timeline = holder.timeline;
  const endDay = timeline.firstDay + timeline.dayCount;
  if (endDay >= MAX_DAY) {
    throw new WorkingTimeError(
      'DEADLINE_UNREACHABLE',
      'Срок выходит за 2399 год: уменьшите длительность или проверьте, что в графике есть рабочее время.',
    );
  }
  holder.timeline = buildTimeline(
    holder,
    timeline.firstDay,
    Math.min(MAX_DAY, endDay + Math.max(3660, timeline.dayCount)),
  );
  return holder.timeline;
}

/** Index of the local day that contains the instant (the instant must be inside the timeline). */
export function findDayIndex(timeline: WorkingTimeline, utcMs: number): number {
  const starts = timeline.dayStart;
  let day = Math.floor((utcMs + timeline.offsetGuess) / DAY_MS) - timeline.firstDay;
  if (day < 0) day = 0;
  else if (day >= timeline.dayCount) day = timeline.dayCount - 1;
  while (day > 0 && utcMs < (starts[day] ?? 0)) day -= 1;
  while (day < timeline.dayCount - 1 && utcMs >= (starts[day + 1] ?? 0)) day += 1;
  return day;
}

/** Index of the first interval that ends after the instant (intervalCount when none does). */
export function locateInterval(timeline: WorkingTimeline, utcMs: number): number {
  const ends = timeline.intervalEnd;
  const count = timeline.intervalCount;
  let interval = timeline.dayFirstInterval[findDayIndex(timeline, utcMs)] ?? count;
  while (interval < count && (ends[interval] ?? 0) <= utcMs) interval += 1;
  return interval;
}

/** Working milliseconds from the start of the timeline to the instant. */
export function measureWorkingTimeBefore(timeline: WorkingTimeline, utcMs: number): number {
  const interval = locateInterval(timeline, utcMs);
  if (interval >= timeline.intervalCount) return timeline.total;
  const start = timeline.intervalStart[interval] ?? 0;
  const before = timeline.cumulativeBefore[interval] ?? 0;
  return utcMs > start ? before + (utcMs - start) : before;
}
