import fs from 'node:fs/promises';
import zlib from 'node:zlib';
import type { TriageExample } from './triage-training.js';

// Reading a center's history from a JSON-lines file (optionally gzip-compressed) for training and evaluation.
// Two formats:
//   history-jsonl — Otklik's own export: `id`, `text`, `created` required; `territory`, `channel`, `object`,
//                   `category`, `subcategory`, `recipient` (and `lat`, `lon`, `state`, `answeredAt`,
//                   `answer`, `rating`, ignored here) optional;
//   spb-jsonl     — the «Наш Санкт-Петербург» portal dump: subcategory = `reason`, territory = `district`,
//                   object = `object`, recipient = the organisation of the latest answer in `answers`
//                   ([[time, organisation, text]…], by time: the dump lists answers newest first).
// A bad line stops the reading with a Russian message naming the line and the field.

export const DATASET_FORMATS = ['spb-jsonl', 'history-jsonl'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export type DatasetCase = TriageExample & { id: string; created: number };

export class TriageDatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TriageDatasetError';
  }
}

export function isDatasetFormat(value: string): value is DatasetFormat {
  return (DATASET_FORMATS as readonly string[]).includes(value);
}

/** The text of a file, gunzipped when it starts with the gzip signature (whatever its name). */
export async function readTextFile(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TriageDatasetError(
      code === 'ENOENT' ? `Файл «${path}» не найден.` : `Не удалось прочитать файл «${path}»: ${String(error)}`,
    );
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = zlib.gunzipSync(bytes);
    } catch {
      throw new TriageDatasetError(`Файл «${path}» повреждён: не удалось распаковать gzip.`);
    }
  }
  return bytes.toString('utf8');
}

type Row = Record<string, unknown>;

function fail(line: number, message: string): never {
  throw new TriageDatasetError(`Строка ${line}: ${message}`);
}

function requireString(row: Row, field: string, line: number): string {
  const value = row[field];
  if (typeof value !== 'string') fail(line, `поле «${field}» обязательно и должно быть строкой.`);
  return value;
}

function optionalString(row: Row, field: string, line: number): string | null {
  const value = row[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail(line, `поле «${field}» должно быть строкой или отсутствовать.`);
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function requireId(row: Row, line: number): string {
  const value = row.id;
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  fail(line, 'поле «id» обязательно (строка или число).');
}

function requireTime(row: Row, field: string, line: number): number {
  const value = requireString(row, field, line);
  const time = Date.parse(value);
  if (Number.isNaN(time)) fail(line, `поле «${field}» — не дата и время ISO 8601: «${value.slice(0, 40)}».`);
  return time;
}

function latestAnswerOrganisation(row: Row, line: number): string | null {
  const answers = row.answers;
  if (answers === undefined || answers === null) return null;
  if (!Array.isArray(answers)) fail(line, 'поле «answers» должно быть списком [[время, организация, текст]…].');
  let latest: { time: string; organisation: string } | null = null;
  answers.forEach((answer, position) => {
    if (!Array.isArray(answer) || typeof answer[0] !== 'string' || typeof answer[1] !== 'string') {
      fail(line, `ответ № ${position + 1} в «answers» должен быть [время, организация, текст].`);
    }
    const organisation = answer[1].trim();
    if (organisation !== '' && (!latest || answer[0] >= latest.time)) latest = { time: answer[0], organisation };
  });
  return (latest as { time: string; organisation: string } | null)?.organisation ?? null;
}

function parseCase(row: Row, format: DatasetFormat, line: number): DatasetCase {
  const id = requireId(row, line);
  const text = requireString(row, 'text', line);
  const created = requireTime(row, 'created', line);
  if (format === 'spb-jsonl') {
    return {
      id,
      created,
      input: {
        text,
        fields: { territory: optionalString(row, 'district', line), object: optionalString(row, 'object', line) },
      },
      labels: {
        category: optionalString(row, 'category', line),
        subcategory: optionalString(row, 'reason', line),
        recipient: latestAnswerOrganisation(row, line),
      },
    };
  }
  return {
    id,
    created,
    input: {
      text,
      fields: {
        territory: optionalString(row, 'territory', line),
        channel: optionalString(row, 'channel', line),
        object: optionalString(row, 'object', line),
      },
    },
    labels: {
      category: optionalString(row, 'category', line),
      subcategory: optionalString(row, 'subcategory', line),
      recipient: optionalString(row, 'recipient', line),
    },
  };
}

/** Parses JSON-lines text; blank lines are skipped; cases come back sorted by `created` (stable). */
export function parseDataset(content: string, format: DatasetFormat): DatasetCase[] {
  const cases: DatasetCase[] = [];
  const lines = content.split('\n');
  lines.forEach((raw, position) => {
    const line = position + 1;
    const text = raw.trim();
    if (text === '') return;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch {
      fail(line, 'не JSON-объект (каждая строка файла — один JSON-объект).');
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      fail(line, 'ожидался JSON-объект { … }.');
    }
    cases.push(parseCase(row as Row, format, line));
  });
  if (cases.length === 0) throw new TriageDatasetError('Во входном файле нет ни одного случая.');
  return cases
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.created - b.item.created || a.index - b.index)
    .map(({ item }) => item);
}

export async function readDataset(path: string, format: DatasetFormat): Promise<DatasetCase[]> {
  return parseDataset(await readTextFile(path), format);
}
