import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import {
  ApplySuggestionSchema,
  CaseSuggestionsSchema,
  SaveTriageSettingsSchema,
  TriageModelSchema,
  TriageSettingsSchema,
} from '../../../shared/contracts/triage.contract.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './triage.service.js';

const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
};
const CaseParamsSchema = z.object({ id: z.string().uuid('id: ожидается идентификатор сообщения (UUID)') });

export function triageRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Классификатор'];
    app.get(
      '/api/triage/models',
      {
        schema: {
          tags,
          summary: 'Версии моделей классификатора муниципалитета (новые первыми) с оценками на отложенных сообщениях',
          response: { 200: z.array(TriageModelSchema), ...errors },
        },
      },
      async (request) => service.listModels(database, requireAuth(request)),
    );
    app.post(
      '/api/triage/models/train',
      {
        schema: {
          tags,
          summary:
            'Переобучить сейчас: новая версия становится активной, только если на последних 15 % сообщений она лучше активной',
          response: { 201: TriageModelSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.trainModel(database, requireAuth(request), originOf(request))),
    );
    app.get(
      '/api/triage/settings',
      {
        schema: { tags, summary: 'Порог автоприменения', response: { 200: TriageSettingsSchema, ...errors } },
      },
      async (request) => service.getSettings(database, requireAuth(request)),
    );
    app.put(
      '/api/triage/settings',
      {
        schema: {
          tags,
          summary: 'Изменить порог автоприменения (0…1; null — только подсказки)',
          body: SaveTriageSettingsSchema,
          response: { 200: TriageSettingsSchema, ...errors },
        },
      },
      async (request) => service.saveSettings(database, requireAuth(request), request.body, originOf(request)),
    );
    app.get(
      '/api/cases/:id/suggestions',
      {
        schema: {
          tags,
          summary: 'Подсказки классификатора для сообщения: по три варианта рубрики, подрубрики и получателя',
          params: CaseParamsSchema,
          response: { 200: CaseSuggestionsSchema, ...errors },
        },
      },
      async (request) => service.getCaseSuggestions(database, requireAuth(request), request.params.id),
    );
    app.post(
      '/api/cases/:id/suggestions/apply',
      {
        schema: {
          tags,
          summary: 'Применить подсказку (рубрика, подрубрика или получатель) — запись в ходе и аудите',
          params: CaseParamsSchema,
          body: ApplySuggestionSchema,
          response: { 200: CaseSuggestionsSchema, ...errors },
        },
      },
      async (request) =>
        service.applySuggestion(database, requireAuth(request), request.params.id, request.body, originOf(request)),
    );
  };
}
