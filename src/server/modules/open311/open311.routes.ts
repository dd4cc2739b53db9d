import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ATTACHMENT_MAX_BYTES } from '../../../shared/attachments.js';
import { AppError, httpStatusOf } from '../../platform/errors.js';
import { FixedWindowLimiter } from '../../platform/http/fixed-window-limiter.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './open311.service.js';
import { type Open311Format, type Open311Root, renderOpen311, splitFormat } from './open311-format.js';
import { badParameter, type Open311Params } from './open311-params.js';

export const OPEN311_PREFIX = '/open311/v2';

/** `a=1&a=2&b=3` → `{ a: ['1', '2'], b: '3' }` (the same shape Fastify gives a query string). */
export function parseFormBody(body: string): Open311Params {
  const params: Open311Params = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const previous = params[name];
    params[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return params;
}

function formatOf(request: FastifyRequest): Open311Format {
  const path = request.url.split('?')[0] ?? '';
  return /\.xml$/i.test(path) ? 'xml' : 'json';
}

function send(reply: FastifyReply, format: Open311Format, root: Open311Root, document: unknown, status = 200) {
  const rendered = renderOpen311(format, root, document);
  return reply.status(status).type(rendered.contentType).send(rendered.body);
}

/** Open311 errors: `[{ code, description }]` / `<errors><error>…` with the HTTP status as the code. */
function sendError(reply: FastifyReply, format: Open311Format, status: number, description: string) {
  return send(reply, format, 'errors', [{ code: status, description }], status);
}

/**
 * Errors the router raises before any Open311 route runs (an over-long or malformed address):
 * the GeoReport error list too, so an Open311 client never sees the staff API's error body.
 */
export function handleOpen311FrameworkError(
  error: Error & { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const description =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'Слишком длинный параметр в адресе запроса.'
      : 'Некорректный адрес запроса.';
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
  void sendError(reply, formatOf(request), status, description);
}

/** Fields a multipart `POST requests` may carry (parameters, attributes), and its one file. */
const MULTIPART_FIELDS_MAX = 200;

/**
 * A multipart/form-data `POST requests` (GeoReport v2 `media`): every field a parameter as in the
 * form-encoded body (a repeated name gives an array), the query string beside them, one file in `media`.
 */
async function readMultipartRequest(
  request: FastifyRequest,
): Promise<{ params: Open311Params; media: service.Open311Media | undefined }> {
  const params: Open311Params = { ...((request.query ?? {}) as Open311Params) };
  let media: service.Open311Media | undefined;
  const parts = request.parts({
    limits: {
      fileSize: ATTACHMENT_MAX_BYTES,
      files: 1,
      fields: MULTIPART_FIELDS_MAX,
      parts: MULTIPART_FIELDS_MAX + 1,
    },
  });
  for await (const part of parts) {
    if (part.type === 'file') {
      if (part.fieldname !== 'media') {
        await part.toBuffer();
        throw badParameter(part.fieldname, 'файл принимается только в поле media');
      }
      const content = await part.toBuffer();
      if (part.file.truncated) {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `media: файл больше ${Math.round(ATTACHMENT_MAX_BYTES / 1024 / 1024)} МБ.`,
          [{ field: 'media', message: 'слишком большой' }],
        );
      }
      if (content.length > 0) media = { fileName: part.filename, mediaType: part.mimetype || null, content };
      continue;
    }
    const value = typeof part.value === 'string' ? part.value : String(part.value);
    const previous = params[part.fieldname];
    params[part.fieldname] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return { params, media };
}

function paramsOf(request: FastifyRequest): Open311Params {
  const query = (request.query ?? {}) as Open311Params;
  const body = request.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const merged: Open311Params = { ...query };
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      if (Array.isArray(value)) merged[name] = value.map(String);
      else if (typeof value === 'string') merged[name] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') merged[name] = String(value);
    }
    return merged;
  }
  return query;
}

/**
 * Open311 GeoReport v2 under /open311/v2: discovery, services, requests, tokens and the
 * `servicerequestupdates` extension, as JSON or XML by the suffix; errors in the format asked for.
 */
