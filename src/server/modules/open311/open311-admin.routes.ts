import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import {
  Open311ServiceSchema,
  SaveServiceAttributesSchema,
  SaveServiceSchema,
} from '../../../shared/contracts/open311.contract.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './open311-services.service.js';

const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
};
const CodeParamsSchema = z.object({ code: z.string().min(1).max(100) });

/** Administration of the Open311 services (the `own` rubricator) and their attributes. */
export function open311AdminRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Услуги Open311'];
    app.get(
      '/api/open311/services',
      {
        schema: {
          tags,
          summary: 'Услуги муниципалитета с атрибутами',
          response: { 200: z.array(Open311ServiceSchema), ...errors },
        },
      },
      async (request) => service.listServicesForAdmin(database, requireAuth(request)),
    );
    app.post(
      '/api/open311/services',
      {
        schema: {
          tags,
          summary: 'Добавить услугу',
          body: SaveServiceSchema,
          response: { 201: Open311ServiceSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.saveService(database, requireAuth(request), undefined, request.body, originOf(request))),
    );
    app.put(
      '/api/open311/services/:code',
      {
        schema: {
          tags,
          summary: 'Изменить услугу или отключить её (isActive: false)',
          params: CodeParamsSchema,
          body: SaveServiceSchema,
          response: { 200: Open311ServiceSchema, ...errors },
        },
      },
      async (request) =>
        service.saveService(database, requireAuth(request), request.params.code, request.body, originOf(request)),
    );
    app.put(
      '/api/open311/services/:code/attributes',
      {
        schema: {
          tags,
          summary: 'Заменить атрибуты услуги (что клиент Open311 и форма спрашивают у заявителя)',
          params: CodeParamsSchema,
          body: SaveServiceAttributesSchema,
          response: { 200: Open311ServiceSchema, ...errors },
        },
      },
      async (request) =>
        service.saveServiceAttributes(
          database,
          requireAuth(request),
          request.params.code,
          request.body,
          originOf(request),
        ),
    );
  };
}
