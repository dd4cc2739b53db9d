import { findWorkflow } from '../../../shared/workflow/index.js';
import {
  clip,
  type ImportedCase,
  type ImportedEvent,
  LIMITS,
  RecordProblem,
  type RejectedLine,
  readOptionalText,
} from './intake-record.js';
import { foldHeader, locateColumns, readTableDate, readYesNo, type Table, TableFileError } from './table-file.js';

/**
 * The ПОС back-office export (25 columns; docs/intake.md): one row a message. Header names are matched
 * ignoring case, spaces and punctuation, with the usual variants. Dates without a zone are the local
 * time of the municipality. Rows with «Подача по 59-ФЗ» = Да become appeals (kind `appeal`).
 */
export const POS_COLUMNS = {
  number: ['Номер', 'Номер сообщения', 'ID', 'Идентификатор'],
  epguNumber: ['Номер ЕПГУ'],
  source: ['Источник'],
  topLevelLko: ['Верхнеуровневый ЛКО', 'Верхнеуровневое ЛКО'],
  category: ['Категория'],
  subcategory: ['Подкатегория'],
  fact: ['Факт'],
  text: ['Текст', 'Текст сообщения', 'Описание', 'Содержание'],
  organisation: ['Организация', 'Ответственная организация', 'Организация ответственного'],
  executorOrganisation: ['Организация исполнителя', 'Организация-исполнитель', 'Исполняющая организация'],
  parentOrganisation: ['Вышестоящая организация', 'Организация координатора'],
  receivedAt: ['Дата поступления', 'Дата регистрации', 'Дата создания'],
  plannedAt: ['Планируемая дата завершения', 'Плановая дата завершения', 'Дата планируемого завершения'],
  completedAt: ['Фактическая дата завершения', 'Дата фактического завершения', 'Дата завершения'],
  stage: ['Стадия'],
  status: ['Статус'],
  isOverdue: ['Просрочено', 'Просрочен', 'Просрочка'],
  isFastTrack: ['Фаст-трек', 'Фаст трек', 'Фасттрек', 'Fast track'],
  law: ['ФЗ', 'Закон'],
  isFiledUnder59: ['Подача по 59-ФЗ', 'Подано по 59-ФЗ', 'По 59-ФЗ'],
  decisionType: ['Тип решения', 'Результат'],
  rating: ['Оценка', 'Оценка 1-5', 'Оценка заявителя'],
  isRepeated: ['Повторное рассмотрение', 'Повторное'],
  coordinatorName: ['ФИО координатора', 'Координатор'],
  executorName: ['ФИО исполнителя', 'Исполнитель'],
  managerName: ['ФИО руководителя', 'Руководитель'],
} as const satisfies Record<string, readonly string[]>;

type PosColumn = keyof typeof POS_COLUMNS;

/** The group a ПОС stage/status means, by the words in it (first match wins). */
const STATUS_RULES: Array<{
  words: RegExp;
  group: 'rejected' | 'moderation' | 'closed' | 'answered' | 'answer_review' | 'assigned' | 'in_work';
}> = [
  { words: /отклон|отказ/, group: 'rejected' },
  { words: /модерац/, group: 'moderation' },
  { words: /решено|разъясн|заверш|закрыт|исполнено/, group: 'closed' },
  { words: /ответ (дан|опубликован|направлен)|опубликован|ожида.*оценк/, group: 'answered' },
  { words: /согласов|подготов/, group: 'answer_review' },
  { words: /исполнител|назначен/, group: 'assigned' },
  { words: /работ|рассмотр|принят|нов/, group: 'in_work' },
];

const STATE_PREFERENCES: Record<(typeof STATUS_RULES)[number]['group'], string[]> = {
  rejected: ['rejected'],
  moderation: ['moderation', 'received', 'new'],
  closed: ['closed'],
  answered: ['awaiting_resident', 'answered', 'closed'],
  answer_review: ['answer_review'],
  assigned: ['assigned', 'in_work'],
  in_work: ['in_work', 'registered', 'new'],
};

export type ParsedTable = { cases: ImportedCase[]; rejected: RejectedLine[]; totalLines: number };

export function parsePosTable(table: Table, options: { timeZone: string; now: number }): ParsedTable {
  const { headerIndex, positions } = locateColumns(table.rows, POS_COLUMNS, 3);
  if (positions.number < 0) throw new TableFileError('В заголовке нет столбца «Номер».');
  if (positions.receivedAt < 0) throw new TableFileError('В заголовке нет столбца «Дата поступления».');
  const cases: ImportedCase[] = [];
  const rejected: RejectedLine[] = [];
  const dataRows = table.rows.slice(headerIndex + 1);
  for (const row of dataRows) {
    const cell = (key: PosColumn) => (positions[key] >= 0 ? (row.cells[positions[key]] ?? '').trim() : '');
    try {
      cases.push(parsePosRow(row.line, cell, options));
    } catch (error) {
      if (error instanceof RecordProblem) rejected.push({ line: row.line, message: error.message });
      else throw error;
    }
  }
  return { cases, rejected, totalLines: dataRows.length };
}

