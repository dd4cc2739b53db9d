import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import {
  CreateRubricatorItemSchema,
  CreateRubricatorSchema,
  ItemAssignmentSchema,
  ItemLinkSchema,
  LoadRubricatorResultSchema,
  LoadRubricatorSchema,
  RubricatorItemLinkSchema,
  RubricatorItemListSchema,
  RubricatorItemQuerySchema,
  RubricatorItemSchema,
  RubricatorSchema,
  UpdateRubricatorItemSchema,
} from '../../../shared/contracts/rubricators.contract.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './rubricators.service.js';

const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
};
const uuid = (name: string) => z.string().uuid(`${name}: ожидается идентификатор (UUID)`);

export function rubricatorsRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Рубрикаторы'];
    app.get(
      '/api/rubricators',
      {
        schema: {
          tags,
          summary: 'Рубрикаторы муниципалитета',
          response: { 200: z.array(RubricatorSchema), ...errors },
        },
      },
      async (request) => service.listRubricators(database, requireAuth(request)),
    );
    app.post(
      '/api/rubricators',
      {
        schema: {
          tags,
          summary: 'Создать собственный рубрикатор',
          body: CreateRubricatorSchema,
          response: { 201: RubricatorSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createRubricator(database, requireAuth(request), request.body, originOf(request))),
    );
    app.post(
      '/api/rubricators/load',
      {
        schema: {
          tags,
          summary:
            'Загрузить поставляемый рубрикатор (cur — темы ЦУР/ИМ, fz59 — типовой классификатор); повторно ничего не добавляет',
          body: LoadRubricatorSchema,
          response: { 200: LoadRubricatorResultSchema, ...errors },
        },
      },
      async (request) =>
        service.loadShippedRubricatorForContext(
          database,
          requireAuth(request),
          request.body.rubricator,
          originOf(request),
        ),
    );
    app.get(
      '/api/rubricators/:id/items',
      {
        schema: {
          tags,
          summary: 'Позиции: верхний уровень, дети позиции (parentId) или поиск по названию, описанию и коду (q)',
          params: z.object({ id: uuid('id') }),
          querystring: RubricatorItemQuerySchema,
          response: { 200: RubricatorItemListSchema, ...errors },
        },
      },
      async (request) => service.listItems(database, requireAuth(request), request.params.id, request.query),
    );
    app.post(
      '/api/rubricators/:id/items',
      {
        schema: {
          tags,
          summary: 'Добавить позицию в собственный рубрикатор',
          params: z.object({ id: uuid('id') }),
          body: CreateRubricatorItemSchema,
          response: { 201: RubricatorItemSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await service.createItem(
              database,
              requireAuth(request),
              request.params.id,
              request.body,
              originOf(request),
            ),
          ),
    );
    app.get(
      '/api/rubricator-items/:id',
      {
        schema: {
          tags,
          summary: 'Позиция рубрикатора',
          params: z.object({ id: uuid('id') }),
          response: { 200: RubricatorItemSchema, ...errors },
        },
      },
      async (request) => service.getItem(database, requireAuth(request), request.params.id),
    );
    app.patch(
      '/api/rubricator-items/:id',
      {
        schema: {
          tags,
          summary: 'Изменить собственную позицию или отключить/включить любую (isActive)',
          params: z.object({ id: uuid('id') }),
          body: UpdateRubricatorItemSchema,
          response: { 200: RubricatorItemSchema, ...errors },
        },
      },
      async (request) =>
        service.updateItem(database, requireAuth(request), request.params.id, request.body, originOf(request)),
    );
    app.put(
      '/api/rubricator-items/:id/assignment',
      {
        schema: {
          tags,
          summary: 'Тематический блок и получатель по умолчанию для темы',
          params: z.object({ id: uuid('id') }),
          body: ItemAssignmentSchema,
          response: { 200: RubricatorItemSchema, ...errors },
        },
      },
      async (request) =>
        service.setItemAssignment(database, requireAuth(request), request.params.id, request.body, originOf(request)),
    );
    app.get(
      '/api/rubricator-items/:id/links',
      {
        schema: {
          tags,
          summary: 'Соответствия позиции в других рубрикаторах',
          params: z.object({ id: uuid('id') }),
          response: { 200: z.array(RubricatorItemLinkSchema), ...errors },
        },
      },
      async (request) => service.listItemLinks(database, requireAuth(request), request.params.id),
    );
    app.post(
      '/api/rubricator-items/:id/links',
      {
        schema: {
          tags,
          summary: 'Связать позицию с позицией другого рубрикатора (например, тема ИМ → код 59-ФЗ)',
          params: z.object({ id: uuid('id') }),
          body: ItemLinkSchema,
          response: { 200: z.array(RubricatorItemLinkSchema), ...errors },
        },
      },
      async (request) =>
        service.linkItems(database, requireAuth(request), request.params.id, request.body.toItemId, originOf(request)),
    );
    app.delete(
      '/api/rubricator-items/:id/links/:toItemId',
      {
        schema: {
          tags,
          summary: 'Убрать соответствие',
          params: z.object({ id: uuid('id'), toItemId: uuid('toItemId') }),
          response: { 200: z.array(RubricatorItemLinkSchema), ...errors },
        },
      },
      async (request) =>
        service.unlinkItems(
          database,
          requireAuth(request),
          request.params.id,
          request.params.toItemId,
          originOf(request),
        ),
    );
  };
}
