import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import {
  PosAppealRequestResultSchema,
  PosCaseLinkSchema,
  PosSyncSettingsInputSchema,
  PosSyncStatusSchema,
} from '../../../shared/contracts/pos-sync.contract.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './pos-sync.service.js';

const tags = ['Интеграция с ПОС'];
const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema };

export function posSyncRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  service.installPosOutbox();
  return async (app) => {
    app.get(
      '/api/pos-sync',
      {
        schema: {
          tags,
          summary: 'Состояние интеграции с ПОС: настройки (без пароля), последний запуск, ошибки, очередь отправки',
          response: { 200: PosSyncStatusSchema, ...errors },
        },
      },
      async (request) => service.getStatus(database, requireAuth(request)),
    );
    app.put(
      '/api/pos-sync/settings',
      {
        schema: {
          tags,
          summary: 'Адрес API, логин, пароль и scope интеграции; пароль можно не повторять',
          body: PosSyncSettingsInputSchema,
          response: { 200: PosSyncStatusSchema, ...errors },
        },
      },
      async (request) => service.saveSettings(database, requireAuth(request), request.body, originOf(request)),
    );
    app.post(
      '/api/pos-sync/run',
      {
        schema: {
          tags,
          summary: 'Синхронизировать сейчас (в обе стороны) и показать итог',
          response: { 200: PosSyncStatusSchema, ...errors },
        },
      },
      async (request) => service.runNow(database, requireAuth(request), originOf(request)),
    );
    app.get(
      '/api/pos-sync/cases/:caseId',
      {
        schema: {
          tags,
          summary:
            'Сообщение и ПОС: не зарегистрировано, ждёт отправки, не принято платформой или связано (номер, статус)',
          params: z.object({ caseId: z.string().uuid('caseId: ожидается идентификатор сообщения') }),
          response: { 200: PosCaseLinkSchema, 404: ErrorResponseSchema, ...errors },
        },
      },
      async (request) => service.describeCaseLink(database, requireAuth(request), request.params.caseId),
    );
    app.post(
      '/api/pos-sync/cases/:caseId/appeal',
      {
        schema: {
          tags,
          summary: 'Зарегистрировать в ПОС сообщение другого канала (через очередь отправки)',
          params: z.object({ caseId: z.string().uuid('caseId: ожидается идентификатор сообщения') }),
          response: {
            202: PosAppealRequestResultSchema,
            404: ErrorResponseSchema,
            409: ErrorResponseSchema,
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const result = await service.requestPosAppeal(
          database,
          requireAuth(request),
          request.params.caseId,
          originOf(request),
        );
        return reply.status(202).send(result);
      },
    );
  };
}