function parsePosRow(
  line: number,
  cell: (key: PosColumn) => string,
  options: { timeZone: string; now: number },
): ImportedCase {
  const field = (key: PosColumn) => POS_COLUMNS[key][0];
  const text = (key: PosColumn, max: number = LIMITS.name) => readOptionalText(cell(key), field(key), max);
  const date = (key: PosColumn) => readTableDate(cell(key), field(key), options.timeZone, options.now);
  const externalId = text('number', LIMITS.externalId);
  if (!externalId) throw new RecordProblem('не заполнен столбец «Номер».');
  const receivedAt = date('receivedAt');
  if (!receivedAt) throw new RecordProblem('не заполнен столбец «Дата поступления».');
  const plannedAt = date('plannedAt');
  const completedAt = date('completedAt');
  if (completedAt && completedAt.getTime() < receivedAt.getTime()) {
    throw new RecordProblem('«Фактическая дата завершения» раньше «Даты поступления».');
  }
  const category = text('category');
  const subcategory = text('subcategory');
  if (subcategory && !category) throw new RecordProblem('указана «Подкатегория», но нет «Категории».');
  const fact = text('fact', LIMITS.text);
  const body = text('text', LIMITS.text);
  const caseText = body ?? fact ?? [category, subcategory].filter(Boolean).join(' / ');
  if (!caseText) throw new RecordProblem('нет ни «Текста», ни «Факта», ни «Категории» — сообщение пусто.');
  const isFiledUnder59 = readYesNo(cell('isFiledUnder59'), field('isFiledUnder59'));
  const isFastTrack = readYesNo(cell('isFastTrack'), field('isFastTrack'));
  const isOverdue = readYesNo(cell('isOverdue'), field('isOverdue'));
  const isRepeated = readYesNo(cell('isRepeated'), field('isRepeated'));
  let rating: number | null = null;
  if (cell('rating') !== '') {
    const number = Number(cell('rating').replace(',', '.'));
    if (!Number.isInteger(number) || number < 1 || number > 5) {
      throw new RecordProblem(`столбец «Оценка» — «${clip(cell('rating'), 20)}»: нужна целая оценка от 1 до 5.`);
    }
    rating = number;
  }
  const decision = text('decisionType');
  const foldedDecision = decision ? foldHeader(decision) : '';
  const result = foldedDecision.startsWith('решен')
    ? 'resolved'
    : foldedDecision.startsWith('разъясн')
      ? 'explained'
      : foldedDecision.startsWith('не поддерж')
        ? 'not_supported'
        : null;
  if (decision && !result) {
    throw new RecordProblem(
      `столбец «Тип решения» — «${clip(decision, 40)}»: ожидается «Решено», «Разъяснено» или «Не поддержано».`,
    );
  }

  const kind = isFiledUnder59 ? 'appeal' : 'message';
  const workflow = findWorkflow('pos', kind);
  const stage = text('stage');
  const status = text('status');
  const words = foldHeader([stage, status].filter(Boolean).join(' '));
  const rule = words ? STATUS_RULES.find((candidate) => candidate.words.test(words)) : undefined;
  const group = rule?.group ?? (completedAt ? 'closed' : 'in_work');
  const state =
    STATE_PREFERENCES[group].find((code) => workflow.states.some((item) => item.code === code)) ??
    workflow.initialState;
  const isFinal = workflow.states.find((item) => item.code === state)?.isFinal ?? false;
  const closedAt = isFinal ? (completedAt ?? plannedAt ?? receivedAt) : null;

  const recipientName = text('executorOrganisation') ?? text('organisation');
  const events: ImportedEvent[] = [
    { at: receivedAt, action: 'register', fromState: null, toState: workflow.initialState, payload: { source: 'pos' } },
  ];
  if (state !== workflow.initialState) {
    events.push({
      at: closedAt ?? completedAt ?? receivedAt,
      action: isFinal
        ? group === 'rejected'
          ? 'moderate-reject'
          : 'close'
        : group === 'answered'
          ? 'publish'
          : 'take',
      fromState: workflow.initialState,
      toState: state,
      payload: { source: 'pos', ...(stage ? { stage } : {}), ...(status ? { status } : {}) },
    });
  }
  if (rating !== null) {
    events.push({
      at: closedAt ?? receivedAt,
      action: 'resident-rating',
      fromState: state,
      toState: state,
      payload: { rating, source: 'pos' },
    });
  }
  const imported: Record<string, unknown> = { source: 'pos' };
  const keep: PosColumn[] = [
    'epguNumber',
    'source',
    'topLevelLko',
    'fact',
    'organisation',
    'parentOrganisation',
    'law',
    'stage',
    'status',
    'coordinatorName',
    'executorName',
    'managerName',
  ];
  for (const key of keep) {
    const value = text(key, key === 'fact' ? LIMITS.text : LIMITS.name);
    if (value) imported[key] = value;
  }
  if (plannedAt) imported.plannedAt = plannedAt.toISOString();
  if (isOverdue) imported.isOverdue = true;
  if (isRepeated) imported.isRepeated = true;
  if (isFiledUnder59) imported.isFiledUnder59 = true;
  return {
    line,
    channel: 'pos',
    kind,
    externalId,
    text: caseText,
    receivedAt,
    category,
    subcategory,
    district: null,
    address: null,
    latitude: null,
    longitude: null,
    applicantName: null,
    recipientName,
    state,
    closedAt,
    result,
    rating,
    reopenCount: isRepeated ? 1 : 0,
    isFastTrack,
    lifecycle: {
      imported,
      ...(result ? { result } : {}),
      ...(isFinal && group !== 'rejected' ? { isAnswerPublished: true } : {}),
    },
    events,
  };
}
