import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import { AuditPageSchema, AuditQuerySchema } from '../../../shared/contracts/organization.contract.js';
import { requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as auditService from './audit.service.js';

export function auditRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/audit',
      {
        schema: {
          tags: ['Аудит'],
          summary: 'Поиск в журнале аудита по сотруднику, объекту, действию и периоду',
          querystring: AuditQuerySchema,
          response: {
            200: AuditPageSchema,
            400: ErrorResponseSchema,
            401: ErrorResponseSchema,
            403: ErrorResponseSchema,
          },
        },
      },
      async (request) => auditService.searchAudit(database, requireAuth(request), request.query),
    );
  };
}
