import { createRequire } from 'node:module';
import path from 'node:path';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { evaluateKpiFormula, parseKpiFormula } from '../../../shared/analytics/kpi-formula.js';
import {
  addDays,
  formatRussianDate,
  kpiDueDate,
  type LocalPeriod,
  parseIsoWeek,
  parseQuarter,
  previousPeriod,
  quarterOf,
} from '../../../shared/analytics/periods.js';
import { CHANNEL_TITLES, CHANNELS } from '../../../shared/channels.js';
import type { Dashboard, GrowthFactors, Ratings } from '../../../shared/contracts/analytics.contract.js';
import { formatLocalDate } from '../../../shared/local-date.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { findTenantBySlug, listTenants, type TenantRow } from '../organization/index.js';
import * as repository from './analytics.repository.js';
import {
  type AnalyticsReader,
  computeDashboard,
  computeGrowthFactors,
  computeRatings,
  readerOf,
  requirePermission,
  resolveFilter,
} from './analytics.service.js';
import { refreshCaseMeasures } from './analytics-measures.service.js';
import { type KpiDefinition, measureValuesOf } from './kpi.js';
import { renderDailyChartPng, renderDailyChartSvg } from './report-charts.js';
import { resolveKpiDefinitions } from './report-settings.service.js';

const require = createRequire(import.meta.url);
const FONT_DIRECTORY = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');

/** The tenants a report covers: a municipality itself, or every municipality of a region. */
export async function systemReaderOf(database: Database, tenant: TenantRow): Promise<AnalyticsReader> {
  if (tenant.kind === 'region') {
    const children = (await listTenants(database.pool))
      .filter((item) => item.parentId === tenant.id)
      .map((item) => item.id);
    return { tenantIds: children, isRegion: true, timezone: tenant.timezone };
  }
  return { tenantIds: [tenant.id], isRegion: false, timezone: tenant.timezone };
}

export async function findTenantOrFail(database: Database, slug: string): Promise<TenantRow> {
  const tenant = await findTenantBySlug(database.pool, slug);
  if (!tenant) {
    throw new AppError('TENANT_NOT_FOUND', `Муниципалитет или регион с кодом «${slug}» не найден.`, [
      { field: 'tenant', message: 'Нет такого кода' },
    ]);
  }
  return tenant;
}

// ---- the weekly note ----

export type WeeklyFigure = { label: string; current: number | null; previous: number | null; unit: string };

export type WeeklyReportModel = {
  tenantName: string;
  week: string;
  period: LocalPeriod;
  previousPeriod: LocalPeriod;
  generatedAt: string;
  figures: WeeklyFigure[];
  current: Dashboard;
  previous: Dashboard;
  daily: { labels: string[]; series: Array<{ name: string; values: number[] }> };
  growth: GrowthFactors;
  overdue: repository.OverdueRow[];
  overdueByOwner: Array<{ recipientName: string | null; executorName: string | null; count: number }>;
  best: Ratings['rows'];
  worst: Ratings['rows'];
  massProblems: string;
  /** Whom the rating tables rank: recipients of a municipality, municipalities of a region. */
  entityLabel: string;
};

export function parseWeekOrFail(week: string): LocalPeriod {
  const period = parseIsoWeek(week);
  if (!period) {
    throw new AppError('VALIDATION_FAILED', `«${week}» — не ISO-неделя: укажите, например, 2021-W12.`, [
      { field: 'week', message: 'Формат ГГГГ-Wнн' },
    ]);
  }
  return period;
}

export function parseQuarterOrFail(quarter: string): LocalPeriod {
  const period = parseQuarter(quarter);
  if (!period) {
    throw new AppError('VALIDATION_FAILED', `«${quarter}» — не квартал: укажите, например, 2021-Q1.`, [
      { field: 'quarter', message: 'Формат ГГГГ-Qн' },
    ]);
  }
  return period;
}

