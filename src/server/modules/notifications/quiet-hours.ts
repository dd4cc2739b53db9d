/**
 * Quiet hours: a period of the day, in the person's tenant's time zone, when nothing is sent to them
 * outside the app. `from` is inclusive, `to` exclusive; `from` later than `to` spans midnight
 * (22:00–07:00). Pure functions, no database.
 */
export type QuietHours = { from: string; to: string };

const MINUTES_PER_DAY = 24 * 60;

function toMinutes(timeOfDay: string): number {
  const [hours, minutes] = timeOfDay.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

type LocalMoment = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock in `timeZone` at `instant`. */
export function toLocalMoment(instant: Date, timeZone: string): LocalMoment {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const local = toLocalMoment(new Date(instant), timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant the wall clock in `timeZone` shows the given date and time. Day overflow is allowed
 * (day 32 is the 1st of the next month). A time skipped by a clock change resolves to the moment after it.
 */
export function fromLocalMoment(
  local: { year: number; month: number; day: number; hour: number; minute: number },
  timeZone: string,
): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const firstGuess = wall - offsetAt(wall, timeZone);
  const offset = offsetAt(firstGuess, timeZone);
  const secondGuess = wall - offset;
  if (offsetAt(secondGuess, timeZone) === offset) return new Date(secondGuess);
  return new Date(Math.max(firstGuess, secondGuess));
}

/** True when `now` falls inside the quiet hours in `timeZone`. */
export function isInQuietHours(now: Date, quiet: QuietHours, timeZone: string): boolean {
  return endOfQuietPeriod(now, quiet, timeZone) !== undefined;
}

/**
 * When the quiet period around `now` ends, or undefined when `now` is not in one (or the period is empty).
 * A non-urgent delivery made during quiet hours waits until this moment.
 */
export function endOfQuietPeriod(now: Date, quiet: QuietHours, timeZone: string): Date | undefined {
  const from = toMinutes(quiet.from);
  const to = toMinutes(quiet.to);
  if (from === to) return undefined;
  const local = toLocalMoment(now, timeZone);
  const current = (local.hour * 60 + local.minute) % MINUTES_PER_DAY;
  const isQuiet = from < to ? current >= from && current < to : current >= from || current < to;
  if (!isQuiet) return undefined;
  const isEndTomorrow = current >= to;
  return fromLocalMoment(
    {
      year: local.year,
      month: local.month,
      day: local.day + (isEndTomorrow ? 1 : 0),
      hour: Math.floor(to / 60),
      minute: to % 60,
    },
    timeZone,
  );
}
