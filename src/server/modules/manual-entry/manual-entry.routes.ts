import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CaseDetailSchema } from '../../../shared/contracts/cases.contract.js';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import {
  DuplicateCheckResponseSchema,
  DuplicateCheckSchema,
  ManualEntrySchema,
} from '../../../shared/contracts/manual-entry.contract.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './manual-entry.service.js';

const tags = ['Сообщения и обращения'];
const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  409: ErrorResponseSchema,
};

export function manualEntryRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/manual-entry/duplicates',
      {
        schema: {
          tags,
          summary: 'Возможные повторы: тот же телефон и похожий текст за последние дни (по умолчанию 7)',
          body: DuplicateCheckSchema,
          response: { 200: DuplicateCheckResponseSchema, ...errors },
        },
      },
      async (request) => ({
        duplicates: await service.findSuspectedDuplicates(database, requireAuth(request), request.body),
      }),
    );
    app.post(
      '/api/manual-entry',
      {
        schema: {
          tags,
          summary:
            'Ручной ввод оператором (телефон, приём, письмо, e-mail); похожее с того же телефона — 409 DUPLICATE_SUSPECTED до подтверждения',
          body: ManualEntrySchema,
          response: { 201: CaseDetailSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createManualEntry(database, requireAuth(request), request.body, originOf(request))),
    );
  };
}
