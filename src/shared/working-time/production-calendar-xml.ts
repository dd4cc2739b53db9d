import type { CalendarDay, CalendarHoliday, CalendarYear } from './production-calendar.js';
import { parseCalendarDate, validateCalendarYear } from './production-calendar.js';
import { WorkingTimeError } from './working-time-error.js';

// Reads one year of the xmlcalendar format (the files in production-calendar-ru/YYYY.xml):
//   <calendar year="2026" date="2025.09.30">
//     <holidays><holiday id="1" title="Новогодние каникулы"/>…</holidays>
//     <days><day d="01.01" t="1" h="1"/> <day d="01.09" t="1" f="01.03"/> <day d="04.30" t="2"/>…</days>
//   </calendar>
// t=1 day off (with h: a holiday; with f: moved from that date), t=2 shortened working day,
// t=3 working weekend day. No DOM parser: the same code runs in Node and in the browser.

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

function readAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const [, name, doubleQuoted, singleQuoted] = match;
    if (name !== undefined) attributes.set(name, decodeEntities(doubleQuoted ?? singleQuoted ?? ''));
  }
  return attributes;
}

function createXmlError(source: string, message: string): WorkingTimeError {
  return new WorkingTimeError('INVALID_CALENDAR', `Файл календаря ${source}: ${message}`);
}

/**
 * One year of a production calendar from its XML text (xmlcalendar format).
 * Throws WorkingTimeError INVALID_CALENDAR naming the element at fault.
 */
export function parseProductionCalendarXml(xml: string, sourceName = 'XML'): CalendarYear {
  const text = xml.replace(/^\uFEFF/, '').replace(/<!--[\s\S]*?-->/g, '');
  const calendarTag = /<calendar\b([^>]*)>/.exec(text);
  if (!calendarTag) throw createXmlError(sourceName, 'нет элемента <calendar year="ГГГГ">.');
  const calendarAttributes = readAttributes(calendarTag[1] ?? '');
  const yearText = calendarAttributes.get('year') ?? '';
  if (!/^\d{4}$/.test(yearText)) throw createXmlError(sourceName, `атрибут year="${yearText}" — не год.`);
  const year = Number(yearText);
  const editionText = calendarAttributes.get('date');
  const edition = editionText && /^\d{4}\.\d{2}\.\d{2}$/.test(editionText) ? editionText.replaceAll('.', '-') : null;

  const holidays: CalendarHoliday[] = [];
  for (const match of text.matchAll(/<holiday\b([^>]*?)\/?>/g)) {
    const attributes = readAttributes(match[1] ?? '');
    const id = Number(attributes.get('id'));
    const name = (attributes.get('title') ?? '').trim();
    if (!Number.isInteger(id) || id <= 0 || name === '') {
      throw createXmlError(sourceName, `праздник ${match[0]} без числового id или без title.`);
    }
    holidays.push({ id, name });
  }

  const readDate = (value: string | undefined, element: string): string => {
    const match = /^(\d{2})\.(\d{2})$/.exec(value ?? '');
    const date = match ? `${year}-${match[1]}-${match[2]}` : '';
    if (parseCalendarDate(date) === undefined) {
      throw createXmlError(sourceName, `в ${element} «${value ?? ''}» — не дата ${year} года в формате ММ.ДД.`);
    }
    return date;
  };

  const days: CalendarDay[] = [];
  for (const match of text.matchAll(/<day\b([^>]*?)\/?>/g)) {
    const element = match[0];
    const attributes = readAttributes(match[1] ?? '');
    const date = readDate(attributes.get('d'), element);
    const type = attributes.get('t');
    const holidayText = attributes.get('h');
    const movedFromText = attributes.get('f');
    const holidayId = holidayText === undefined ? undefined : Number(holidayText);
    if (holidayId !== undefined && !holidays.some((holiday) => holiday.id === holidayId)) {
      throw createXmlError(sourceName, `в ${element} h="${holidayText}" — нет такого праздника в <holidays>.`);
    }
    const movedFrom = movedFromText === undefined ? undefined : readDate(movedFromText, element);
    if (type === '1') {
      if (holidayId !== undefined) {
        days.push({ date, kind: 'holiday', holidayId, ...(movedFrom ? { movedFrom } : {}) });
      } else if (movedFrom !== undefined) {
        days.push({ date, kind: 'transferredDayOff', movedFrom });
      } else {
        days.push({ date, kind: 'dayOff' });
      }
    } else if (type === '2') {
      days.push({ date, kind: 'shortened' });
    } else if (type === '3') {
      days.push({ date, kind: 'workingWeekend' });
    } else {
      throw createXmlError(sourceName, `в ${element} t="${type ?? ''}": ожидается 1, 2 или 3.`);
    }
  }
  days.sort((left, right) => (left.date < right.date ? -1 : left.date > right.date ? 1 : 0));
  const calendarYear: CalendarYear = {
    year,
    source: edition ? `xmlcalendar, редакция ${edition}` : 'xmlcalendar',
    holidays,
    days,
  };
  validateCalendarYear(calendarYear);
  return calendarYear;
}
