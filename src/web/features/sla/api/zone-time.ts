import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/ru.js';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

// Deadlines are counted in the municipality's time zone, which need not be the browser's. Date pickers work in
// the browser's zone, so they hold the municipality's wall-clock time, converted here.

/** «UTC+07:00» of a zone at a moment. */
export function formatZoneOffset(timeZone: string, iso: string = new Date().toISOString()): string {
  return `UTC${dayjs(iso).tz(timeZone).format('Z')}`;
}

/** «пн, 16.03.2026 09:00» in the zone. */
export function formatDateTimeWithWeekday(iso: string, timeZone: string): string {
  return dayjs(iso).tz(timeZone).locale('ru').format('dd, DD.MM.YYYY HH:mm');
}

/** The wall-clock time of a picker taken as the zone's local time: ISO-8601 with the zone's offset. */
export function toZonedIso(wallClock: Dayjs, timeZone: string): string {
  return dayjs.tz(wallClock.format('YYYY-MM-DDTHH:mm:ss'), timeZone).format();
}

/** Now in the zone, as a picker shows it (the wall-clock time there). */
export function findZoneNow(timeZone: string, now: Date = new Date()): Dayjs {
  return dayjs(dayjs(now).tz(timeZone).format('YYYY-MM-DDTHH:mm'));
}
