import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import {
  KpiDefinitionSetSchema,
  KpiTenantQuerySchema,
  KpiVersionParamsSchema,
  KpiVersionSchema,
  ReportScheduleSchema,
  RestoreKpiVersionSchema,
  UpdateKpiDefinitionsSchema,
  UpdateReportScheduleSchema,
} from '../../../shared/contracts/reports.contract.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './report-settings.service.js';

const TAG = 'Аналитика и отчёты';
const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
};

/** The weekly note's schedule and subscribers; the KPI definitions (versioned) of a region or municipality. */
export function reportSettingsRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/analytics/report-schedule',
      {
        schema: {
          tags: [TAG],
          summary: 'Расписание еженедельной записки муниципалитета и её подписчики',
          response: { 200: ReportScheduleSchema, ...errors },
        },
      },
      async (request) => service.getSchedule(database, requireAuth(request)),
    );

    app.put(
      '/api/analytics/report-schedule',
      {
        schema: {
          tags: [TAG],
          summary: 'Изменить расписание записки: день, время, пояс, включено, подписчики (аудит)',
          body: UpdateReportScheduleSchema,
          response: { 200: ReportScheduleSchema, ...errors },
        },
      },
      async (request) => service.updateSchedule(database, requireAuth(request), request.body, originOf(request)),
    );

    app.get(
      '/api/analytics/kpi-definitions',
      {
        schema: {
          tags: [TAG],
          summary: 'Действующие показатели КПЭ (свои, региона или по умолчанию) и их версии',
          querystring: KpiTenantQuerySchema,
          response: { 200: KpiDefinitionSetSchema, ...errors },
        },
      },
      async (request) => service.getKpiDefinitions(database, requireAuth(request), request.query.tenantId),
    );

    app.put(
      '/api/analytics/kpi-definitions',
      {
        schema: {
          tags: [TAG],
          summary: 'Сохранить новую версию показателей КПЭ региона или муниципалитета (ЦУР, аудит)',
          querystring: KpiTenantQuerySchema,
          body: UpdateKpiDefinitionsSchema,
          response: { 200: KpiDefinitionSetSchema, ...errors },
        },
      },
      async (request) =>
        service.updateKpiDefinitions(
          database,
          requireAuth(request),
          request.query.tenantId,
          request.body,
          originOf(request),
        ),
    );

    app.get(
      '/api/analytics/kpi-definitions/versions/:version',
      {
        schema: {
          tags: [TAG],
          summary: 'Одна версия показателей КПЭ целиком (что вернёт «Восстановить»)',
          params: KpiVersionParamsSchema,
          querystring: KpiTenantQuerySchema,
          response: { 200: KpiVersionSchema, ...errors },
        },
      },
      async (request) =>
        service.getKpiVersion(database, requireAuth(request), request.query.tenantId, request.params.version),
    );

    app.post(
      '/api/analytics/kpi-definitions/versions/:version/restore',
      {
        schema: {
          tags: [TAG],
          summary: 'Восстановить версию показателей КПЭ: её набор сохраняется новой версией (ЦУР, аудит)',
          params: KpiVersionParamsSchema,
          querystring: KpiTenantQuerySchema,
          body: RestoreKpiVersionSchema,
          response: { 200: KpiDefinitionSetSchema, ...errors },
        },
      },
      async (request) =>
        service.restoreKpiVersion(
          database,
          requireAuth(request),
          request.query.tenantId,
          request.params.version,
          request.body,
          originOf(request),
        ),
    );
  };
}
