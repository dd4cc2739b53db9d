import { AppError } from '../../platform/errors.js';

/** Parameters of an Open311 call: the query string or the form-encoded body (a repeated name gives an array). */
export type Open311Params = Record<string, string | string[] | undefined>;

// C0 controls other than tab, line feed and carriage return; PostgreSQL text cannot hold NUL at all.

/** True when the text has a C0 control other than tab, line feed, carriage return (or DEL). */
export function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

export function badParameter(name: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${name}: ${message}`, [{ field: name, message }]);
}

/** One value of a parameter (trimmed; empty = absent); a parameter sent twice is an error. */
export function readText(params: Open311Params, name: string, maxLength: number): string | undefined {
  const raw = params[name];
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw badParameter(name, 'параметр указан несколько раз');
  return checkText(name, raw, maxLength);
}

export function checkText(name: string, raw: string, maxLength: number): string | undefined {
  if (hasControlCharacter(raw)) throw badParameter(name, 'недопустимые управляющие символы');
  const value = raw.trim();
  if (value === '') return undefined;
  if (value.length > maxLength) throw badParameter(name, `не длиннее ${maxLength} символов (сейчас ${value.length})`);
  return value;
}

/** A comma-separated list (`service_request_id=1,2,3`). */
export function readList(params: Open311Params, name: string, maxItems: number, maxLength = 100): string[] | undefined {
  const text = readText(params, name, maxItems * (maxLength + 1));
  if (text === undefined) return undefined;
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length > maxItems) throw badParameter(name, `не больше ${maxItems} значений`);
  for (const item of items)
    if (item.length > maxLength) throw badParameter(name, `значение длиннее ${maxLength} символов`);
  return items.length > 0 ? items : undefined;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** An instant in W3C/ISO 8601 form with its zone (`2026-03-01T10:00:00+03:00`), or a date (midnight UTC). */
export function parseInstant(name: string, text: string): Date {
  if (!DATE_ONLY.test(text) && !DATE_TIME.test(text)) {
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) {
      throw badParameter(name, 'укажите часовой пояс, например 2026-03-01T10:00:00+03:00 или …Z');
    }
    throw badParameter(name, 'ожидается дата и время ISO 8601, например 2026-03-01T10:00:00+03:00');
  }
  const value = Date.parse(text.replace(' ', 'T'));
  if (!Number.isFinite(value)) throw badParameter(name, 'нет такой даты');
  return new Date(value);
}

export function readInstant(params: Open311Params, name: string): Date | undefined {
  const text = readText(params, name, 40);
  return text === undefined ? undefined : parseInstant(name, text);
}

export function readInteger(params: Open311Params, name: string, min: number, max: number): number | undefined {
  const text = readText(params, name, 12);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw badParameter(name, 'ожидается целое число');
  const value = Number(text);
  if (value < min || value > max) throw badParameter(name, `от ${min} до ${max}`);
  return value;
}

/** A decimal number such as a coordinate; `Infinity`, `NaN`, hex and exponents-only are not numbers here. */
export function parseDecimal(name: string, text: string): number {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw badParameter(name, 'ожидается число');
  const value = Number(text);
  if (!Number.isFinite(value)) throw badParameter(name, 'ожидается конечное число');
  return value;
}

/** `attribute[code]` and `attribute[code][]` parameters → code → values. */
export function readAttributes(params: Open311Params): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const [name, raw] of Object.entries(params)) {
    const match = /^attribute\[([^\]]*)\](\[\])?$/.exec(name);
    if (!match || raw === undefined) continue;
    const code = match[1] ?? '';
    if (code === '') throw badParameter(name, 'не указан код атрибута');
    const values = (Array.isArray(raw) ? raw : [raw]).map((value) => checkText(name, value, 4000) ?? '');
    attributes.set(code, [...(attributes.get(code) ?? []), ...values.filter((value) => value !== '')]);
  }
  return attributes;
}
