export const SLA_TABS = ['calendar', 'schedules', 'policies'] as const;
export type SlaTab = (typeof SLA_TABS)[number];
export const DEFAULT_SLA_TAB: SlaTab = 'calendar';

export const SLA_TAB_TITLES: Record<SlaTab, string> = {
  calendar: 'Производственный календарь',
  schedules: 'Графики работы',
  policies: 'Политики сроков',
};

/** The years the year picker offers: the shipped calendar starts in 2018; a decree comes a year ahead at most. */
export const FIRST_CALENDAR_YEAR = 2018;
export const LAST_CALENDAR_YEAR = 2030;

/** The page's state as it lives in the address bar: the tab, the calendar's year and the schedule open. */
export type SlaSearch = {
  tab?: SlaTab;
  year?: number;
  /** The schedule open in the editor. */
  schedule?: string;
};

const SCHEDULE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** Reads the address bar leniently: a value that makes no sense is dropped rather than shown as an error. */
export function parseSlaSearch(raw: Record<string, unknown>): SlaSearch {
  const search: SlaSearch = {};
  const tab = SLA_TABS.find((candidate) => candidate === raw.tab);
  const year = typeof raw.year === 'number' ? raw.year : typeof raw.year === 'string' ? Number(raw.year) : Number.NaN;
  if (tab && tab !== DEFAULT_SLA_TAB) search.tab = tab;
  if (Number.isInteger(year) && year >= FIRST_CALENDAR_YEAR && year <= LAST_CALENDAR_YEAR) search.year = year;
  if (typeof raw.schedule === 'string' && SCHEDULE_ID_PATTERN.test(raw.schedule)) search.schedule = raw.schedule;
  return search;
}

/** The year shown when the address does not name one: the current year, kept within the picker's range. */
export function pickDefaultYear(now: Date = new Date()): number {
  return Math.min(LAST_CALENDAR_YEAR, Math.max(FIRST_CALENDAR_YEAR, now.getFullYear()));
}