export async function buildWeeklyModel(
  database: Database,
  tenant: TenantRow,
  week: string,
  now = new Date(),
): Promise<WeeklyReportModel> {
  const period = parseWeekOrFail(week);
  const reader = await systemReaderOf(database, tenant);
  await refreshCaseMeasures(database.pool);
  const resolved = resolveFilter(reader, period, now);
  const previous = previousPeriod(period);
  // The note reads the facts, not the rollups: a week is small, and its medians are exact.
  const [current, before, growth, ratings] = await Promise.all([
    computeDashboard(database, resolved, now, 'facts'),
    computeDashboard(database, resolveFilter(reader, previous, now), now, 'facts'),
    computeGrowthFactors(database, resolved),
    computeRatings(database, resolved, { settingsTenantId: tenant.id, source: 'facts' }),
  ]);
  // Overdue and their owners as they stand when the note is prepared (that is what the head acts on).
  const [overdue, overdueByOwner] = await Promise.all([
    repository.listOverdue(database.pool, reader.tenantIds, now, 30),
    repository.countOverdueByOwner(database.pool, reader.tenantIds, now),
  ]);
  const rated = ratings.rows.filter((row) => row.overall.isRated && row.overall.score !== null);
  const labels: string[] = [];
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) labels.push(day);
  const channels = CHANNELS.filter((channel) => current.perDay.some((item) => item.channel === channel));
  const figure = (label: string, unit: string, pick: (dashboard: Dashboard) => number | null): WeeklyFigure => ({
    label,
    unit,
    current: pick(current),
    previous: pick(before),
  });
  return {
    tenantName: tenant.name,
    week,
    period,
    previousPeriod: previous,
    generatedAt: now.toISOString(),
    current,
    previous: before,
    figures: [
      figure('Поступило сообщений и обращений', '', (item) => item.received),
      figure('Дан ответ', '', (item) => item.answered),
      figure('Ответ в срок', '', (item) => item.answeredOnTime),
      figure('С нарушением срока', '', (item) => item.late),
      figure('Доля ответов в срок', '%', (item) => item.onTimeShare),
      figure('Медиана первой реакции', 'раб. ч', (item) => item.medianFirstReactionHours),
      figure('Медиана срока ответа', 'раб. ч', (item) => item.medianAnswerHours),
      figure('Средняя оценка заявителей', '', (item) => item.meanRating),
      figure('Доля оценок 4–5', '%', (item) => item.highRatingShare),
      figure('«Решено»', '', (item) => item.resolved),
      figure('«Разъяснено»', '', (item) => item.explained),
      figure('Доля «Решено»', '%', (item) => item.resolvedShare),
      figure('«Отписки» среди ответов', '', (item) => item.otpiska),
    ],
    daily: {
      labels: labels.map((day) => formatRussianDate(day).slice(0, 5)),
      series: channels.map((channel) => ({
        name: CHANNEL_TITLES[channel],
        values: labels.map(
          (day) => current.perDay.find((item) => item.day === day && item.channel === channel)?.count ?? 0,
        ),
      })),
    },
    growth,
    overdue,
    overdueByOwner,
    entityLabel: ratings.entityKind === 'municipality' ? 'Муниципалитет' : 'Получатель',
    best: rated.slice(0, 3),
    worst: rated.length > 3 ? rated.slice(-3).reverse() : [],
    massProblems:
      'Группировка сообщений в массовые проблемы (кластеры) в системе пока не ведётся, поэтому раздел о решённых массовых проблемах не заполняется.',
  };
}

function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  const text = value.toLocaleString('ru-RU', { maximumFractionDigits: 2 });
  return unit ? `${text} ${unit}` : text;
}

function formatChange(figure: WeeklyFigure): string {
  if (figure.current === null || figure.previous === null) return '—';
  const delta = Math.round((figure.current - figure.previous) * 100) / 100;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  return `${sign}${Math.abs(delta).toLocaleString('ru-RU', { maximumFractionDigits: 2 })}`;
}

function weeklyTitle(model: WeeklyReportModel): string {
  return `Еженедельная аналитическая записка: ${model.tenantName}`;
}

function weeklySubtitle(model: WeeklyReportModel): string {
  return `Неделя ${model.week}: ${formatRussianDate(model.period.from)} — ${formatRussianDate(model.period.to)}; сравнение с ${formatRussianDate(model.previousPeriod.from)} — ${formatRussianDate(model.previousPeriod.to)}`;
}

type Section = { heading: string; lines: string[]; table?: { header: string[]; rows: string[][] } };

