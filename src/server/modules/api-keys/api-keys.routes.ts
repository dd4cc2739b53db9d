import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiKeySchema, IssueApiKeySchema, IssuedApiKeySchema } from '../../../shared/contracts/api-keys.contract.js';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './api-keys.service.js';

const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
};

export function apiKeysRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Ключи API'];
    app.get(
      '/api/api-keys',
      {
        schema: {
          tags,
          summary: 'Ключи API муниципалитета (Open311, вебхуки)',
          response: { 200: z.array(ApiKeySchema), ...errors },
        },
      },
      async (request) => service.listApiKeys(database, requireAuth(request)),
    );
    app.post(
      '/api/api-keys',
      {
        schema: {
          tags,
          summary: 'Выдать ключ: сам ключ — только в этом ответе',
          body: IssueApiKeySchema,
          response: { 201: IssuedApiKeySchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.issueApiKey(database, requireAuth(request), request.body, originOf(request))),
    );
    app.post(
      '/api/api-keys/:id/revoke',
      {
        schema: {
          tags,
          summary: 'Отозвать ключ',
          params: z.object({ id: z.string().uuid('id: ожидается идентификатор (UUID)') }),
          response: { 200: ApiKeySchema, ...errors },
        },
      },
      async (request) => service.revokeApiKey(database, requireAuth(request), request.params.id, originOf(request)),
    );
  };
}
