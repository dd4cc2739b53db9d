import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AnswerTemplateListQuerySchema,
  AnswerTemplateSchema,
  RenderedTemplateSchema,
  RenderTemplateSchema,
  SaveAnswerTemplateSchema,
} from '../../../shared/contracts/cases.contract.js';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './templates.service.js';

const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
};
const IdParamsSchema = z.object({ id: z.string().uuid('id: ожидается идентификатор (UUID)') });

export function templatesRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Шаблоны ответов'];
    app.get(
      '/api/answer-templates',
      {
        schema: {
          tags,
          summary: 'Шаблоны ответов: подходящие по теме — первыми, затем самые используемые',
          querystring: AnswerTemplateListQuerySchema,
          response: { 200: z.array(AnswerTemplateSchema), ...errors },
        },
      },
      async (request) => service.listTemplates(database, requireAuth(request), request.query),
    );
    app.post(
      '/api/answer-templates',
      {
        schema: {
          tags,
          summary: 'Создать шаблон (подстановки {{номер}}, {{дата}}, {{адрес}}, {{исполнитель}}, …)',
          body: SaveAnswerTemplateSchema,
          response: { 201: AnswerTemplateSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.saveTemplate(database, requireAuth(request), undefined, request.body, originOf(request))),
    );
    app.put(
      '/api/answer-templates/:id',
      {
        schema: {
          tags,
          summary: 'Изменить шаблон или отключить его (isActive: false)',
          params: IdParamsSchema,
          body: SaveAnswerTemplateSchema,
          response: { 200: AnswerTemplateSchema, ...errors },
        },
      },
      async (request) =>
        service.saveTemplate(database, requireAuth(request), request.params.id, request.body, originOf(request)),
    );
    app.post(
      '/api/answer-templates/:id/render',
      {
        schema: {
          tags,
          summary: 'Заполнить шаблон по сообщению; недостающие подстановки перечислены',
          params: IdParamsSchema,
          body: RenderTemplateSchema,
          response: { 200: RenderedTemplateSchema, ...errors },
        },
      },
      async (request) =>
        service.renderTemplateForCase(database, requireAuth(request), request.params.id, request.body.caseId),
    );
  };
}
