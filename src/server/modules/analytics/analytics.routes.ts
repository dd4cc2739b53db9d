import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AnalyticsFilterSchema,
  AnswerCheckSchema,
  DashboardSchema,
  DrillDownQuerySchema,
  DrillDownResponseSchema,
  GenerateReportSchema,
  GrowthFactorsSchema,
  HeatmapSchema,
  OtpiskaReviewSchema,
  PopulationsSchema,
  RatingSettingsSchema,
  RatingsQuerySchema,
  RatingsSchema,
  ReportArchiveSchema,
  SavedSliceSchema,
  SaveSliceSchema,
  SliceQuerySchema,
  SliceSchema,
  WorkloadSchema,
} from '../../../shared/contracts/analytics.contract.js';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './analytics.service.js';
import * as exportService from './analytics-export.service.js';
import { reportSettingsRoutes } from './report-settings.routes.js';
import * as reports from './reports.service.js';

const TAG = 'Аналитика и отчёты';
const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
};
const CaseIdParams = z.object({ caseId: z.string().uuid('caseId: ожидается идентификатор') });

export function analyticsRoutes(dependencies: AppDependencies): FastifyPluginAsyncZod {
  const { database } = dependencies;
  return async (app) => {
    await app.register(reportSettingsRoutes(dependencies));
    app.get(
      '/api/analytics/config',
      {
        schema: {
          tags: [TAG],
          summary: 'Настройки интерфейса аналитики: подписан ли пользователь на еженедельный отчёт',
          response: { 200: z.object({ isSubscribed: z.boolean() }), ...errors },
        },
      },
      async (request) => {
        const context = requireAuth(request);
        service.readerOf(context, undefined);
        return { isSubscribed: await reports.isSubscribed(database, context) };
      },
    );

    app.get(
      '/api/analytics/dashboard',
      {
        schema: {
          tags: [TAG],
          summary:
            'Панель: поступление по дням и каналам, открытые, сроки, своевременность, скорость, удовлетворённость',
          querystring: AnalyticsFilterSchema,
          response: { 200: DashboardSchema, ...errors },
        },
      },
      async (request) => {
        const context = requireAuth(request);
        const reader = service.readerOf(context, request.query.tenantId);
        return service.computeDashboard(database, service.resolveFilter(reader, request.query));
      },
    );

    app.get(
      '/api/analytics/cases',
      {
        schema: {
          tags: [TAG],
          summary: 'Сообщения за любой цифрой аналитики: те же фильтры + условие меры (measure), территории, темы, дня',
          querystring: DrillDownQuerySchema,
          response: { 200: DrillDownResponseSchema, ...errors },
        },
      },
      async (request) => service.listDrillDown(database, requireAuth(request), request.query),
    );

    app.get(
      '/api/analytics/heatmap',
      {
        schema: {
          tags: [TAG],
          summary:
            'Тепловая карта: территория × тема (число, на 1000 жителей, рост к предыдущему периоду) и точки для карты',
          querystring: AnalyticsFilterSchema,
          response: { 200: HeatmapSchema, ...errors },
        },
      },
      async (request) => {
        const context = requireAuth(request);
        const reader = service.readerOf(context, request.query.tenantId);
        return service.computeHeatmap(database, service.resolveFilter(reader, request.query));
      },
    );

    app.get(
      '/api/analytics/ratings',
      {
        schema: {
          tags: [TAG],
          summary: 'Рейтинг ответственных получателей (для ЦУР — муниципалитетов): по каналам и в целом, динамика',
          querystring: RatingsQuerySchema,
          response: { 200: RatingsSchema, ...errors },
        },
      },
      async (request) => {
        const context = requireAuth(request);
        const reader = service.readerOf(context, request.query.tenantId);
        return service.computeRatings(database, service.resolveFilter(reader, request.query), {
          ...(request.query.by ? { entity: request.query.by } : {}),
          settingsTenantId: request.query.tenantId ?? context.tenant.id,
        });
      },
    );

    app.get(
      '/api/analytics/growth',
      {
        schema: {
          tags: [TAG],
          summary: 'Факторы роста: значимый рост тем по территориям и что его объясняет',
          querystring: AnalyticsFilterSchema,
          response: { 200: GrowthFactorsSchema, ...errors },
        },
      },
      async (request) => {
        const context = requireAuth(request);
        const reader = service.readerOf(context, request.query.tenantId);
        return service.computeGrowthFactors(database, service.resolveFilter(reader, request.query));
      },
    );

    app.get(
      '/api/analytics/workload',
      {
        schema: {
          tags: [TAG],
          summary:
            'Нагрузка отраслевых блоков (по их темам) и исполнителей: поступило, открыто, просрочено, в срок, скорость',
          querystring: AnalyticsFilterSchema,
          response: { 200: WorkloadSchema, ...errors },
        },
      },
      async (request) => {
        const context = requireAuth(request);
        const reader = service.readerOf(context, request.query.tenantId);
        return service.computeWorkload(database, service.resolveFilter(reader, request.query));
      },
    );

    app.get(
      '/api/analytics/slice',
      {
        schema: {
          tags: [TAG],
          summary: 'Настраиваемый разрез: любые два измерения (rows, columns) и мера',
          querystring: SliceQuerySchema,
          response: { 200: SliceSchema, ...errors },
        },
      },
      async (request) => {
        const context = requireAuth(request);
        const reader = service.readerOf(context, request.query.tenantId);
        const { rows, columns, measure } = request.query;
        return service.computeSlice(database, service.resolveFilter(reader, request.query), { rows, columns, measure });
      },
    );

    app.get(
      '/api/analytics/slices',
      {
        schema: {
          tags: [TAG],
          summary: 'Сохранённые разрезы пользователя',
          response: { 200: z.array(SavedSliceSchema), ...errors },
        },
      },
      async (request) => service.listSavedSlices(database, requireAuth(request)),
    );

    app.post(
      '/api/analytics/slices',
      {
        schema: {
          tags: [TAG],
          summary: 'Сохранить разрез',
          body: SaveSliceSchema,
          response: { 201: z.array(SavedSliceSchema), ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.saveSlice(database, requireAuth(request), request.body)),
    );

    app.delete(
      '/api/analytics/slices/:id',
      {
        schema: {
          tags: [TAG],
          summary: 'Удалить свой разрез',
          params: z.object({ id: z.string().uuid('id: ожидается идентификатор') }),
          response: { 200: z.array(SavedSliceSchema), ...errors },
        },
      },
      async (request) => service.removeSlice(database, requireAuth(request), request.params.id),
    );

    app.get(
      '/api/analytics/export',
      {
        schema: {
          tags: [TAG],
          summary: 'Выгрузка таблицы аналитики в XLSX или CSV',
          querystring: exportService.ExportQuerySchema,
        },
      },
      async (request, reply) => {
        const file = await exportService.exportTable(database, requireAuth(request), request.query);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
          .send(file.content);
      },
    );

    app.get(
      '/api/analytics/answers/:caseId',
      {
        schema: {
          tags: [TAG],
          summary: 'Проверка ответа на «отписку»: причины, признаки и решение человека',
          params: CaseIdParams,
          response: { 200: AnswerCheckSchema, ...errors },
        },
      },
      async (request) => service.checkAnswer(database, requireAuth(request), request.params.caseId),
    );

    app.put(
      '/api/analytics/answers/:caseId/review',
      {
        schema: {
          tags: [TAG],
          summary: 'Решение человека: отписка или нет (заменяет вывод правил; пишется в аудит)',
          params: CaseIdParams,
          body: OtpiskaReviewSchema,
          response: { 200: AnswerCheckSchema, ...errors },
        },
      },
      async (request) =>
        service.reviewAnswer(database, requireAuth(request), request.params.caseId, request.body, originOf(request)),
    );

    app.get(
      '/api/analytics/settings',
      {
        schema: {
          tags: [TAG],
          summary: 'Веса и нормы рейтинга муниципалитета',
          response: { 200: RatingSettingsSchema, ...errors },
        },
      },
      async (request) => service.getSettings(database, requireAuth(request)),
    );

    app.put(
      '/api/analytics/settings',
      {
        schema: {
          tags: [TAG],
          summary: 'Изменить веса и нормы рейтинга (аудит)',
          body: RatingSettingsSchema,
          response: { 200: RatingSettingsSchema, ...errors },
        },
      },
      async (request) => service.updateSettings(database, requireAuth(request), request.body, originOf(request)),
    );

    app.get(
      '/api/analytics/populations',
      {
        schema: {
          tags: [TAG],
          summary: 'Население территорий (для показателей на 1000 жителей)',
          response: { 200: PopulationsSchema, ...errors },
        },
      },
      async (request) => service.getPopulations(database, requireAuth(request)),
    );

    app.put(
      '/api/analytics/populations',
      {
        schema: {
          tags: [TAG],
          summary: 'Заменить таблицу населения территорий (аудит)',
          body: PopulationsSchema,
          response: { 200: PopulationsSchema, ...errors },
        },
      },
      async (request) =>
        service.updatePopulations(database, requireAuth(request), request.body.items, originOf(request)),
    );

    app.get(
      '/api/analytics/reports',
      {
        schema: {
          tags: [TAG],
          summary: 'Архив записок и отчётов КПЭ, сроки КПЭ',
          response: { 200: ReportArchiveSchema, ...errors },
        },
      },
      async (request) => reports.listArchive(database, requireAuth(request)),
    );

    app.post(
      '/api/analytics/reports',
      {
        schema: {
          tags: [TAG],
          summary: 'Сформировать записку за неделю или отчёт КПЭ за квартал и положить в архив',
          body: GenerateReportSchema,
          response: { 201: ReportArchiveSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await reports.generateForUser(database, requireAuth(request), request.body, originOf(request))),
    );

    app.get(
      '/api/analytics/reports/:id/file',
      {
        schema: {
          tags: [TAG],
          summary: 'Скачать файл из архива',
          params: z.object({ id: z.string().uuid('id: ожидается идентификатор') }),
        },
      },
      async (request, reply) => {
        const file = await reports.downloadReport(database, requireAuth(request), request.params.id);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
          .send(file.content);
      },
    );

    app.put(
      '/api/analytics/subscription',
      {
        schema: {
          tags: [TAG],
          summary: 'Подписаться на еженедельную записку или отписаться',
          body: z.object({ isSubscribed: z.boolean({ error: 'isSubscribed: true или false' }) }),
          response: { 200: z.object({ isSubscribed: z.boolean() }), ...errors },
        },
      },
      async (request) => reports.setSubscription(database, requireAuth(request), request.body.isSubscribed),
    );
  };
}
