import fs from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Channel } from '../../../shared/channels.js';
import type { Queryable } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { findTenantBySlug, listTenants } from '../organization/index.js';
import { parseHistoryLine } from './history-jsonl.format.js';
import { parseImTable } from './im-export.format.js';
import type { ImportFormat } from './intake.repository.js';
import type { ImportRubricator } from './intake.service.js';
import { type ImportedCase, RecordProblem, type RejectedLine } from './intake-record.js';
import { readJsonLines } from './jsonl-reader.js';
import { parsePosTable } from './pos-export.format.js';
import { parseSpbLine } from './spb-jsonl.format.js';
import { readTableFile, TableFileError } from './table-file.js';

/** What an importer read from a file: valid cases, rejected lines (line 0 = the file as a whole). */
export type ImportInput = {
  cases: ImportedCase[];
  rejected: RejectedLine[];
  totalLines: number;
  rubricator: ImportRubricator;
};

export const IMPORT_RUBRICATORS: Record<ImportFormat, ImportRubricator> = {
  'spb-jsonl': { code: 'spb-portal', name: 'Портал «Наш Санкт-Петербург»: категории и причины', source: 'import' },
  'history-jsonl': { code: 'history', name: 'Импортированная история: категории и подкатегории', source: 'import' },
  pos: { code: 'pos', name: 'ПОС: категории и подкатегории', source: 'pos' },
  im: { code: 'im', name: 'Инцидент менеджмент: группы тем и темы', source: 'im' },
};

export const MAX_TABLE_BYTES = 50 * 1024 * 1024;

type ReadOptions = {
  timeZone: string;
  defaultChannel: Channel;
  onBytes?: (done: number, total: number) => void;
  now?: number;
};

/**
 * A batch of what the reader found, in file order: valid cases and rejected lines. `lines` is the last
 * line read so far; bytes are of the file as stored (gzip: compressed).
 */
export type ImportChunk = {
  cases: ImportedCase[];
  rejected: RejectedLine[];
  lines: number;
  bytesRead: number;
  totalBytes: number;
  /** Valid lines left out before this batch as repeats of earlier lines (they count as already present). */
  repeats?: number;
};

/** An input an importer can read from the start as often as it needs (a second, sorted pass). */
export type ImportSource = {
  rubricator: ImportRubricator;
  read(): AsyncIterable<ImportChunk>;
};

/** Lines the streaming reader parses between two turns of the event loop (see PREPARE_SLICE_CASES). */
const YIELD_EVERY_LINES = 25;

/** Valid cases per batch the streaming reader hands over. */
export const IMPORT_CHUNK_CASES = 2_000;

/**
 * Cases in the batch of that position: the first ones small, so the database starts writing after a few
 * hundred lines are read instead of a whole batch, then IMPORT_CHUNK_CASES.
 */
export function importChunkSize(position: number): number {
  return Math.min(IMPORT_CHUNK_CASES, 250 * 2 ** position);
}

/** A file to import, read batch by batch (JSON Lines) or whole (tables, which are parsed whole anyway). */
export function openImportFile(format: ImportFormat, filePath: string, options: ReadOptions): ImportSource {
  if (!fs.existsSync(filePath)) throw new AppError('NOT_FOUND', `Файл «${filePath}» не найден.`);
  return { rubricator: IMPORT_RUBRICATORS[format], read: () => readImportChunks(format, filePath, options) };
}

