import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import {
  InboxBulkResultSchema,
  InboxBulkSchema,
  InboxCountsQuerySchema,
  InboxCountsSchema,
  InboxPageSchema,
  InboxQuerySchema,
  SavedFilterIdParamsSchema,
  SavedInboxFilterSchema,
  SaveInboxFilterSchema,
} from '../../../shared/contracts/inbox.contract.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import { serveEventStream } from '../../platform/http/event-stream.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './inbox.service.js';
import { InboxChangeHub, type InboxHubOptions, type InboxStream } from './inbox-stream.js';

const tags = ['Входящие'];
const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema };
/** The SSE event a stream sends when cases in its scope arrive or change. */
export const INBOX_CHANGED_EVENT = 'inbox-changed';

export function inboxRoutes(
  { database }: AppDependencies,
  hubOptions: Partial<InboxHubOptions> = {},
): FastifyPluginAsyncZod {
  return async (app) => {
    const hub = new InboxChangeHub(database, hubOptions);
    app.addHook('preClose', async () => {
      hub.closeAll();
    });

    app.get(
      '/api/inbox',
      {
        schema: {
          tags,
          summary: 'Очередь входящих: страница по курсору (keyset), фильтры и поиск по-русски',
          description:
            'queue — new, mine, approval, due_today, overdue, returned, awaiting_resident, all (docs/inbox.md). ' +
            'q — полнотекстовый поиск (русская морфология; «фраза», -исключить, or) или точный номер ГГГГ-NNNNNN. ' +
            'nextCursor ответа передаётся как cursor следующего запроса.',
          querystring: InboxQuerySchema,
          response: { 200: InboxPageSchema, ...errors },
        },
      },
      async (request) => service.listInbox(database, requireAuth(request), request.query),
    );

    app.get(
      '/api/inbox/counts',
      {
        schema: {
          tags,
          summary: 'Сколько сообщений в каждой очереди вызывающего (с теми же фильтрами)',
          querystring: InboxCountsQuerySchema,
          response: { 200: InboxCountsSchema, ...errors },
        },
      },
      async (request) => service.countInbox(database, requireAuth(request), request.query),
    );

    app.post(
      '/api/inbox/bulk',
      {
        schema: {
          tags,
          summary: 'Взять в работу или назначить сразу несколько сообщений; итог по каждому',
          description:
            'Каждое сообщение — своё действие процесса в своей транзакции с записью аудита; ошибка одного не отменяет другие.',
          body: InboxBulkSchema,
          response: { 200: InboxBulkResultSchema, ...errors },
        },
      },
      async (request) => {
        const result = await service.runBulkAction(database, requireAuth(request), request.body, originOf(request));
        hub.nudge();
        return result;
      },
    );

    app.get(
      '/api/inbox/saved-filters',
      {
        schema: {
          tags,
          summary: 'Мои сохранённые фильтры',
          response: { 200: z.array(SavedInboxFilterSchema), ...errors },
        },
      },
      async (request) => service.listSavedFilters(database, requireAuth(request)),
    );

    app.post(
      '/api/inbox/saved-filters',
      {
        schema: {
          tags,
          summary: 'Сохранить фильтр под названием',
          body: SaveInboxFilterSchema,
          response: { 201: SavedInboxFilterSchema, 409: ErrorResponseSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createSavedFilter(database, requireAuth(request), request.body, originOf(request))),
    );

    app.put(
      '/api/inbox/saved-filters/:id',
      {
        schema: {
          tags,
          summary: 'Изменить сохранённый фильтр',
          params: SavedFilterIdParamsSchema,
          body: SaveInboxFilterSchema,
          response: { 200: SavedInboxFilterSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema, ...errors },
        },
      },
      async (request) =>
        service.updateSavedFilter(database, requireAuth(request), request.params.id, request.body, originOf(request)),
    );

    app.delete(
      '/api/inbox/saved-filters/:id',
      {
        schema: {
          tags,
          summary: 'Удалить сохранённый фильтр',
          params: SavedFilterIdParamsSchema,
          response: { 204: z.null(), 404: ErrorResponseSchema, ...errors },
        },
      },
      async (request, reply) => {
        await service.deleteSavedFilter(database, requireAuth(request), request.params.id, originOf(request));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/inbox/stream',
      {
        schema: {
          tags,
          summary:
            'Живые изменения входящих (Server-Sent Events): событие «inbox-changed» с {"caseIds": [...], "count": N, ' +
            '"leftCaseIds": [...]}, когда в вашей области видимости появляется или меняется сообщение (caseIds) ' +
            'или сообщение уходит из неё — передано другому получателю или исполнителю (leftCaseIds, только идентификаторы)',
          response: { 401: ErrorResponseSchema, 429: ErrorResponseSchema },
        },
      },
      async (request, reply) => {
        const context = requireAuth(request);
        const stream = await serveEventStream<InboxStream>(request, reply, {
          userId: context.userId,
          hub,
          tooMany: 'Входящие открыты в слишком многих вкладках. Закройте лишние вкладки Отклика и обновите страницу.',
          build: (writer) => ({
            ...writer,
            scope: service.inboxScopeOf(context),
            sendChange: (change) => writer.sendEvent(INBOX_CHANGED_EVENT, change),
          }),
        });
        stream?.sendComment('open');
      },
    );
  };
}
