import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AddClusterMemberSchema,
  AnswerClusterResultSchema,
  AnswerClusterSchema,
  ClusterDetailSchema,
  ClusterListQuerySchema,
  ClusterListSchema,
  MergeClustersSchema,
  RecomputeClustersSchema,
  RecomputeResultSchema,
  RepeatListQuerySchema,
  RepeatListSchema,
} from '../../../shared/contracts/clusters.contract.js';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './clusters.service.js';

const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
};
const uuid = (name: string) => z.string().uuid(`${name}: ожидается идентификатор (UUID)`);
const IdParamsSchema = z.object({ id: uuid('id') });

export function clustersRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Массовые проблемы'];
    app.get(
      '/api/clusters',
      {
        schema: {
          tags,
          summary: 'Группы сообщений об одной проблеме (свежие изменения — первыми)',
          querystring: ClusterListQuerySchema,
          response: { 200: ClusterListSchema, ...errors },
        },
      },
      async (request) => service.listClusters(database, requireAuth(request), request.query),
    );
    app.get(
      '/api/clusters/repeats',
      {
        schema: {
          tags,
          summary: 'Повторные обращения: тот же телефон или e-mail за период',
          querystring: RepeatListQuerySchema,
          response: { 200: RepeatListSchema, ...errors },
        },
      },
      async (request) => service.listRepeatAppeals(database, requireAuth(request), request.query, originOf(request)),
    );
    app.post(
      '/api/clusters/recompute',
      {
        schema: {
          tags,
          summary: 'Пересобрать группы за последние days дней (ручные решения сохраняются)',
          body: RecomputeClustersSchema,
          response: { 200: RecomputeResultSchema, ...errors },
        },
      },
      async (request) =>
        service.recomputeForContext(database, requireAuth(request), request.body.days, originOf(request)),
    );
    app.get(
      '/api/clusters/:id',
      {
        schema: {
          tags,
          summary: 'Группа и её сообщения',
          params: IdParamsSchema,
          response: { 200: ClusterDetailSchema, ...errors },
        },
      },
      async (request) => service.getCluster(database, requireAuth(request), request.params.id),
    );
    app.post(
      '/api/clusters/:id/answer',
      {
        schema: {
          tags,
          summary: 'Ответить всей группе: «подготовить ответ» на каждом сообщении (каждое — своё действие и аудит)',
          params: IdParamsSchema,
          body: AnswerClusterSchema,
          response: { 200: AnswerClusterResultSchema, ...errors },
        },
      },
      async (request) =>
        service.answerCluster(database, requireAuth(request), request.params.id, request.body.text, originOf(request)),
    );
    app.post(
      '/api/clusters/:id/merge',
      {
        schema: {
          tags,
          summary: 'Влить другие группы в эту',
          params: IdParamsSchema,
          body: MergeClustersSchema,
          response: { 200: ClusterDetailSchema, ...errors },
        },
      },
      async (request) =>
        service.mergeClusters(
          database,
          requireAuth(request),
          request.params.id,
          request.body.clusterIds,
          originOf(request),
        ),
    );
    app.post(
      '/api/clusters/:id/members',
      {
        schema: {
          tags,
          summary: 'Добавить сообщение в группу вручную',
          params: IdParamsSchema,
          body: AddClusterMemberSchema,
          response: { 200: ClusterDetailSchema, ...errors },
        },
      },
      async (request) =>
        service.addMember(database, requireAuth(request), request.params.id, request.body.caseId, originOf(request)),
    );
    app.delete(
      '/api/clusters/:id/members/:caseId',
      {
        schema: {
          tags,
          summary: 'Вывести сообщение из группы; группа из одного сообщения распускается (тогда ответ — null)',
          params: z.object({ id: uuid('id'), caseId: uuid('caseId') }),
          response: { 200: ClusterDetailSchema.nullable(), ...errors },
        },
      },
      async (request) =>
        service.removeMember(
          database,
          requireAuth(request),
          request.params.id,
          request.params.caseId,
          originOf(request),
        ),
    );
  };
}
