import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import {
  DeliveryListQuerySchema,
  DeliverySchema,
  NotificationIdParamsSchema,
  NotificationListQuerySchema,
  NotificationListResponseSchema,
  NotificationPreferencesSchema,
  NotificationSchema,
  ReadAllResponseSchema,
  UNREAD_COUNT_EVENT,
  UnreadCountSchema,
  UpdateNotificationPreferencesSchema,
} from '../../../shared/contracts/notifications.contract.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import { serveEventStream } from '../../platform/http/event-stream.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import { UnreadCountHub, type UnreadCountHubOptions, type UnreadCountStream } from './notification-stream.js';
import * as service from './notifications.service.js';

const errors = { 401: ErrorResponseSchema, 403: ErrorResponseSchema };
/** How long the browser waits before reconnecting a dropped stream (the SSE `retry:` field). */

export function notificationsRoutes(
  { database, config }: AppDependencies,
  hubOptions: Partial<UnreadCountHubOptions> = {},
): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Уведомления'];
    const hub = new UnreadCountHub(database, hubOptions);
    app.addHook('preClose', async () => {
      hub.closeAll();
    });
    /** Counts changed by this process reach its open streams at once; other processes' changes by polling. */
    const pushCount = (userId: string) => {
      hub.refresh([userId]).catch(() => {});
    };

    app.get(
      '/api/notifications',
      {
        schema: {
          tags,
          summary: 'Мои уведомления, новые сверху (unreadOnly=true — только непрочитанные)',
          querystring: NotificationListQuerySchema,
          response: { 200: NotificationListResponseSchema, 400: ErrorResponseSchema, ...errors },
        },
      },
      async (request) => service.listNotifications(database, requireAuth(request), request.query),
    );

    app.get(
      '/api/notifications/unread-count',
      {
        schema: {
          tags,
          summary: 'Число моих непрочитанных уведомлений',
          response: { 200: UnreadCountSchema, ...errors },
        },
      },
      async (request) => ({ unreadCount: await service.countUnread(database, requireAuth(request).userId) }),
    );

    app.post(
      '/api/notifications/:id/read',
      {
        schema: {
          tags,
          summary: 'Отметить уведомление прочитанным (чужое или несуществующее — 404)',
          params: NotificationIdParamsSchema,
          response: { 200: NotificationSchema, 400: ErrorResponseSchema, 404: ErrorResponseSchema, ...errors },
        },
      },
      async (request) => {
        const context = requireAuth(request);
        const notification = await service.markRead(database, context, request.params.id);
        pushCount(context.userId);
        return notification;
      },
    );

    app.post(
      '/api/notifications/read-all',
      {
        schema: {
          tags,
          summary: 'Отметить все мои уведомления прочитанными',
          response: { 200: ReadAllResponseSchema, ...errors },
        },
      },
      async (request) => {
        const context = requireAuth(request);
        const result = await service.markAllRead(database, context);
        pushCount(context.userId);
        return result;
      },
    );

    app.get(
      '/api/notifications/stream',
      {
        schema: {
          tags,
          summary:
            'Живой счётчик непрочитанных (Server-Sent Events, text/event-stream): событие «unread-count» с ' +
            '{"unreadCount": N} при подключении и при каждом изменении; строки-комментарии для поддержания соединения',
          response: { 401: ErrorResponseSchema, 429: ErrorResponseSchema },
        },
      },
      async (request, reply) => {
        const context = requireAuth(request);
        await serveEventStream<UnreadCountStream>(request, reply, {
          userId: context.userId,
          hub,
          tooMany:
            'Открыто слишком много вкладок с уведомлениями. Закройте лишние вкладки Отклика и обновите страницу.',
          build: (writer) => ({
            ...writer,
            lastSentCount: undefined,
            sendCount: (count) => writer.sendEvent(UNREAD_COUNT_EVENT, { unreadCount: count }),
          }),
        });
      },
    );

    app.get(
      '/api/notifications/preferences',
      {
        schema: {
          tags,
          summary: 'Мои настройки уведомлений: каналы, чат Telegram, тихие часы, отключённые виды',
          response: { 200: NotificationPreferencesSchema, ...errors },
        },
      },
      async (request) => service.getPreferences(database, requireAuth(request), config),
    );

    app.put(
      '/api/notifications/preferences',
      {
        schema: {
          tags,
          summary: 'Изменить мои настройки уведомлений (тихие часы — ЧЧ:ММ в часовом поясе муниципалитета)',
          body: UpdateNotificationPreferencesSchema,
          response: { 200: NotificationPreferencesSchema, 400: ErrorResponseSchema, ...errors },
        },
      },
      async (request) =>
        service.updatePreferences(database, requireAuth(request), request.body, originOf(request), config),
    );

    app.get(
      '/api/notifications/deliveries',
      {
        schema: {
          tags,
          summary: 'Журнал доставки моих уведомлений по e-mail и в Telegram (попытки, ошибки)',
          querystring: DeliveryListQuerySchema,
          response: { 200: z.array(DeliverySchema), 400: ErrorResponseSchema, 404: ErrorResponseSchema, ...errors },
        },
      },
      async (request) => service.listDeliveries(database, requireAuth(request), request.query),
    );
  };
}
