import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CaseActionBodySchema,
  CaseDetailSchema,
  CaseIdParamsSchema,
  CaseListQuerySchema,
  CaseListResponseSchema,
  CreateCaseSchema,
  OverviewSchema,
} from '../../../shared/contracts/cases.contract.js';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import { CaseTimerSchema } from '../../../shared/contracts/sla.contract.js';
import { ACTION_MEANINGS, ACTION_NAMES } from '../../../shared/workflow/index.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as casesService from './cases.service.js';

export function casesRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/cases',
      {
        schema: {
          tags: ['Сообщения и обращения'],
          summary: 'Список сообщений и обращений с фильтрами и постраничным выводом',
          querystring: CaseListQuerySchema,
          response: { 200: CaseListResponseSchema, 400: ErrorResponseSchema, 401: ErrorResponseSchema },
        },
      },
      async (request) => casesService.listCases(database, requireAuth(request), request.query),
    );

    app.get(
      '/api/cases/:id',
      {
        schema: {
          tags: ['Сообщения и обращения'],
          summary: 'Карточка сообщения; персональные данные заявителя скрыты, если роль их не требует',
          params: CaseIdParamsSchema,
          response: { 200: CaseDetailSchema, 401: ErrorResponseSchema, 404: ErrorResponseSchema },
        },
      },
      async (request) => casesService.getCase(database, requireAuth(request), request.params.id, originOf(request)),
    );

    app.post(
      '/api/cases',
      {
        schema: {
          tags: ['Сообщения и обращения'],
          summary: 'Зарегистрировать сообщение или обращение (телефон, приём, письмо, клиент API)',
          body: CreateCaseSchema,
          response: {
            201: CaseDetailSchema,
            400: ErrorResponseSchema,
            401: ErrorResponseSchema,
            403: ErrorResponseSchema,
            409: ErrorResponseSchema,
          },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await casesService.createCase(database, requireAuth(request), request.body, originOf(request))),
    );

    for (const action of ACTION_NAMES) {
      app.post(
        `/api/cases/:id/actions/${action}`,
        {
          schema: {
            tags: ['Действия с сообщением'],
            summary: `${ACTION_MEANINGS[action].title} (${action})`,
            description:
              'Тело — поля действия (см. docs/workflows.md) и необязательный `version`: если сообщение уже изменили, ответ 409 VERSION_CONFLICT с тем, что изменилось.',
            params: CaseIdParamsSchema,
            body: CaseActionBodySchema,
            response: {
              200: CaseDetailSchema,
              400: ErrorResponseSchema,
              401: ErrorResponseSchema,
              403: ErrorResponseSchema,
              404: ErrorResponseSchema,
              409: ErrorResponseSchema,
            },
          },
        },
        async (request) =>
          casesService.performAction(
            database,
            requireAuth(request),
            request.params.id,
            action,
            request.body,
            originOf(request),
          ),
      );
    }

    app.get(
      '/api/cases/:id/timers',
      {
        schema: {
          tags: ['Сроки и календари'],
          summary: 'Таймеры сообщения: состояние и рабочее время до срока',
          params: CaseIdParamsSchema,
          response: { 200: z.array(CaseTimerSchema), 401: ErrorResponseSchema, 404: ErrorResponseSchema },
        },
      },
      async (request) => casesService.getCaseTimers(database, requireAuth(request), request.params.id),
    );

    app.get(
      '/api/overview',
      {
        schema: {
          tags: ['Сообщения и обращения'],
          summary: 'Сводка: всего, открыто, просрочено, срок сегодня, по каналам, статусам и дням',
          querystring: z.object({ tenantId: z.string().uuid('tenantId: ожидается идентификатор').optional() }),
          response: { 200: OverviewSchema, 401: ErrorResponseSchema },
        },
      },
      async (request) => casesService.getOverview(database, requireAuth(request), request.query.tenantId),
    );
  };
}