export function open311Routes({ database, config }: AppDependencies) {
  const limiter = new FixedWindowLimiter(config.open311RateLimit, 60_000);
  return async (app: FastifyInstance) => {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 * 1024 },
      (_request, body, done) => done(null, parseFormBody(String(body))),
    );

    app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
      const format = formatOf(request);
      if (error instanceof AppError) {
        if (error.retryAfterSeconds) void reply.header('retry-after', String(error.retryAfterSeconds));
        return sendError(reply, format, httpStatusOf(error.code), error.message);
      }
      if (
        error.code === 'FST_REQ_FILE_TOO_LARGE' ||
        error.code === 'FST_PARTS_LIMIT' ||
        error.code === 'FST_FILES_LIMIT' ||
        error.code === 'FST_FIELDS_LIMIT'
      )
        return sendError(reply, format, 413, `Слишком большой запрос multipart: ${error.message}`);
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        return sendError(reply, format, 413, 'Тело запроса слишком большое.');
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        return sendError(reply, format, 415, 'Ожидается application/x-www-form-urlencoded или multipart/form-data.');
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return sendError(reply, format, 400, `Некорректный запрос: ${error.message}`);
      }
      request.log.error({ err: error }, 'open311 failure');
      return sendError(reply, format, 500, `Внутренняя ошибка сервера. Номер запроса: ${request.id}.`);
    });
    app.setNotFoundHandler((request, reply) =>
      sendError(reply, formatOf(request), 404, `Адрес ${request.method} ${request.url.split('?')[0]} не найден.`),
    );

    // Public reads may be called from any web page (CORS); writes need an API key anyway.
    app.addHook('onSend', async (request, reply) => {
      if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') {
        void reply.header('access-control-allow-origin', '*');
        void reply.header('cross-origin-resource-policy', 'cross-origin');
      }
    });
    app.options('/*', async (_request, reply) =>
      reply
        .status(204)
        .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
        .header('access-control-allow-headers', 'accept, content-type')
        .header('access-control-max-age', '86400')
        .send(),
    );

    app.addHook('preHandler', async (request) => {
      const params = paramsOf(request);
      const apiKey = typeof params.api_key === 'string' ? params.api_key : undefined;
      const bucket = apiKey ? `key:${crypto.createHash('sha256').update(apiKey).digest('hex')}` : `ip:${request.ip}`;
      const verdict = limiter.take(bucket);
      if (!verdict.isAllowed) {
        throw new AppError(
          'RATE_LIMITED',
          `Слишком много запросов: не больше ${config.open311RateLimit} в минуту. Повторите через ${verdict.retryAfterSeconds} с.`,
          undefined,
          verdict.retryAfterSeconds,
        );
      }
    });

    const tags = ['Open311 GeoReport v2'];
    const origin = (request: FastifyRequest) => ({ ipAddress: request.ip, requestId: request.id });

    for (const format of ['json', 'xml'] as const) {
      app.get(
        `/discovery.${format}`,
        { schema: { tags, summary: 'Описание сервера (service discovery)' } },
        async (_request, reply) => send(reply, format, 'discovery', service.describeDiscovery(config)),
      );
      app.get(
        `/services.${format}`,
        { schema: { tags, summary: 'Услуги (категории) муниципалитета' } },
        async (request, reply) =>
          send(reply, format, 'services', await service.listServices(database, paramsOf(request))),
      );
      app.get(
        `/requests.${format}`,
        { schema: { tags, summary: 'Заявки: фильтры и значения по умолчанию спецификации' } },
        async (request, reply) =>
          send(reply, format, 'service_requests', await service.listRequests(database, paramsOf(request))),
      );
      app.post(
        `/requests.${format}`,
        {
          schema: {
            tags,
            summary:
              'Подать заявку (api_key; form-encoded или multipart/form-data с фото в поле media; Idempotency-Key)',
          },
        },
        async (request, reply) => {
          const header = request.headers['idempotency-key'];
          const { params, media } = request.isMultipart()
            ? await readMultipartRequest(request)
            : { params: paramsOf(request), media: undefined };
          const created = await service.createRequest(
            database,
            params,
            Array.isArray(header) ? header.join(',') : header,
            origin(request),
            { media, mediaBaseUrl: `${config.publicUrl}/open311/v2/media` },
          );
          if (created.isReplay) void reply.header('idempotent-replayed', 'true');
          return send(reply, format, 'service_requests', created.document, created.statusCode);
        },
      );
      app.get(
        `/servicerequestupdates.${format}`,
        { schema: { tags, summary: 'Изменения заявок за период (расширение FixMyStreet)' } },
        async (request, reply) =>
          send(reply, format, 'service_request_updates', await service.listUpdates(database, paramsOf(request))),
      );
    }
    app.get(
      '/services/:code',
      { schema: { tags, summary: 'Описание услуги и её атрибутов (services/{code}.json|xml)' } },
      async (request, reply) => {
        const { name, format } = splitFormat((request.params as { code: string }).code);
        return send(
          reply,
          format,
          'service_definition',
          await service.describeService(database, paramsOf(request), name),
        );
      },
    );
    app.get(
      '/requests/:id',
      { schema: { tags, summary: 'Одна заявка (requests/{id}.json|xml)' } },
      async (request, reply) => {
        const { name, format } = splitFormat((request.params as { id: string }).id);
        return send(reply, format, 'service_requests', await service.getRequest(database, paramsOf(request), name));
      },
    );
    app.get(
      '/media/:jurisdiction/:id',
      { schema: { tags, summary: 'Фото, приложенное к заявке при подаче (media_url заявки)' } },
      async (request, reply) => {
        const { jurisdiction, id } = request.params as { jurisdiction: string; id: string };
        const media = await service.getMedia(database, jurisdiction, id);
        return reply
          .header('content-type', media.mediaType)
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(media.fileName)}`)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'public, max-age=86400')
          .send(media.content);
      },
    );
    app.get(
      '/tokens/:token',
      { schema: { tags, summary: 'Номер заявки по токену (tokens/{token}.json|xml)' } },
      async (request, reply) => {
        const { name, format } = splitFormat((request.params as { token: string }).token);
        return send(reply, format, 'service_requests', await service.getToken(database, paramsOf(request), name));
      },
    );
  };
}
