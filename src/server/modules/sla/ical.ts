import { AppError } from '../../platform/errors.js';

export type ImportedHoliday = { date: string; name: string };

const MAX_DAYS = 400;

/**
 * All-day events of an iCalendar file (RFC 5545) as days off: `DTSTART;VALUE=DATE:20270101` with an
 * exclusive `DTEND` (or `DURATION:PnD`) covers every date in between. Folded lines are unfolded;
 * timed events are refused with the line that holds them, since a holiday is a whole date.
 */
export function parseICalendarHolidays(text: string): ImportedHoliday[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/);
  if (!lines.some((line) => line.trim() === 'BEGIN:VCALENDAR')) {
    throw invalid('Файл не похож на iCalendar: нет строки BEGIN:VCALENDAR.');
  }
  const result: ImportedHoliday[] = [];
  let event: { start?: string; end?: string; days?: number; name?: string; line: number } | undefined;
  for (const [index, rawLine] of lines.entries()) {
    const line = rawLine.trim();
    if (line === 'BEGIN:VEVENT') {
      event = { line: index + 1 };
      continue;
    }
    if (!event) continue;
    const separator = line.indexOf(':');
    const head = separator >= 0 ? line.slice(0, separator) : line;
    const value = separator >= 0 ? line.slice(separator + 1) : '';
    const [name = '', ...parameters] = head.split(';');
    if (name === 'DTSTART' || name === 'DTEND') {
      const isDate = parameters.includes('VALUE=DATE') || /^\d{8}$/.test(value);
      if (!isDate || !/^\d{8}$/.test(value)) {
        throw invalid(
          `Строка ${index + 1}: событие со временем (${line}); для выходного нужен целый день (VALUE=DATE).`,
        );
      }
      const date = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
      if (name === 'DTSTART') event.start = date;
      else event.end = date;
    } else if (name === 'DURATION') {
      const match = /^P(\d+)D$/.exec(value);
      if (!match) throw invalid(`Строка ${index + 1}: длительность «${value}» — ожидается PnD.`);
      event.days = Number(match[1]);
    } else if (name === 'SUMMARY') {
      event.name = value
        .replace(/\\([,;\\])/g, '$1')
        .replace(/\\n/gi, ' ')
        .trim();
    } else if (line === 'END:VEVENT') {
      if (!event.start) throw invalid(`Строка ${event.line}: у события нет DTSTART.`);
      const first = Date.parse(`${event.start}T00:00:00Z`);
      const last = event.end
        ? Date.parse(`${event.end}T00:00:00Z`) - 86_400_000
        : first + ((event.days ?? 1) - 1) * 86_400_000;
      if (Number.isNaN(first) || Number.isNaN(last) || last < first) {
        throw invalid(`Строка ${event.line}: неверные даты события.`);
      }
      for (let day = first; day <= last; day += 86_400_000) {
        result.push({ date: new Date(day).toISOString().slice(0, 10), name: event.name || 'Выходной день' });
        if (result.length > MAX_DAYS) throw invalid(`В файле больше ${MAX_DAYS} дней — это не календарь праздников.`);
      }
      event = undefined;
    }
  }
  if (result.length === 0) throw invalid('В файле нет ни одного события на целый день.');
  return result;
}

function invalid(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field: 'file', message }]);
}