/** The note's content once, for both DOCX and PDF. */
export function weeklySections(model: WeeklyReportModel): Section[] {
  const ratingRow = (row: Ratings['rows'][number]) => [
    row.name,
    String(row.overall.cases),
    formatValue(row.overall.onTimeShare, '%'),
    formatValue(row.overall.medianAnswerHours, 'ч'),
    formatValue(row.overall.score, ''),
  ];
  const ratingHeader = [model.entityLabel, 'Сообщений', 'В срок', 'Медиана ответа', 'Балл'];
  return [
    {
      heading: 'Основные показатели недели',
      lines: [],
      table: {
        header: ['Показатель', 'Эта неделя', 'Прошлая неделя', 'Изменение'],
        rows: model.figures.map((figure) => [
          figure.label,
          formatValue(figure.current, figure.unit),
          formatValue(figure.previous, figure.unit),
          formatChange(figure),
        ]),
      },
    },
    {
      heading: 'Факторы роста',
      lines:
        model.growth.findings.length === 0
          ? [
              `Значимого роста тем по территориям не выявлено (проверено сочетаний тема × территория: ${model.growth.tested}).`,
            ]
          : model.growth.findings
              .slice(0, 10)
              .flatMap((finding) => [
                finding.sentence,
                ...finding.factors.slice(0, 4).map((factor) => `   • ${factor.sentence}`),
              ]),
    },
    {
      heading: 'Просроченные сообщения и ответственные',
      lines: [`Просрочено на момент подготовки записки: ${model.current.overdueNow}.`],
      table: {
        header: ['Получатель', 'Исполнитель', 'Просрочено'],
        rows: model.overdueByOwner.map((row) => [
          row.recipientName ?? 'не назначен',
          row.executorName ?? 'не назначен',
          String(row.count),
        ]),
      },
    },
    {
      heading: model.entityLabel === 'Муниципалитет' ? 'Лучшие муниципалитеты' : 'Лучшие ответственные получатели',
      lines:
        model.best.length === 0
          ? ['Недостаточно данных: получатель оценивается при двух и более сообщениях за неделю.']
          : [],
      ...(model.best.length > 0 ? { table: { header: ratingHeader, rows: model.best.map(ratingRow) } } : {}),
    },
    {
      heading:
        model.entityLabel === 'Муниципалитет' ? 'Отстающие муниципалитеты' : 'Отстающие ответственные получатели',
      lines: model.worst.length === 0 ? ['Отстающих не выделено: оценённых получателей меньше четырёх.'] : [],
      ...(model.worst.length > 0 ? { table: { header: ratingHeader, rows: model.worst.map(ratingRow) } } : {}),
    },
    { heading: 'Решённые массовые проблемы', lines: [model.massProblems] },
  ];
}

