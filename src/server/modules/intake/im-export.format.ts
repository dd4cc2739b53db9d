import { findWorkflow } from '../../../shared/workflow/index.js';
import {
  clip,
  type ImportedCase,
  type ImportedEvent,
  LIMITS,
  RecordProblem,
  readOptionalText,
} from './intake-record.js';
import type { ParsedTable } from './pos-export.format.js';
import { foldHeader, locateColumns, readTableDate, type Table, TableFileError } from './table-file.js';

/**
 * The Инцидент менеджмент export (docs/intake.md): номер инцидента, текст, группа тем, тема, урл блога,
 * муниципалитет, даты создания и закрытия, важность, время до ответа, причина закрытия, адрес. Cases go
 * to the `im` channel; theme groups and themes to the tenant's `im` rubricator.
 */
export const IM_COLUMNS = {
  number: ['Номер инцидента', 'Номер', 'ID инцидента', 'Инцидент'],
  text: ['Текст', 'Текст инцидента', 'Текст сообщения', 'Содержание'],
  themeGroup: ['Группа тем', 'Группа темы', 'Группа'],
  theme: ['Тема'],
  blogUrl: ['Урл блога', 'URL блога', 'Ссылка', 'Ссылка на блог', 'URL'],
  municipality: ['Муниципалитет', 'Муниципальное образование', 'МО'],
  createdAt: ['Дата создания', 'Создан', 'Дата поступления'],
  closedAt: ['Дата закрытия', 'Закрыт', 'Дата завершения'],
  importance: ['Важность', 'Приоритет'],
  timeToAnswer: ['Время до ответа', 'Время ответа'],
  closureReason: ['Причина закрытия'],
  address: ['Адрес'],
} as const satisfies Record<string, readonly string[]>;

type ImColumn = keyof typeof IM_COLUMNS;

const ORDINARY = new Set(['обычная', 'обычный', 'нормальная', 'средняя', 'низкая', 'стандартная', 'нет']);
const RAISED = new Set(['повышенная', 'повышенный', 'высокая', 'критическая', 'срочная', 'фаст трек', 'да']);

/** Closure reasons of ИМ → the codes of the `im` workflow. */
function readClosureReason(text: string): string | null {
  const folded = foldHeader(text);
  if (folded.includes('недовол')) return 'author_dissatisfied';
  if (folded.includes('доволен')) return 'author_satisfied';
  if (folded.includes('нейтрал')) return 'author_neutral';
  if (folded.includes('не отреагир') || folded.includes('нет реакц')) return 'no_reaction';
  return null;
}

export function parseImTable(table: Table, options: { timeZone: string; now: number }): ParsedTable {
  const { headerIndex, positions } = locateColumns(table.rows, IM_COLUMNS, 3);
  if (positions.number < 0) throw new TableFileError('В заголовке нет столбца «Номер инцидента».');
  if (positions.text < 0) throw new TableFileError('В заголовке нет столбца «Текст».');
  if (positions.createdAt < 0) throw new TableFileError('В заголовке нет столбца «Дата создания».');
  const cases: ImportedCase[] = [];
  const rejected: Array<{ line: number; message: string }> = [];
  const dataRows = table.rows.slice(headerIndex + 1);
  for (const row of dataRows) {
    const cell = (key: ImColumn) => (positions[key] >= 0 ? (row.cells[positions[key]] ?? '').trim() : '');
    try {
      cases.push(parseImRow(row.line, cell, options));
    } catch (error) {
      if (error instanceof RecordProblem) rejected.push({ line: row.line, message: error.message });
      else throw error;
    }
  }
  return { cases, rejected, totalLines: dataRows.length };
}

function parseImRow(
  line: number,
  cell: (key: ImColumn) => string,
  options: { timeZone: string; now: number },
): ImportedCase {
  const field = (key: ImColumn) => IM_COLUMNS[key][0];
  const text = (key: ImColumn, max: number = LIMITS.name) => readOptionalText(cell(key), field(key), max);
  const date = (key: ImColumn) => readTableDate(cell(key), field(key), options.timeZone, options.now);
  const externalId = text('number', LIMITS.externalId);
  if (!externalId) throw new RecordProblem('не заполнен столбец «Номер инцидента».');
  const body = text('text', LIMITS.text);
  if (!body) throw new RecordProblem('не заполнен столбец «Текст».');
  const receivedAt = date('createdAt');
  if (!receivedAt) throw new RecordProblem('не заполнен столбец «Дата создания».');
  const closedAtValue = date('closedAt');
  if (closedAtValue && closedAtValue.getTime() < receivedAt.getTime()) {
    throw new RecordProblem('«Дата закрытия» раньше «Даты создания».');
  }
  const category = text('themeGroup');
  const subcategory = text('theme');
  if (subcategory && !category) throw new RecordProblem('указана «Тема», но нет «Группы тем».');
  const blogUrl = text('blogUrl', 2000);
  if (blogUrl && !/^https?:\/\/\S+$/i.test(blogUrl)) {
    throw new RecordProblem(`столбец «Урл блога» — «${clip(blogUrl, 40)}» не ссылка http(s).`);
  }
  const importance = text('importance');
  let isFastTrack = false;
  if (importance) {
    const folded = foldHeader(importance);
    if (RAISED.has(folded)) isFastTrack = true;
    else if (!ORDINARY.has(folded)) {
      throw new RecordProblem(`столбец «Важность» — «${clip(importance, 40)}»: ожидается «Обычная» или «Повышенная».`);
    }
  }
  const closureText = text('closureReason');
  const closureReason = closureText ? readClosureReason(closureText) : null;
  const workflow = findWorkflow('im', 'message');
  const state = closedAtValue ? 'closed' : 'in_work';
  const events: ImportedEvent[] = [
    { at: receivedAt, action: 'register', fromState: null, toState: workflow.initialState, payload: { source: 'im' } },
  ];
  if (closedAtValue) {
    events.push({
      at: closedAtValue,
      action: 'close',
      fromState: workflow.initialState,
      toState: 'closed',
      payload: { source: 'im', ...(closureText ? { reason: closureText } : {}) },
    });
  } else {
    events.push({
      at: receivedAt,
      action: 'take',
      fromState: workflow.initialState,
      toState: 'in_work',
      payload: { source: 'im' },
    });
  }
  const imported: Record<string, unknown> = { source: 'im' };
  if (blogUrl) imported.blogUrl = blogUrl;
  const municipality = text('municipality');
  if (municipality) imported.municipality = municipality;
  const timeToAnswer = text('timeToAnswer');
  if (timeToAnswer) imported.timeToAnswer = timeToAnswer;
  if (closureText) imported.closureReasonText = closureText;
  if (importance) imported.importance = importance;
  return {
    line,
    channel: 'im',
    kind: 'message',
    externalId,
    text: body,
    receivedAt,
    category,
    subcategory,
    district: null,
    address: text('address'),
    latitude: null,
    longitude: null,
    applicantName: null,
    recipientName: null,
    state,
    closedAt: closedAtValue,
    result: null,
    rating: null,
    reopenCount: 0,
    isFastTrack,
    lifecycle: { imported, ...(closureReason ? { closureReason } : {}) },
    events,
  };
}
