import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import {
  PosAppealRequestResultSchema,
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
