import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AppealCaseParamsSchema,
  AppealSettingsSchema,
  CreateAppealSchema,
  JournalExportQuerySchema,
  JournalQuerySchema,
  JournalResponseSchema,
  RegisterAppealSchema,
  RegistrationCardSchema,
  RepeatCheckResponseSchema,
  RepeatCheckSchema,
} from '../../../shared/contracts/appeals.contract.js';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './appeals.service.js';
import { buildJournalCsv, buildJournalXlsx } from './journal-export.js';
import { renderCardPdf } from './registration-card.pdf.js';

const tags = ['Обращения по 59-ФЗ'];
const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
};

export function appealsRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/appeals/journal',
      {
        schema: {
          tags,
          summary: 'Журнал регистрации обращений: фильтры по периоду, виду, форме, коду, повторным, коллективным',
          querystring: JournalQuerySchema,
          response: { 200: JournalResponseSchema, ...errors },
        },
      },
      async (request) => service.listJournal(database, requireAuth(request), request.query, originOf(request)),
    );

    app.get(
      '/api/appeals/journal/export',
      {
        schema: {
          tags,
          summary: 'Выгрузка журнала с теми же фильтрами в XLSX или CSV',
          querystring: JournalExportQuerySchema,
        },
      },
      async (request, reply) => {
        const context = requireAuth(request);
        const entries = await service.listJournalForExport(database, context, request.query, originOf(request));
        const zone = context.tenant.timezone;
        const stamp = new Date().toISOString().slice(0, 10);
        if (request.query.format === 'csv') {
          void reply.header('content-disposition', `attachment; filename="appeal-journal-${stamp}.csv"`);
          return reply.type('text/csv; charset=utf-8').send(buildJournalCsv(entries, zone));
        }
        void reply.header('content-disposition', `attachment; filename="appeal-journal-${stamp}.xlsx"`);
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .send(await buildJournalXlsx(entries, zone));
      },
    );

    app.post(
      '/api/appeals',
      {
        schema: {
          tags,
          summary: 'Ввести обращение (письмо, e-mail, приём, ЕПГУ) и сразу зарегистрировать его в журнале',
          body: CreateAppealSchema,
          response: { 201: RegistrationCardSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createAppeal(database, requireAuth(request), request.body, originOf(request))),
    );

    app.post(
      '/api/appeals/registrations',
      {
        schema: {
          tags,
          summary: 'Зарегистрировать поступившее обращение: номер, вид, форма, коллективное, код классификатора',
          body: RegisterAppealSchema,
          response: { 201: RegistrationCardSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.registerAppeal(database, requireAuth(request), request.body, originOf(request))),
    );

    app.post(
      '/api/appeals/repeat-check',
      {
        schema: {
          tags,
          summary: 'Проверка на повторное: обращения того же заявителя по похожему вопросу за период',
          body: RepeatCheckSchema,
          response: { 200: RepeatCheckResponseSchema, ...errors },
        },
      },
      async (request) => service.checkRepeat(database, requireAuth(request), request.body),
    );

    app.get(
      '/api/appeals/settings',
      {
        schema: {
          tags,
          summary: 'Настройки журнала: префикс номера и период поиска повторных',
          response: { 200: AppealSettingsSchema, ...errors },
        },
      },
      async (request) => service.getSettings(database, requireAuth(request)),
    );

    app.put(
      '/api/appeals/settings',
      {
        schema: {
          tags,
          summary: 'Изменить настройки журнала',
          body: AppealSettingsSchema,
          response: { 200: AppealSettingsSchema, ...errors },
        },
      },
      async (request) => service.updateSettings(database, requireAuth(request), request.body, originOf(request)),
    );

    app.get(
      '/api/appeals/:caseId/card',
      {
        schema: {
          tags,
          summary: 'Регистрационная карточка обращения',
          params: AppealCaseParamsSchema,
          response: { 200: RegistrationCardSchema, ...errors },
        },
      },
      async (request) => service.getCard(database, requireAuth(request), request.params.caseId, originOf(request)),
    );

    app.get(
      '/api/appeals/:caseId/card.pdf',
      {
        schema: { tags, summary: 'Регистрационная карточка в PDF', params: AppealCaseParamsSchema },
      },
      async (request, reply) => {
        const context = requireAuth(request);
        const card = await service.getCard(database, context, request.params.caseId, originOf(request));
        const pdf = await renderCardPdf(card, context.tenant.timezone);
        void reply.header(
          'content-disposition',
          `inline; filename="appeal-card.pdf"; filename*=UTF-8''${encodeURIComponent(`${card.number}.pdf`)}`,
        );
        return reply.type('application/pdf').send(pdf);
      },
    );
  };
}
