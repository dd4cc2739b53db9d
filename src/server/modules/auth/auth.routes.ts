import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChangePasswordSchema, LoginSchema, SessionResponseSchema } from '../../../shared/contracts/auth.contract.js';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import { originOf, requireAuth, SESSION_COOKIE } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as authService from './auth.service.js';

export function authRoutes(dependencies: AppDependencies): FastifyPluginAsyncZod {
  const { database, config } = dependencies;
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.isSecureCookies,
  };
  return async (app) => {
    app.post(
      '/api/auth/login',
      {
        schema: {
          tags: ['Вход'],
          summary: 'Вход по логину и паролю: ставит cookie сессии и возвращает CSRF-токен',
          body: LoginSchema,
          response: { 200: SessionResponseSchema, 401: ErrorResponseSchema, 429: ErrorResponseSchema },
        },
        config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const result = await authService.login(database, request.body, originOf(request), config.sessionHours);
        void reply.setCookie(SESSION_COOKIE, result.sessionToken, { ...cookieOptions, expires: result.expiresAt });
        return { user: result.user, csrfToken: result.csrfToken };
      },
    );

    app.get(
      '/api/auth/me',
      {
        schema: {
          tags: ['Вход'],
          summary: 'Текущий пользователь и CSRF-токен сессии',
          response: { 200: SessionResponseSchema, 401: ErrorResponseSchema },
        },
      },
      async (request) => authService.presentSession(requireAuth(request)),
    );

    app.post(
      '/api/auth/logout',
      { schema: { tags: ['Вход'], summary: 'Выход: закрывает сессию', response: { 204: z.null() } } },
      async (request, reply) => {
        const context = requireAuth(request);
        await authService.logout(database, context, originOf(request));
        void reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/auth/password',
      {
        schema: {
          tags: ['Вход'],
          summary: 'Смена пароля; другие сессии пользователя закрываются',
          body: ChangePasswordSchema,
          response: { 204: z.null(), 400: ErrorResponseSchema },
        },
      },
      async (request, reply) => {
        const context = requireAuth(request);
        await authService.changePassword(database, context, request.body, originOf(request));
        return reply.status(204).send(null);
      },
    );
  };
}
