import {
  createProductionCalendar,
  type ProductionCalendar,
  replaceCalendarYear,
  unpackCalendarYear,
} from './production-calendar.js';
import { RUSSIAN_PRODUCTION_CALENDAR_DATA } from './production-calendar-ru.data.js';
import { parseProductionCalendarXml } from './production-calendar-xml.js';

/** The Russian production calendar 2018–2026 that ships with the product (five-day week). */
export const RUSSIAN_PRODUCTION_CALENDAR: ProductionCalendar = createProductionCalendar({
  id: 'ru',
  name: 'Производственный календарь РФ',
  years: RUSSIAN_PRODUCTION_CALENDAR_DATA.map(unpackCalendarYear),
});

/** The shipped calendar with one more year (or a corrected one) read from its xmlcalendar XML. */
export function addCalendarYearFromXml(
  calendar: ProductionCalendar,
  xml: string,
  sourceName?: string,
): ProductionCalendar {
  return replaceCalendarYear(calendar, parseProductionCalendarXml(xml, sourceName));
}
