import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthContext } from '../auth/auth-context.js';
import { AppError } from '../errors.js';

export const SESSION_COOKIE = 'otklik_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type SessionResolver = (token: string) => Promise<AuthContext | undefined>;

/**
 * Resolves the session cookie on every /api request and enforces CSRF: a state-changing request that
 * rides on a session must carry that session's token in `x-csrf-token`.
 */
export function registerAuthHooks(app: FastifyInstance, resolveSession: SessionResolver): void {
  app.decorateRequest('auth', undefined);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    request.auth = await resolveSession(token);
    if (request.auth && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !isSameToken(sent, request.auth.csrfToken)) {
        throw new AppError(
          'CSRF_TOKEN_INVALID',
          'Запрос отклонён: нет или неверен токен защиты от подделки (x-csrf-token). Обновите страницу.',
        );
      }
    }
  });
}

function isSameToken(sent: string, expected: string): boolean {
  const left = Buffer.from(sent);
  const right = Buffer.from(expected);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/** For routes: the caller, or 401. */
export function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('UNAUTHENTICATED', 'Требуется вход в систему.');
  return request.auth;
}

export function originOf(request: FastifyRequest) {
  const userAgent = request.headers['user-agent'];
  return { ipAddress: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : null, requestId: request.id };
}
