import ExcelJS from 'exceljs';
import { z } from 'zod';
import { CHANNEL_TITLES } from '../../../shared/channels.js';
import {
  AnalyticsFilterSchema,
  DRILL_MEASURES,
  SLICE_DIMENSION_TITLES,
  SLICE_DIMENSIONS,
  SLICE_MEASURE_TITLES,
  SLICE_MEASURES,
} from '../../../shared/contracts/analytics.contract.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import * as service from './analytics.service.js';

export const ExportQuerySchema = AnalyticsFilterSchema.extend({
  table: z.enum(
    ['ratings', 'heatmap', 'cases', 'growth', 'workload', 'slice'],
    'table: ratings, heatmap, cases, growth, workload или slice',
  ),
  rows: z.enum(SLICE_DIMENSIONS).default('category'),
  columns: z.enum(SLICE_DIMENSIONS).default('channel'),
  sliceMeasure: z.enum(SLICE_MEASURES).default('received'),
  format: z.enum(['xlsx', 'csv'], 'format: xlsx или csv').default('xlsx'),
  measure: z.enum(DRILL_MEASURES).default('received'),
  by: z.enum(['recipient', 'municipality']).optional(),
});
export type ExportQuery = z.infer<typeof ExportQuerySchema>;

type Grid = { name: string; header: string[]; rows: Array<Array<string | number | null>> };

async function buildGrid(database: Database, context: AuthContext, query: ExportQuery): Promise<Grid> {
  const reader = service.readerOf(context, query.tenantId);
  const resolved = service.resolveFilter(reader, query);
  switch (query.table) {
    case 'ratings': {
      const ratings = await service.computeRatings(database, resolved, {
        ...(query.by ? { entity: query.by } : {}),
        settingsTenantId: query.tenantId ?? context.tenant.id,
      });
      return {
        name: 'Рейтинг',
        header: [
          'Место',
          'Получатель',
          'Канал',
          'Сообщений',
          'В срок, %',
          'Медиана ответа, раб. ч',
          'Возвратов на доработку',
          'Возвратов в работу',
          'Отписок, %',
          'Средняя оценка',
          'Оценки 4–5, %',
          'Балл',
          'Прошлый балл',
          'Динамика',
        ],
        rows: ratings.rows.flatMap((row) => [
          [
            row.rank,
            row.name,
            'все каналы',
            row.overall.cases,
            row.overall.onTimeShare,
            row.overall.medianAnswerHours,
            row.overall.returns,
            row.overall.reopens,
            row.overall.otpiskaShare,
            row.overall.meanRating,
            row.overall.highRatingShare,
            row.overall.score,
            row.previousScore,
            row.trend,
          ],
          ...row.byChannel.map((item) => [
            null,
            row.name,
            CHANNEL_TITLES[item.channel],
            item.cases,
            item.onTimeShare,
            item.medianAnswerHours,
            item.returns,
            item.reopens,
            item.otpiskaShare,
            item.meanRating,
            item.highRatingShare,
            item.score,
            null,
            null,
          ]),
        ]),
      };
    }
    case 'heatmap': {
      const heatmap = await service.computeHeatmap(database, resolved);
      return {
        name: 'Тепловая карта',
        header: ['Территория', 'Тема', 'Сообщений', 'Прошлый период', 'Рост, %', 'На 1000 жителей'],
        rows: heatmap.cells.map((cell) => [
          cell.territory,
          cell.topic,
          cell.count,
          cell.previous,
          cell.growth,
          cell.perThousand,
        ]),
      };
    }
    case 'growth': {
      const growth = await service.computeGrowthFactors(database, resolved);
      return {
        name: 'Факторы роста',
        header: ['Тема', 'Территория', 'Сообщений', 'База', 'p', 'Вывод', 'Факторы'],
        rows: growth.findings.map((item) => [
          item.topic,
          item.territory,
          item.count,
          item.baseline,
          item.pValue,
          item.sentence,
          item.factors.map((factor) => factor.sentence).join(' '),
        ]),
      };
    }
    case 'workload': {
      const workload = await service.computeWorkload(database, resolved);
      const figures = (item: {
        received: number;
        answered: number;
        openNow: number;
        overdueNow: number;
        onTimeShare: number | null;
        medianAnswerHours: number | null;
      }) => [item.received, item.answered, item.openNow, item.overdueNow, item.onTimeShare, item.medianAnswerHours];
      return {
        name: 'Нагрузка',
        header: [
          'Вид',
          'Блок или исполнитель',
          'Поступило',
          'Дан ответ',
          'Открыто',
          'Просрочено',
          'В срок, %',
          'Медиана ответа, раб. ч',
        ],
        rows: [
          ...workload.blocks.map((item) => ['блок', item.name, ...figures(item)]),
          ...workload.executors.map((item) => ['исполнитель', item.name, ...figures(item)]),
        ],
      };
    }
    case 'slice': {
      const slice = await service.computeSlice(database, resolved, {
        rows: query.rows,
        columns: query.columns,
        measure: query.sliceMeasure,
      });
      const cellValues = new Map(slice.cells.map((cell) => [`${cell.row}\u0000${cell.column}`, cell.value]));
      return {
        name: 'Разрез',
        header: [
          `${SLICE_DIMENSION_TITLES[query.rows]} \\ ${SLICE_DIMENSION_TITLES[query.columns]} (${SLICE_MEASURE_TITLES[query.sliceMeasure]})`,
          ...slice.columns,
        ],
        rows: slice.rows.map((row) => [
          row,
          ...slice.columns.map((column) => cellValues.get(`${row}\u0000${column}`) ?? null),
        ]),
      };
    }
    case 'cases': {
      const list = await service.listDrillDown(database, context, { ...query, page: 1, pageSize: 500 });
      return {
        name: list.title,
        header: [
          'Номер',
          'Муниципалитет',
          'Канал',
          'Статус',
          'Категория',
          'Район',
          'Адрес',
          'Получатель',
          'Поступило',
          'Срок',
          'Ответ',
          'Результат',
          'Оценка',
          'Отписка',
        ],
        rows: list.items.map((item) => [
          item.number,
          item.tenantName,
          CHANNEL_TITLES[item.channel],
          item.status,
          item.category,
          item.district,
          item.address,
          item.recipientName,
          item.receivedAt,
          item.dueAt,
          item.answeredAt,
          item.result,
          item.rating,
          item.isOtpiska === null ? null : item.isOtpiska ? 'да' : 'нет',
        ]),
      };
    }
  }
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // A leading =, +, -, @ would be a formula in a spreadsheet: neutralised (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[";\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export async function exportTable(database: Database, context: AuthContext, query: ExportQuery) {
  const grid = await buildGrid(database, context, query);
  const base = `otklik-${query.table}-${query.from ?? 'period'}-${query.to ?? ''}`.replace(/-$/, '');
  if (query.format === 'csv') {
    const lines = [grid.header, ...grid.rows].map((row) => row.map(csvCell).join(';'));
    return {
      fileName: `${base}.csv`,
      contentType: 'text/csv; charset=utf-8',
      content: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'),
    };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(grid.name.slice(0, 31));
  sheet.addRow(grid.header).font = { bold: true };
  for (const row of grid.rows) sheet.addRow(row);
  sheet.columns.forEach((column) => {
    column.width = 18;
  });
  return {
    fileName: `${base}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}