async function* readImportChunks(
  format: ImportFormat,
  filePath: string,
  options: ReadOptions,
): AsyncGenerator<ImportChunk> {
  if (format === 'pos' || format === 'im') {
    const size = fs.statSync(filePath).size;
    const input =
      size > MAX_TABLE_BYTES
        ? fileRejected(format, `файл больше ${MAX_TABLE_BYTES / 1024 / 1024} МБ — разделите выгрузку на части.`)
        : await readImportTable(format, filePath, fs.readFileSync(filePath), options);
    options.onBytes?.(size, size);
    yield { cases: input.cases, rejected: input.rejected, lines: input.totalLines, bytesRead: size, totalBytes: size };
    return;
  }
  const now = options.now ?? Date.now();
  let cases: ImportedCase[] = [];
  let rejected: RejectedLine[] = [];
  let lines = 0;
  let isEmpty = true;
  let chunkPosition = 0;
  let bytesRead = 0;
  let totalBytes = 0;
  const onBytes = (done: number, total: number) => {
    bytesRead = done;
    totalBytes = total;
    options.onBytes?.(done, total);
  };
  for await (const item of readJsonLines(filePath, onBytes)) {
    lines = Math.max(lines, item.line);
    isEmpty = false;
    if (item.line % YIELD_EVERY_LINES === 0) {
      // Lines already unpacked are read without ever leaving the microtask queue (a megabyte holds hundreds):
      // the event loop gets a turn now and then, so the database's answers and the rest of a statement being
      // sent are handled within milliseconds instead of after a whole batch is read.
      await nextTurn();
    }
    if ('problem' in item) {
      rejected.push({ line: item.line, message: item.problem });
      continue;
    }
    try {
      cases.push(
        format === 'spb-jsonl'
          ? parseSpbLine(item.line, item.value, options.timeZone, now)
          : parseHistoryLine(item.line, item.value, options.defaultChannel, now),
      );
    } catch (error) {
      if (error instanceof RecordProblem) rejected.push({ line: item.line, message: error.message });
      else throw error;
    }
    if (cases.length >= importChunkSize(chunkPosition)) {
      chunkPosition += 1;
      yield { cases, rejected, lines, bytesRead, totalBytes };
      cases = [];
      rejected = [];
    }
  }
  if (isEmpty) rejected.push({ line: 0, message: 'в файле нет ни одной записи.' });
  yield { cases, rejected, lines, bytesRead, totalBytes };
}

/** The whole file at once (tests, the formats' checks): every valid case and rejected line. */
export async function readImportFile(
  format: ImportFormat,
  filePath: string,
  options: ReadOptions,
): Promise<ImportInput> {
  const source = openImportFile(format, filePath, options);
  const input: ImportInput = { cases: [], rejected: [], totalLines: 0, rubricator: source.rubricator };
  for await (const chunk of source.read()) {
    for (const item of chunk.cases) input.cases.push(item);
    input.rejected.push(...chunk.rejected);
    input.totalLines = Math.max(input.totalLines, chunk.lines);
  }
  return input;
}

/** A ПОС or ИМ export (XLSX or CSV) from its bytes: the command line and the upload share it. */
export async function readImportTable(
  format: 'pos' | 'im',
  fileName: string,
  content: Buffer,
  options: { timeZone: string; now?: number },
): Promise<ImportInput> {
  const now = options.now ?? Date.now();
  try {
    const table = await readTableFile(fileName, content);
    const parsed =
      format === 'pos'
        ? parsePosTable(table, { timeZone: options.timeZone, now })
        : parseImTable(table, { timeZone: options.timeZone, now });
    if (parsed.cases.length === 0 && parsed.rejected.length === 0) {
      return fileRejected(format, 'в таблице нет ни одной строки с данными под заголовком.');
    }
    return { ...parsed, rubricator: IMPORT_RUBRICATORS[format] };
  } catch (error) {
    if (error instanceof TableFileError) return fileRejected(format, error.message);
    throw error;
  }
}

function fileRejected(format: ImportFormat, message: string): ImportInput {
  return { cases: [], rejected: [{ line: 0, message }], totalLines: 0, rubricator: IMPORT_RUBRICATORS[format] };
}

/** The tenant of a command-line import: the one named, or the only municipality of the database. */
export async function resolveImportTenant(
  database: Queryable,
  slug: string | undefined,
): Promise<{ id: string; slug: string; timezone: string; name: string }> {
  if (slug) {
    const tenant = await findTenantBySlug(database, slug);
    if (!tenant) {
      const known = (await listTenants(database))
        .filter((item) => item.kind === 'municipality')
        .map((item) => item.slug);
      throw new AppError(
        'TENANT_NOT_FOUND',
        `Муниципалитет «${slug}» не найден${known.length ? `; есть: ${known.join(', ')}` : ''}.`,
      );
    }
    if (tenant.kind !== 'municipality') {
      throw new AppError(
        'VALIDATION_FAILED',
        `«${slug}» — регион; сообщения принадлежат муниципалитету: укажите его код.`,
      );
    }
    return tenant;
  }
  const municipalities = (await listTenants(database)).filter((item) => item.kind === 'municipality');
  const only = municipalities[0];
  if (municipalities.length === 1 && only) return only;
  if (municipalities.length === 0) {
    throw new AppError(
      'TENANT_NOT_FOUND',
      'В базе нет ни одного муниципалитета: создайте его (`otklik tenant create --slug … --name …`) и повторите импорт.',
    );
  }
  throw new AppError(
    'VALIDATION_FAILED',
    `В базе несколько муниципалитетов — укажите --tenant <код>: ${municipalities.map((item) => item.slug).join(', ')}.`,
  );
}
