import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
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
