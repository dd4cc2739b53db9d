import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import { ImWebhookEventSchema, ImWebhookResultSchema } from '../../../shared/contracts/im-webhook.contract.js';
import { AppError } from '../../platform/errors.js';
import { FixedWindowLimiter } from '../../platform/http/fixed-window-limiter.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import { authenticateApiKey } from '../api-keys/index.js';
import { receiveImEvent } from './im-webhook.service.js';

const errors = {
  400: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  429: ErrorResponseSchema,
};

/** The Инцидент менеджмент webhook: authenticated by the municipality's API key (`X-Api-Key` or `Authorization: Bearer`). */
export function imWebhookRoutes({ database, config }: AppDependencies): FastifyPluginAsyncZod {
  const limiter = new FixedWindowLimiter(config.open311RateLimit, 60_000);
  return async (app) => {
    app.post(
      '/api/intake/webhooks/im',
      {
        schema: {
          tags: ['Приём: Инцидент менеджмент'],
          summary: 'Новый инцидент или комментарий к нему (ключ API муниципалитета в X-Api-Key)',
          body: ImWebhookEventSchema,
          response: { 200: ImWebhookResultSchema, 201: ImWebhookResultSchema, ...errors },
        },
      },
      async (request, reply) => {
        const header = request.headers['x-api-key'];
        const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
        const key = (typeof header === 'string' ? header : undefined) ?? bearer;
        if (!key) throw new AppError('API_KEY_INVALID', 'Нет ключа API: передайте его в заголовке X-Api-Key.');
        const verdict = limiter.take(key);
        if (!verdict.isAllowed) {
          throw new AppError(
            'RATE_LIMITED',
            'Слишком много запросов с этим ключом.',
            undefined,
            verdict.retryAfterSeconds,
          );
        }
        const owner = await authenticateApiKey(database, key);
        if (!owner) throw new AppError('API_KEY_INVALID', 'Ключ API неизвестен или отозван.');
        const result = await receiveImEvent(database, owner, request.body, {
          ipAddress: request.ip,
          requestId: request.id,
        });
        return reply.status(result.status === 'created' ? 201 : 200).send(result);
      },
    );
  };
}
