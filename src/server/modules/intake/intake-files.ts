import fs from 'node:fs';
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

export async function readImportFile(
  format: ImportFormat,
  filePath: string,
  options: ReadOptions,
): Promise<ImportInput> {
  if (!fs.existsSync(filePath)) throw new AppError('NOT_FOUND', `Файл «${filePath}» не найден.`);
  if (format === 'pos' || format === 'im') {
    const size = fs.statSync(filePath).size;
    if (size > MAX_TABLE_BYTES) {
      return fileRejected(format, `файл больше ${MAX_TABLE_BYTES / 1024 / 1024} МБ — разделите выгрузку на части.`);
    }
    const input = await readImportTable(format, filePath, fs.readFileSync(filePath), options);
    options.onBytes?.(size, size);
    return input;
  }
  const now = options.now ?? Date.now();
  const cases: ImportedCase[] = [];
  const rejected: RejectedLine[] = [];
  let totalLines = 0;
  for await (const item of readJsonLines(filePath, options.onBytes)) {
    totalLines = Math.max(totalLines, item.line);
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
  }
  if (cases.length === 0 && rejected.length === 0) rejected.push({ line: 0, message: 'в файле нет ни одной записи.' });
  return { cases, rejected, totalLines, rubricator: IMPORT_RUBRICATORS[format] };
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
