import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type FieldError, httpStatusOf } from '../errors.js';

const LOCATION_TITLES: Record<string, string> = {
  body: 'тело запроса',
  querystring: 'параметры запроса',
  params: 'путь',
  headers: 'заголовки',
};

/** Maps every failure to the one error body; a 500 never leaks internals and is logged with the request id. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.retryAfterSeconds) void reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.status(httpStatusOf(error.code)).send({
        error: {
          ...body(error.code, error.message, request.id, error.fields).error,
          ...(error.details ? { details: error.details } : {}),
        },
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const location = LOCATION_TITLES[error.validationContext ?? 'body'] ?? 'запрос';
      const fields: FieldError[] = error.validation.map((issue) => ({
        field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || location,
        message: issue.message ?? 'неверное значение',
      }));
      const summary = fields.map((field) => `«${field.field}» — ${field.message}`).join('; ');
      return reply
        .status(400)
        .send(body('VALIDATION_FAILED', `Ошибка в данных (${location}): ${summary}.`, request.id, fields));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response does not match its schema');
      return reply
        .status(500)
        .send(body('INTERNAL', 'Внутренняя ошибка сервера. Сообщите администратору номер запроса.', request.id));
    }
    const mapped = mapFastifyError(error);
    if (mapped) {
      return reply.status(httpStatusOf(mapped.code)).send(body(mapped.code, mapped.message, request.id));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send(body('INTERNAL', 'Внутренняя ошибка сервера. Сообщите администратору номер запроса.', request.id));
  });
}

/**
 * Errors the router raises before any route or hook runs (a malformed or over-long URL): the same body.
 * Passed to Fastify as `frameworkErrors`.
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const mapped = mapFastifyError(error) ?? {
    code: 'VALIDATION_FAILED' as const,
    message: 'Некорректный адрес запроса.',
  };
  void reply.status(httpStatusOf(mapped.code)).send(body(mapped.code, mapped.message, request.id));
}

function mapFastifyError(error: FastifyError): { code: ErrorCode; message: string } | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'VALIDATION_FAILED', message: 'Тело запроса — не корректный JSON.' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'PAYLOAD_TOO_LARGE', message: 'Тело запроса слишком большое.' };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { code: 'URI_TOO_LONG', message: 'Слишком длинный параметр в адресе запроса.' };
    case 'FST_ERR_BAD_URL':
      return { code: 'VALIDATION_FAILED', message: 'Некорректный адрес запроса.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Неподдерживаемый тип содержимого: ожидается application/json.',
      };
    default:
      break;
  }
  if (error.statusCode === 429) {
    return { code: 'RATE_LIMITED', message: 'Слишком много запросов. Повторите чуть позже.' };
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { code: 'VALIDATION_FAILED', message: `Некорректный запрос: ${error.message}` };
  }
  return undefined;
}

export function body(code: ErrorCode, message: string, requestId: string, fields?: FieldError[]) {
  return { error: { code, message, requestId, ...(fields && fields.length > 0 ? { fields } : {}) } };
}