export async function renderWeeklyDocx(model: WeeklyReportModel): Promise<Buffer> {
  const svg = renderDailyChartSvg(model.daily);
  const png = renderDailyChartPng(model.daily);
  const cell = (text: string, isBold = false) =>
    new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold: isBold, size: 20 })] })] });
  const children: Array<Paragraph | Table> = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(weeklyTitle(model))] }),
    new Paragraph({ children: [new TextRun({ text: weeklySubtitle(model), italics: true })] }),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Поступление по дням и каналам')] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new ImageRun({
          type: 'svg',
          data: Buffer.from(svg, 'utf8'),
          transformation: { width: 600, height: 262 },
          fallback: { type: 'png', data: png },
        }),
      ],
    }),
  ];
  for (const section of weeklySections(model)) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(section.heading)] }));
    for (const line of section.lines) children.push(new Paragraph({ children: [new TextRun(line)] }));
    if (section.table && section.table.rows.length > 0) {
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: section.table.header.map((text) => cell(text, true)) }),
            ...section.table.rows.map((row) => new TableRow({ children: row.map((text) => cell(text)) })),
          ],
        }),
      );
    }
  }
  const document = new Document({
    creator: 'Отклик',
    title: weeklyTitle(model),
    styles: { default: { document: { run: { font: 'Times New Roman', size: 24 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}

let isPdfConfigured = false;
function configurePdf(): void {
  if (isPdfConfigured) return;
  pdfmake.setFonts({
    Roboto: {
      normal: path.join(FONT_DIRECTORY, 'Roboto-Regular.ttf'),
      bold: path.join(FONT_DIRECTORY, 'Roboto-Medium.ttf'),
      italics: path.join(FONT_DIRECTORY, 'Roboto-Italic.ttf'),
      bolditalics: path.join(FONT_DIRECTORY, 'Roboto-MediumItalic.ttf'),
    },
  });
  // No downloads at all; local files only from pdfmake's own Roboto directory.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file: string) => path.resolve(file).startsWith(FONT_DIRECTORY + path.sep));
  isPdfConfigured = true;
}

export async function renderWeeklyPdf(model: WeeklyReportModel, options: { compress?: boolean } = {}): Promise<Buffer> {
  configurePdf();
  const content: Content[] = [
    { text: weeklyTitle(model), style: 'title' },
    { text: weeklySubtitle(model), italics: true, margin: [0, 0, 0, 8] },
    { text: 'Поступление по дням и каналам', style: 'heading' },
    { svg: renderDailyChartSvg(model.daily), width: 500 },
  ];
  for (const section of weeklySections(model)) {
    content.push({ text: section.heading, style: 'heading' });
    for (const line of section.lines) content.push({ text: line, margin: [0, 0, 0, 3] });
    if (section.table && section.table.rows.length > 0) {
      content.push({
        table: {
          headerRows: 1,
          widths: section.table.header.map((_, index) => (index === 0 ? '*' : 'auto')),
          body: [section.table.header.map((text) => ({ text, bold: true })), ...section.table.rows],
        },
        layout: 'lightHorizontalLines',
        fontSize: 9,
        margin: [0, 2, 0, 6],
      });
    }
  }
  const definition: TDocumentDefinitions = {
    compress: options.compress ?? true,
    info: { title: weeklyTitle(model), creator: 'Отклик' },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 40],
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    styles: {
      title: { fontSize: 16, bold: true, margin: [0, 0, 0, 4] },
      heading: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
    },
    content,
  };
  return pdfmake.createPdf(definition).getBuffer();
}

// ---- the quarterly KPI report ----

export type KpiResult = KpiDefinition & { actual: number | null; isMet: boolean | null };
export type KpiReportModel = {
  tenantName: string;
  quarter: string;
  period: LocalPeriod;
  dueDate: string;
  generatedAt: string;
  isLate: boolean;
  /** Active definitions only: an inactive KPI is kept in the set but not reported. */
  results: KpiResult[];
  score: number | null;
  counts: repository.PeriodCounts;
  /** Which definitions were in force: shipped defaults, the region's or the tenant's own, and their version. */
  definitionsSource: 'defaults' | 'region' | 'own';
  definitionsVersion: number | null;
};

/** A KPI's value over the counts of its channel; null when the formula has no data (e.g. nothing rated). */
export function computeKpiValue(formula: string, counts: repository.PeriodCounts): number | null {
  const parsed = parseKpiFormula(formula);
  if (!parsed.isValid) return null;
  return evaluateKpiFormula(parsed.tree, measureValuesOf(counts));
}

export async function buildKpiModel(
  database: Database,
  tenant: TenantRow,
  quarter: string,
  now = new Date(),
): Promise<KpiReportModel> {
  const period = parseQuarterOrFail(quarter);
  const reader = await systemReaderOf(database, tenant);
  await refreshCaseMeasures(database.pool);
  const inForce = await resolveKpiDefinitions(database, tenant);
  const base = resolveFilter(reader, period, now).scope;
  const results: KpiResult[] = [];
  for (const definition of inForce.definitions.filter((item) => item.isActive)) {
    const counts = await repository.countPeriod(
      database.pool,
      definition.channel ? { ...base, channel: definition.channel } : base,
    );
    const actual = computeKpiValue(definition.formula, counts);
    results.push({
      ...definition,
      actual,
      isMet:
        actual === null
          ? null
          : definition.comparison === 'at_least'
            ? actual >= definition.target
            : actual <= definition.target,
    });
  }
  const weighed = results.filter((item) => item.isMet !== null);
  const weightSum = weighed.reduce((sum, item) => sum + item.weight, 0);
  const dueDate = kpiDueDate(quarter);
  return {
    tenantName: tenant.name,
    quarter,
    period,
    dueDate,
    generatedAt: now.toISOString(),
    isLate: formatLocalDate(now, reader.timezone) > dueDate,
    results,
    score:
      weightSum > 0
        ? Math.round((1000 * weighed.reduce((sum, item) => sum + (item.isMet ? item.weight : 0), 0)) / weightSum) / 10
        : null,
    counts: await repository.countPeriod(database.pool, base),
    definitionsSource: inForce.source,
    definitionsVersion: inForce.version,
  };
}

const DEFINITION_SOURCE_TITLES = {
  defaults: 'поставляемые по умолчанию (ЦУР)',
  region: 'заданные ЦУР для региона',
  own: 'заданные для муниципалитета',
} as const;

export async function renderKpiXlsx(model: KpiReportModel): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Отклик';
  const sheet = workbook.addWorksheet('КПЭ');
  sheet.addRow([`Отчёт о ключевых показателях эффективности: ${model.tenantName}`]).font = { bold: true, size: 14 };
  sheet.addRow([
    `Квартал ${model.quarter}: ${formatRussianDate(model.period.from)} — ${formatRussianDate(model.period.to)}`,
  ]);
  sheet.addRow([`Срок представления в ЦУР: ${formatRussianDate(model.dueDate)}${model.isLate ? ' — ПРОСРОЧЕН' : ''}`]);
  sheet.addRow([`Сформирован: ${model.generatedAt}`]);
  sheet.addRow([
    `Показатели: ${DEFINITION_SOURCE_TITLES[model.definitionsSource]}${model.definitionsVersion === null ? '' : `, версия ${model.definitionsVersion}`}`,
  ]);
  sheet.addRow([]);
  const header = sheet.addRow(['Показатель', 'Формула', 'Канал', 'Условие', 'Цель', 'Факт', 'Выполнен', 'Вес']);
  header.font = { bold: true };
  for (const item of model.results) {
    sheet.addRow([
      item.name,
      item.formula,
      item.channel ? CHANNEL_TITLES[item.channel] : 'все каналы',
      item.comparison === 'at_least' ? 'не меньше' : 'не больше',
      item.target,
      item.actual,
      item.isMet === null ? 'нет данных' : item.isMet ? 'да' : 'нет',
      item.weight,
    ]);
  }
  sheet.addRow([]);
  sheet.addRow(['Итог (взвешенная доля выполненных показателей), %', '', '', '', '', model.score]).font = {
    bold: true,
  };
  sheet.columns.forEach((column, index) => {
    column.width = [42, 60, 28, 12, 8, 10, 12, 8][index] ?? 12;
  });
  const facts = workbook.addWorksheet('Исходные данные');
  facts.addRow(['Мера', 'Значение']).font = { bold: true };
  const labels: Record<string, string> = {
    received: 'Поступило',
    answered: 'Дан ответ',
    answeredOnTime: 'Ответ в срок',
    late: 'С нарушением срока',
    rated: 'Оценено',
    ratedHigh: 'Оценки 4–5',
    ratingSum: 'Сумма оценок',
    resolved: '«Решено»',
    explained: '«Разъяснено»',
    otpiska: '«Отписки»',
    returned: 'Возвращались на доработку',
    returns: 'Возвратов на доработку',
    reopens: 'Возвратов в работу',
    medianFirstReactionMinutes: 'Медиана первой реакции, раб. мин',
    medianAnswerMinutes: 'Медиана ответа, раб. мин',
  };
  for (const [key, value] of Object.entries(model.counts)) facts.addRow([labels[key] ?? key, value]);
  facts.getColumn(1).width = 40;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---- generation, archive, subscriptions ----

export type GeneratedFile = repository.ReportFile;
/** A file as kept in the archive: its row id (the same when the period is made again) and MIME type. */
export type ArchivedFile = GeneratedFile & { id: string; contentType: string };

export const REPORT_CONTENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export async function generateWeeklyReport(
  database: Database,
  tenant: TenantRow,
  week: string,
  options: { userId?: string | null; now?: Date } = {},
): Promise<{ files: ArchivedFile[]; model: WeeklyReportModel }> {
  const model = await buildWeeklyModel(database, tenant, week, options.now);
  const base = `weekly-${tenant.slug}-${week}`;
  const rendered: GeneratedFile[] = [
    { kind: 'weekly', period: week, format: 'docx', fileName: `${base}.docx`, content: await renderWeeklyDocx(model) },
    { kind: 'weekly', period: week, format: 'pdf', fileName: `${base}.pdf`, content: await renderWeeklyPdf(model) },
  ];
  const files: ArchivedFile[] = [];
  for (const file of rendered) {
    const id = await repository.saveReport(database.pool, tenant.id, file, options.userId ?? null);
    files.push({ ...file, id, contentType: REPORT_CONTENT_TYPES[file.format] });
  }
  await recordAudit(database.pool, {
    tenantId: tenant.id,
    actorUserId: options.userId ?? null,
    action: 'analytics.report_generated',
    objectType: 'analytics_report',
    objectId: tenant.id,
    details: { kind: 'weekly', period: week },
  });
  return { files, model };
}

export async function generateKpiReport(
  database: Database,
  tenant: TenantRow,
  quarter: string,
  options: { userId?: string | null; now?: Date } = {},
): Promise<{ files: GeneratedFile[]; model: KpiReportModel }> {
  const model = await buildKpiModel(database, tenant, quarter, options.now);
  const file: GeneratedFile = {
    kind: 'kpi',
    period: quarter,
    format: 'xlsx',
    fileName: `kpi-${tenant.slug}-${quarter}.xlsx`,
    content: await renderKpiXlsx(model),
  };
  await repository.saveReport(database.pool, tenant.id, file, options.userId ?? null);
  await recordAudit(database.pool, {
    tenantId: tenant.id,
    actorUserId: options.userId ?? null,
    action: 'analytics.report_generated',
    objectType: 'analytics_report',
    objectId: tenant.id,
    details: { kind: 'kpi', period: quarter },
  });
  return { files: [file], model };
}

/** The last finished quarters and whether each KPI report is in the archive and on time. */
export async function describeKpiDue(database: Database, tenantId: string, timezone: string, now = new Date()) {
  const today = formatLocalDate(now, timezone);
  const quarters: string[] = [];
  let cursor = addDays(parseQuarterOrFail(quarterOf(today)).from, -1);
  for (let index = 0; index < 4; index += 1) {
    const quarter = quarterOf(cursor);
    quarters.push(quarter);
    cursor = addDays(parseQuarterOrFail(quarter).from, -1);
  }
  const result = [];
  for (const quarter of quarters) {
    const dueDate = kpiDueDate(quarter);
    const isSubmitted = await repository.hasReport(database.pool, tenantId, 'kpi', quarter);
    result.push({ quarter, dueDate, isSubmitted, isOverdue: !isSubmitted && today > dueDate });
  }
  return result;
}

export async function listArchive(database: Database, context: AuthContext) {
  const reader = readerOf(context, undefined);
  const items = await repository.listReports(database.pool, [...reader.tenantIds, context.tenant.id]);
  return {
    items: items.map((item) => ({ ...item, createdAt: new Date(item.createdAt).toISOString() })),
    kpiDue: await describeKpiDue(database, context.tenant.id, context.tenant.timezone),
  };
}

export async function generateForUser(
  database: Database,
  context: AuthContext,
  input: { kind: 'weekly' | 'kpi'; period: string },
  origin: { ipAddress: string; requestId: string },
) {
  requirePermission(context, 'analytics.manage');
  void origin;
  const tenant = await findTenantOrFail(database, context.tenant.slug);
  if (input.kind === 'weekly') {
    if (!/W/.test(input.period))
      throw new AppError('VALIDATION_FAILED', 'Для записки укажите неделю, например 2021-W12.', [
        { field: 'period', message: 'Неделя' },
      ]);
    await generateWeeklyReport(database, tenant, input.period, { userId: context.userId });
  } else {
    if (!/Q/.test(input.period))
      throw new AppError('VALIDATION_FAILED', 'Для отчёта КПЭ укажите квартал, например 2021-Q1.', [
        { field: 'period', message: 'Квартал' },
      ]);
    await generateKpiReport(database, tenant, input.period, { userId: context.userId });
  }
  return listArchive(database, context);
}

export async function downloadReport(database: Database, context: AuthContext, id: string) {
  const reader = readerOf(context, undefined);
  const file = await repository.findReport(database.pool, [...reader.tenantIds, context.tenant.id], id);
  if (!file) throw notFound('Отчёт не найден или недоступен.');
  return { fileName: file.fileName, contentType: REPORT_CONTENT_TYPES[file.format], content: file.content };
}

export async function setSubscription(database: Database, context: AuthContext, isSubscribedNow: boolean) {
  readerOf(context, undefined);
  await repository.setSubscription(database.pool, context.tenant.id, context.userId, isSubscribedNow);
  await recordAudit(database.pool, {
    tenantId: context.tenant.id,
    actorUserId: context.userId,
    action: isSubscribedNow ? 'analytics.subscribed' : 'analytics.unsubscribed',
    objectType: 'analytics_subscription',
    objectId: context.userId,
  });
  return { isSubscribed: isSubscribedNow };
}

export async function isSubscribed(database: Database, context: AuthContext): Promise<boolean> {
  return repository.isSubscribed(database.pool, context.tenant.id, context.userId);
}
