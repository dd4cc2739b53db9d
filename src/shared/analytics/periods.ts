/**
 * Analytics periods as local dates (ГГГГ-ММ-ДД, both ends inclusive): ISO weeks, quarters, the
 * previous equal period. Pure; the server turns local dates into instants in the tenant's zone.
 */
export type LocalPeriod = { from: string; to: string };

const DAY_MS = 86_400_000;

function toDayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Number of days in a period (inclusive). */
export function countDays(period: LocalPeriod): number {
  return toDayNumber(period.to) - toDayNumber(period.from) + 1;
}

/** The period of the same length right before this one. */
export function previousPeriod(period: LocalPeriod): LocalPeriod {
  const length = countDays(period);
  return { from: addDays(period.from, -length), to: addDays(period.from, -1) };
}

/** Reads `2021-W12` (ISO 8601 week: Monday to Sunday); undefined if there is no such week. */
export function parseIsoWeek(text: string): LocalPeriod | undefined {
  const match = /^(\d{4})-W(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const week = Number(match[2]);
  // The week with 4 January is week 1; its Monday starts the ISO year.
  const january4 = toDayNumber(`${year}-01-04`);
  const weekdayOfJanuary4 = (new Date(january4 * DAY_MS).getUTCDay() + 6) % 7;
  const firstMonday = january4 - weekdayOfJanuary4;
  const nextJanuary4 = toDayNumber(`${year + 1}-01-04`);
  const weeksInYear = Math.round(
    (nextJanuary4 - ((new Date(nextJanuary4 * DAY_MS).getUTCDay() + 6) % 7) - firstMonday) / 7,
  );
  if (week < 1 || week > weeksInYear) return undefined;
  const monday = firstMonday + (week - 1) * 7;
  return { from: fromDayNumber(monday), to: fromDayNumber(monday + 6) };
}

/** The ISO week (`2021-W12`) a date belongs to. */
export function isoWeekOf(date: string): string {
  const day = toDayNumber(date);
  const weekday = (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
  const thursday = day - weekday + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - toDayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Reads `2021-Q1`; undefined otherwise. */
export function parseQuarter(text: string): LocalPeriod | undefined {
  const match = /^(\d{4})-Q([1-4])$/.exec(text.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const quarter = Number(match[2]);
  const firstMonth = (quarter - 1) * 3 + 1;
  const from = `${year}-${String(firstMonth).padStart(2, '0')}-01`;
  const nextStart = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(firstMonth + 3).padStart(2, '0')}-01`;
  return { from, to: addDays(nextStart, -1) };
}

/** The quarter (`2021-Q1`) a date belongs to. */
export function quarterOf(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** The KPI report of a quarter is due on the 5th day of the month after it. */
export function kpiDueDate(quarter: string): string {
  const period = parseQuarter(quarter);
  if (!period) throw new Error(`not a quarter: ${quarter}`);
  return addDays(period.to, 5);
}

/** Russian «22.03.2021». */
export function formatRussianDate(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}
