import dayjs from 'dayjs';
import 'dayjs/locale/ru.js';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('ru');

/**
 * Times are shown in the time zone of the user's tenant (deadlines are counted in its working time),
 * not in the browser's. Until the session is known, the browser's zone is used.
 */
let displayTimeZone: string | undefined;

export function setDisplayTimeZone(timeZone: string | undefined): void {
  displayTimeZone = timeZone;
}

function toDisplayZone(iso: string): dayjs.Dayjs {
  const moment = dayjs(iso);
  return displayTimeZone ? moment.tz(displayTimeZone) : moment;
}

/** «21.11.2025 14:05» */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? toDisplayZone(iso).format('DD.MM.YYYY HH:mm') : '—';
}

/** A calendar day as the server sends it («2025-11-21») → «21.11». */
export function formatDayMonth(day: string): string {
  return dayjs(day).format('DD.MM');
}

/** «пт» */
export function formatWeekdayShort(day: string): string {
  return dayjs(day).format('dd');
}

/** Saturday or Sunday: days the center sees fewer messages and no working time passes. */
export function isWeekend(day: string): boolean {
  const weekday = dayjs(day).day();
  return weekday === 0 || weekday === 6;
}

/** A calendar day → «21 ноября 2025, пятница». */
export function formatDayLong(day: string): string {
  return dayjs(day).format('D MMMM YYYY, dddd');
}

/**
 * Every calendar day from the first to the last of `days`, with 0 for the days missing from the list (the server
 * may leave out days with no messages; a chart without them would hide the quiet days).
 */
export function fillMissingDays(
  days: ReadonlyArray<{ day: string; count: number }>,
): Array<{ day: string; count: number }> {
  const sorted = [...days].sort((left, right) => left.day.localeCompare(right.day));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) {
    return [];
  }
  const counts = new Map(sorted.map((entry) => [dayjs(entry.day).format('YYYY-MM-DD'), entry.count]));
  const filled: Array<{ day: string; count: number }> = [];
  for (let day = dayjs(first.day).startOf('day'); !day.isAfter(dayjs(last.day), 'day'); day = day.add(1, 'day')) {
    const key = day.format('YYYY-MM-DD');
    filled.push({ day: key, count: counts.get(key) ?? 0 });
  }
  return filled;
}
