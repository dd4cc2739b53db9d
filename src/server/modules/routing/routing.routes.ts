import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import {
  ReorderRoutingRulesSchema,
  RoutingRuleSchema,
  RoutingRuleVersionSchema,
  RoutingTestResultSchema,
  SaveRoutingRuleSchema,
  SetRoutingRuleActiveSchema,
  TestRoutingSchema,
} from '../../../shared/contracts/routing.contract.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './routing.service.js';

const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
};
const IdParamsSchema = z.object({ id: z.string().uuid('id: ожидается идентификатор (UUID)') });

export function routingRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Автоправила'];
    app.get(
      '/api/routing-rules',
      {
        schema: {
          tags,
          summary: 'Автоправила в порядке применения',
          response: { 200: z.array(RoutingRuleSchema), ...errors },
        },
      },
      async (request) => service.listRules(database, requireAuth(request)),
    );
    app.post(
      '/api/routing-rules',
      {
        schema: {
          tags,
          summary: 'Создать правило (в конец списка)',
          body: SaveRoutingRuleSchema,
          response: { 201: RoutingRuleSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createRule(database, requireAuth(request), request.body, originOf(request))),
    );
    app.put(
      '/api/routing-rules/:id',
      {
        schema: {
          tags,
          summary: 'Изменить правило (новая версия; version — какую видел редактор, иначе 409)',
          params: IdParamsSchema,
          body: SaveRoutingRuleSchema,
          response: { 200: RoutingRuleSchema, ...errors },
        },
      },
      async (request) =>
        service.updateRule(database, requireAuth(request), request.params.id, request.body, originOf(request)),
    );
    app.patch(
      '/api/routing-rules/:id',
      {
        schema: {
          tags,
          summary: 'Включить или выключить правило',
          params: IdParamsSchema,
          body: SetRoutingRuleActiveSchema,
          response: { 200: RoutingRuleSchema, ...errors },
        },
      },
      async (request) =>
        service.setRuleActive(
          database,
          requireAuth(request),
          request.params.id,
          request.body.isActive,
          originOf(request),
        ),
    );
    app.delete(
      '/api/routing-rules/:id',
      {
        schema: {
          tags,
          summary: 'Удалить правило (история остаётся)',
          params: IdParamsSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await service.deleteRule(database, requireAuth(request), request.params.id, originOf(request));
        return reply.status(204).send(null);
      },
    );
    app.put(
      '/api/routing-rules/order',
      {
        schema: {
          tags,
          summary: 'Новый порядок правил: все идентификаторы по одному разу',
          body: ReorderRoutingRulesSchema,
          response: { 200: z.array(RoutingRuleSchema), ...errors },
        },
      },
      async (request) => service.reorderRules(database, requireAuth(request), request.body.ruleIds, originOf(request)),
    );
    app.get(
      '/api/routing-rules/:id/versions',
      {
        schema: {
          tags,
          summary: 'История правила: каждая сохранённая версия, кто и когда',
          params: IdParamsSchema,
          response: { 200: z.array(RoutingRuleVersionSchema), ...errors },
        },
      },
      async (request) => service.listRuleVersions(database, requireAuth(request), request.params.id),
    );
    app.post(
      '/api/routing-rules/test',
      {
        schema: {
          tags,
          summary: 'Проверить: какое правило сработает для такого сообщения и почему (ничего не сохраняет)',
          body: TestRoutingSchema,
          response: { 200: RoutingTestResultSchema, ...errors },
        },
      },
      async (request) => service.testRules(database, requireAuth(request), request.body),
    );
  };
}
