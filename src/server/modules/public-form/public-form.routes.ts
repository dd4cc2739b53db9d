import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ATTACHMENT_MAX_BYTES } from '../../../shared/attachments.js';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import {
  PublicCaseStatusSchema,
  PublicCommentSchema,
  PublicFormSchema,
  PublicRatingSchema,
  SubmitPublicMessageSchema,
  SubmittedPublicMessageSchema,
} from '../../../shared/contracts/public-form.contract.js';
import { AppError } from '../../platform/errors.js';
import { FixedWindowLimiter } from '../../platform/http/fixed-window-limiter.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './public-form.service.js';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  413: ErrorResponseSchema,
  415: ErrorResponseSchema,
  429: ErrorResponseSchema,
};
const SlugParamsSchema = z.object({ slug: z.string().min(1).max(100) });
const TokenParamsSchema = z.object({ token: z.string().min(1).max(200) });

function limit(limiter: FixedWindowLimiter, request: { ip: string }, what: string): void {
  const verdict = limiter.take(request.ip);
  if (!verdict.isAllowed) {
    throw new AppError(
      'RATE_LIMITED',
      `Слишком много ${what} с вашего адреса. Повторите позже.`,
      undefined,
      verdict.retryAfterSeconds,
    );
  }
}

/** The public form of a municipality and the resident's status page: no sign-in, limited per IP address. */
export function publicFormRoutes({ database, config }: AppDependencies): FastifyPluginAsyncZod {
  const submissions = new FixedWindowLimiter(config.formRateLimit, 60 * 60 * 1000);
  const reads = new FixedWindowLimiter(120, 60_000);
  const reactions = new FixedWindowLimiter(20, 60 * 60 * 1000);
  return async (app) => {
    const tags = ['Форма для жителей'];
    const origin = (request: FastifyRequest) => ({ ipAddress: request.ip, requestId: request.id });
    app.get(
      '/api/public/m/:slug/form',
      {
        schema: {
          tags,
          summary: 'Форма муниципалитета: категории и токен формы',
          params: SlugParamsSchema,
          response: { 200: PublicFormSchema, ...errors },
        },
      },
      async (request) => {
        limit(reads, request, 'запросов');
        return service.describePublicForm(database, config, request.params.slug);
      },
    );
    app.post(
      '/api/public/m/:slug/messages',
      {
        schema: {
          tags,
          summary: 'Отправить сообщение (ответ — номер и секретная ссылка на страницу статуса)',
          params: SlugParamsSchema,
          body: SubmitPublicMessageSchema,
          response: { 201: SubmittedPublicMessageSchema, ...errors },
        },
        // Counted before the body is read: rejected attempts count too.
        onRequest: async (request) => limit(submissions, request, 'сообщений'),
      },
      async (request, reply) => {
        return reply
          .status(201)
          .send(
            await service.submitPublicMessage(database, config, request.params.slug, request.body, origin(request)),
          );
      },
    );
    app.post(
      '/api/public/m/:slug/messages-with-photos',
      {
        schema: {
          tags,
          summary: 'То же с фотографиями: multipart/form-data — поле payload (JSON сообщения) и до 3 файлов photo',
          params: SlugParamsSchema,
          response: { 201: SubmittedPublicMessageSchema, ...errors },
        },
        onRequest: async (request) => limit(submissions, request, 'сообщений'),
      },
      async (request, reply) => {
        if (!request.isMultipart()) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Ожидается multipart/form-data: поле payload и файлы photo.');
        }
        let payload: unknown;
        const photos: service.PublicPhoto[] = [];
        const parts = request.parts({
          limits: {
            fileSize: ATTACHMENT_MAX_BYTES,
            files: service.PUBLIC_PHOTOS_MAX,
            fields: 2,
            parts: service.PUBLIC_PHOTOS_MAX + 2,
          },
        });
        for await (const part of parts) {
          if (part.type === 'file') {
            const content = await part.toBuffer();
            if (part.file.truncated) {
              throw new AppError('PAYLOAD_TOO_LARGE', `Фото «${part.filename}» слишком большое.`, [
                { field: 'photos', message: 'слишком большое' },
              ]);
            }
            if (content.length > 0) photos.push({ fileName: part.filename, mediaType: part.mimetype || null, content });
          } else if (part.fieldname === 'payload') {
            try {
              payload = JSON.parse(String(part.value));
            } catch {
              throw new AppError('VALIDATION_FAILED', 'payload: ожидается JSON сообщения.', [
                { field: 'payload', message: 'не JSON' },
              ]);
            }
          }
        }
        const parsed = SubmitPublicMessageSchema.safeParse(payload);
        if (!parsed.success) {
          const fields = parsed.error.issues.map((issue) => ({
            field: issue.path.join('.') || 'payload',
            message: issue.message,
          }));
          throw new AppError(
            'VALIDATION_FAILED',
            `Ошибка в сообщении: ${fields.map((field) => field.message).join('; ')}.`,
            fields,
          );
        }
        const submitted = await service.submitPublicMessage(
          database,
          config,
          request.params.slug,
          parsed.data,
          origin(request),
          photos,
        );
        return reply.status(201).send(submitted);
      },
    );
    app.get(
      '/api/public/status/:token',
      {
        schema: {
          tags,
          summary: 'Страница статуса по секретной ссылке',
          params: TokenParamsSchema,
          response: { 200: PublicCaseStatusSchema, ...errors },
        },
      },
      async (request) => {
        limit(reads, request, 'запросов');
        return service.getPublicStatus(database, request.params.token);
      },
    );
    app.post(
      '/api/public/status/:token/rating',
      {
        schema: {
          tags,
          summary: 'Оценка ответа 1–5',
          params: TokenParamsSchema,
          body: PublicRatingSchema,
          response: { 200: PublicCaseStatusSchema, ...errors },
        },
      },
      async (request) => {
        limit(reactions, request, 'оценок и комментариев');
        return service.ratePublicCase(database, request.params.token, request.body, origin(request));
      },
    );
    app.post(
      '/api/public/status/:token/comments',
      {
        schema: {
          tags,
          summary: 'Комментарий заявителя',
          params: TokenParamsSchema,
          body: PublicCommentSchema,
          response: { 200: PublicCaseStatusSchema, ...errors },
        },
      },
      async (request) => {
        limit(reactions, request, 'оценок и комментариев');
        return service.commentPublicCase(database, request.params.token, request.body, origin(request));
      },
    );
  };
}
