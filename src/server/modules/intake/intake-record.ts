import type { CaseKind, Channel } from '../../../shared/channels.js';
import { parseInstant } from '../../../shared/working-time/index.js';

/**
 * The one shape every file importer normalises a line (or table row) into, before anything is written.
 * Field checks shared by the importers live here; each throws RecordProblem with a Russian message
 * naming the field, and the importer adds the line number.
 */
export type ImportedEvent = {
  at: Date;
  action: string;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
};

export type ImportedCase = {
  /** Line of the file (JSONL) or row of the table the case came from. */
  line: number;
  channel: Channel;
  kind: CaseKind;
  externalId: string;
  text: string;
  receivedAt: Date;
  category: string | null;
  subcategory: string | null;
  district: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  applicantName: string | null;
  /** The answering (responsible) organisation by name; created as a recipient of the tenant if new. */
  recipientName: string | null;
  /** A state code of the channel's workflow (checked by the importer). */
  state: string;
  closedAt: Date | null;
  result: string | null;
  rating: number | null;
  reopenCount: number;
  isFastTrack: boolean;
  lifecycle: Record<string, unknown>;
  /** The timeline, in time order. */
  events: ImportedEvent[];
};

export type RejectedLine = { line: number; message: string };

/** Limits: a field longer than these is rejected, never cut silently (nothing a resident sent is lost). */
export const LIMITS = {
  lineBytes: 1_000_000,
  text: 50_000,
  answer: 50_000,
  name: 500,
  externalId: 200,
} as const;

export class RecordProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordProblem';
  }
}

export const IMPORT_ACTOR_ROLE = 'import';

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const EARLIEST = Date.UTC(1991, 0, 1);

/**
 * How a moment without a zone is read: `reject` — an error (the neutral format demands the zone);
 * a time zone — the wall time there (formats whose source writes local time, like the SPb portal).
 */
export type ZonelessDates = 'reject' | { timeZone: string };

/** What a field that is not a date is told it needs (the neutral formats speak ISO-8601). */
const ISO_EXPECTED = 'дата ISO-8601; нужна, например, 2024-03-10T09:30:00+03:00';

export function readInstant(
  value: unknown,
  field: string,
  zoneless: ZonelessDates,
  now: number,
  expected: string = ISO_EXPECTED,
): Date {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new RecordProblem(
      `поле «${field}» — нужна дата и время ISO-8601 строкой, например 2024-03-10T09:30:00+03:00.`,
    );
  }
  const text = value.trim();
  const match = ISO_INSTANT.exec(text);
  if (!match) {
    throw new RecordProblem(`поле «${field}» — «${clip(text)}» не ${expected}.`);
  }
  const hasZone = match[8] !== undefined;
  if (!hasZone && zoneless === 'reject') {
    throw new RecordProblem(
      `поле «${field}» — дата «${clip(text)}» без часового пояса; укажите смещение, например ${text.length >= 16 ? text : `${text}T00:00`}+03:00.`,
    );
  }
  let moment: number;
  try {
    moment = parseInstant(text, zoneless === 'reject' ? 'UTC' : zoneless.timeZone);
  } catch {
    throw new RecordProblem(`поле «${field}» — «${clip(text)}» не существующая дата или время.`);
  }
  if (moment < EARLIEST) throw new RecordProblem(`поле «${field}» — дата ${clip(text)} раньше 1991 года.`);
  if (moment > now + 24 * 3600_000) throw new RecordProblem(`поле «${field}» — дата ${clip(text)} в будущем.`);
  return new Date(moment);
}

export function readRequiredText(value: unknown, field: string, maxLength: number): string {
  const text = readOptionalText(value, field, maxLength);
  if (text === null) throw new RecordProblem(`не заполнено поле «${field}».`);
  return text;
}

/** Text or null; a number is taken as its decimal text. Control characters other than \n, \r, \t are refused. */
export function readOptionalText(value: unknown, field: string, maxLength: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new RecordProblem(`поле «${field}» должно быть строкой.`);
  const text = value.trim();
  if (text === '') return null;
  if (text.length > maxLength) {
    throw new RecordProblem(`поле «${field}» длиннее ${maxLength} символов (${text.length}).`);
  }
  if (text.includes('\u0000')) {
    throw new RecordProblem(`поле «${field}» содержит нулевой символ (\\u0000) — файл повреждён.`);
  }
  if (text.includes('\ufffd')) {
    throw new RecordProblem(`поле «${field}» содержит нераспознанные символы (�) — файл сохранён не в той кодировке.`);
  }
  return text;
}

/** Latitude and longitude: both or neither, numbers (or decimal text) within the ranges of the Earth. */
export function readCoordinates(
  latitudeValue: unknown,
  longitudeValue: unknown,
  names: { latitude: string; longitude: string },
): { latitude: number | null; longitude: number | null } {
  const read = (value: unknown, field: string, limit: number): number | null => {
    if (value === undefined || value === null || value === '') return null;
    const number =
      typeof value === 'number' ? value : typeof value === 'string' ? Number(value.replace(',', '.')) : NaN;
    if (!Number.isFinite(number)) throw new RecordProblem(`поле «${field}» — «${clip(String(value))}» не число.`);
    if (Math.abs(number) > limit) {
      throw new RecordProblem(`поле «${field}» — ${number} вне допустимого диапазона −${limit}…${limit}.`);
    }
    return number;
  };
  const latitude = read(latitudeValue, names.latitude, 90);
  const longitude = read(longitudeValue, names.longitude, 180);
  if ((latitude === null) !== (longitude === null)) {
    throw new RecordProblem(`координаты неполные: нужны обе — «${names.latitude}» и «${names.longitude}».`);
  }
  if (latitude === 0 && longitude === 0) throw new RecordProblem('координаты 0, 0 — точка не указана.');
  return { latitude, longitude };
}

export function clip(text: string, length = 60): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** Russian spelling of a count for summaries: 1 строка, 2 строки, 5 строк. */
export function pluralRu(count: number, one: string, few: string, many: string): string {
  const tens = Math.abs(count) % 100;
  const units = tens % 10;
  if (tens > 10 && tens < 20) return many;
  if (units === 1) return one;
  if (units >= 2 && units <= 4) return few;
  return many;
}
