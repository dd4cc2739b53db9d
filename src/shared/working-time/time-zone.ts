import { WorkingTimeError } from './working-time-error.js';

// Time-zone arithmetic on plain numbers. A «wall» value is the local date and time of a zone written
// as if it were UTC (epoch milliseconds), so that `Math.floor(wall / DAY_MS)` is the local day number
// and `wall % DAY_MS` the local time of day. Offsets come from Intl (the IANA database of the runtime)
// and are cached per zone and UTC day (read in blocks of 8 days: one Intl call per block when the offset
// does not change in it), exact to the minute even on a day when a zone changes its offset
// (Europe/Volgograd on 2018-10-28 and 2020-12-27).

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Instants the working-time functions accept: 1970-01-01 … 2399-12-31 (UTC). */
export const EARLIEST_INSTANT_MS = 0;
export const LATEST_INSTANT_MS = Date.UTC(2400, 0, 1) - 1;

type ZoneOffsets = {
  formatter: Intl.DateTimeFormat;
  /** Offset (ms) at 00:00 UTC of a UTC day number. */
  atDayStart: Map<number, number>;
  /** First instant (ms) of the new offset, for UTC days on which the offset changes. */
  changeAt: Map<number, number>;
};

const zones = new Map<string, ZoneOffsets>();
const canonicalNames = new Map<string, string>();

/**
 * The canonical IANA name of a time zone (`europe/moscow` → `Europe/Moscow`).
 * Throws WorkingTimeError INVALID_TIME_ZONE for a name the runtime does not know.
 */
export function resolveTimeZone(timeZone: string): string {
  const known = canonicalNames.get(timeZone);
  if (known !== undefined) return known;
  let resolved: string;
  try {
    if (timeZone.trim() === '') throw new RangeError('empty');
    resolved = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new WorkingTimeError(
      'INVALID_TIME_ZONE',
      `Неизвестный часовой пояс «${timeZone}»: укажите название IANA, например Europe/Moscow или Asia/Novokuznetsk.`,
    );
  }
  canonicalNames.set(timeZone, resolved);
  return resolved;
}

function findZone(timeZone: string): ZoneOffsets {
  const name = resolveTimeZone(timeZone);
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = {
      formatter: new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
      atDayStart: new Map(),
      changeAt: new Map(),
    };
    zones.set(name, zone);
    if (name !== timeZone) zones.set(timeZone, zone);
  }
  return zone;
}

/** Offset of the zone at an instant, read from Intl (whole seconds; no cache). */
function readOffsetFromIntl(zone: ZoneOffsets, utcMs: number): number {
  const wholeSecond = Math.floor(utcMs / 1000) * 1000;
  const parts = zone.formatter.formatToParts(wholeSecond);
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of parts) {
    const value = Number(part.value);
    if (part.type === 'year') year = value;
    else if (part.type === 'month') month = value;
    else if (part.type === 'day') day = value;
    else if (part.type === 'hour') hour = value;
    else if (part.type === 'minute') minute = value;
    else if (part.type === 'second') second = value;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) - wholeSecond;
}

/** Days read together: when the offset is the same at both ends of a block, it is the same inside. */
const BLOCK_DAYS = 8;

function readOffsetAtDayStart(zone: ZoneOffsets, utcDay: number): number {
  const cached = zone.atDayStart.get(utcDay);
  if (cached !== undefined) return cached;
  const blockStart = Math.floor(utcDay / BLOCK_DAYS) * BLOCK_DAYS;
  const first = zone.atDayStart.get(blockStart) ?? readOffsetFromIntl(zone, blockStart * DAY_MS);
  const last =
    zone.atDayStart.get(blockStart + BLOCK_DAYS) ?? readOffsetFromIntl(zone, (blockStart + BLOCK_DAYS) * DAY_MS);
  zone.atDayStart.set(blockStart + BLOCK_DAYS, last);
  for (let day = blockStart; day < blockStart + BLOCK_DAYS; day += 1) {
    zone.atDayStart.set(day, first === last || day === blockStart ? first : readOffsetFromIntl(zone, day * DAY_MS));
  }
  return zone.atDayStart.get(utcDay) ?? first;
}

/** Offset (ms, east of Greenwich positive) of a zone at a UTC instant. */
export function findZoneOffset(timeZone: string, utcMs: number): number {
  const zone = findZone(timeZone);
  const utcDay = Math.floor(utcMs / DAY_MS);
  const atStart = readOffsetAtDayStart(zone, utcDay);
  const atNextStart = readOffsetAtDayStart(zone, utcDay + 1);
  if (atStart === atNextStart) return atStart;
  let changeAt = zone.changeAt.get(utcDay);
  if (changeAt === undefined) {
    // The offset changes during this UTC day: find the first minute with the new offset.
    let low = 0;
    let high = DAY_MS / MINUTE_MS;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (readOffsetFromIntl(zone, utcDay * DAY_MS + middle * MINUTE_MS) === atStart) low = middle + 1;
      else high = middle;
    }
    changeAt = utcDay * DAY_MS + low * MINUTE_MS;
    zone.changeAt.set(utcDay, changeAt);
  }
  return utcMs < changeAt ? atStart : atNextStart;
}

/** Local wall time (ms, see the note at the top) of a UTC instant. */
export function convertUtcToWall(timeZone: string, utcMs: number): number {
  return utcMs + findZoneOffset(timeZone, utcMs);
}

/**
 * The UTC instant of a local wall time. A wall time skipped when clocks go forward maps past the gap
 * (02:30 → 03:30 of the new offset); a wall time repeated when clocks go back maps to one of its two
 * occurrences.
 */
export function convertWallToUtc(timeZone: string, wallMs: number): number {
  const first = findZoneOffset(timeZone, wallMs);
  const guess = wallMs - first;
  const second = findZoneOffset(timeZone, guess);
  if (second === first) return guess;
  const retry = wallMs - second;
  const third = findZoneOffset(timeZone, retry);
  if (third === second) return retry;
  return wallMs - Math.min(second, third);
}

function padNumber(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** ISO-8601 with the zone's offset: `2026-03-10T10:30:00+03:00` (milliseconds only when not zero). */
export function formatInstantInZone(instant: Date | number, timeZone: string): string {
  const utcMs = typeof instant === 'number' ? instant : instant.getTime();
  const offset = findZoneOffset(timeZone, utcMs);
  const wall = new Date(utcMs + offset);
  const offsetMinutes = Math.round(Math.abs(offset) / MINUTE_MS);
  const milliseconds = wall.getUTCMilliseconds();
  return (
    `${padNumber(wall.getUTCFullYear(), 4)}-${padNumber(wall.getUTCMonth() + 1, 2)}-${padNumber(wall.getUTCDate(), 2)}` +
    `T${padNumber(wall.getUTCHours(), 2)}:${padNumber(wall.getUTCMinutes(), 2)}:${padNumber(wall.getUTCSeconds(), 2)}` +
    (milliseconds === 0 ? '' : `.${padNumber(milliseconds, 3)}`) +
    `${offset < 0 ? '-' : '+'}${padNumber(Math.floor(offsetMinutes / 60), 2)}:${padNumber(offsetMinutes % 60, 2)}`
  );
}

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Reads an ISO-8601 instant: `2026-03-10T09:30:00+03:00`, `…Z`, or without an offset, which is then
 * the wall time in `timeZone` (`2026-03-10T09:30`, `2026-03-10` = local midnight).
 * Throws WorkingTimeError INVALID_INSTANT for anything else, INSTANT_OUT_OF_RANGE outside 1970–2399.
 */
export function parseInstant(text: string, timeZone: string): number {
  const match = ISO_INSTANT.exec(text.trim());
  const createInstantError = () =>
    new WorkingTimeError(
      'INVALID_INSTANT',
      `«${text}» — не момент времени ISO-8601: укажите, например, 2026-03-10T09:30:00+03:00 или 2026-03-10T09:30 (по местному времени).`,
    );
  if (!match) throw createInstantError();
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fractionText, offsetText] = match;
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const hour = Number(hourText ?? 0);
  const minute = Number(minuteText ?? 0);
  const second = Number(secondText ?? 0);
  const milliseconds = fractionText === undefined ? 0 : Math.floor(Number(`0.${fractionText}`) * 1000);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds);
  const check = new Date(wall);
  if (
    month < 1 ||
    month > 12 ||
    check.getUTCDate() !== day ||
    check.getUTCMonth() !== month - 1 ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw createInstantError();
  }
  let utcMs: number;
  if (offsetText === undefined) {
    utcMs = convertWallToUtc(timeZone, wall);
  } else if (offsetText === 'Z' || offsetText === 'z') {
    utcMs = wall;
  } else {
    const sign = offsetText.startsWith('-') ? -1 : 1;
    const digits = offsetText.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = Number(digits.slice(2) || '0');
    if (offsetHours > 14 || offsetMinutes > 59) throw createInstantError();
    utcMs = wall - sign * (offsetHours * 60 + offsetMinutes) * MINUTE_MS;
  }
  return checkInstant(utcMs, text);
}

/** Epoch milliseconds of a Date or a number, checked to be a real instant in 1970–2399. */
export function checkInstant(instant: Date | number, label?: string): number {
  const utcMs = typeof instant === 'number' ? instant : instant.getTime();
  if (Number.isNaN(utcMs)) {
    throw new WorkingTimeError('INVALID_INSTANT', 'Момент времени не задан или задан неверно (Invalid Date).');
  }
  if (!(utcMs >= EARLIEST_INSTANT_MS && utcMs <= LATEST_INSTANT_MS)) {
    throw new WorkingTimeError(
      'INSTANT_OUT_OF_RANGE',
      `Момент ${label ?? String(utcMs)} вне поддерживаемого диапазона: сроки считаются для дат с 1970 по 2399 год.`,
    );
  }
  return utcMs;
}
