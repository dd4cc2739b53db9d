/**
 * The one error model. A service throws AppError with a stable code; the HTTP layer maps the code to a
 * status in one exhaustive switch and answers `{ error: { code, message, requestId, fields? } }`.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_DISABLED'
  | 'TOO_MANY_ATTEMPTS'
  | 'RATE_LIMITED'
  | 'CSRF_TOKEN_INVALID'
  | 'FORBIDDEN'
  | 'WRONG_PASSWORD'
  | 'NOT_FOUND'
  | 'CASE_NOT_FOUND'
  | 'TENANT_NOT_FOUND'
  | 'LOGIN_TAKEN'
  | 'PERSON_HAS_ACTED'
  | 'ROLE_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'URI_TOO_LONG'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'CONFLICT'
  | 'ACTION_NOT_AVAILABLE'
  | 'ACTION_NOT_ALLOWED_IN_STATE'
  | 'ACTION_FORBIDDEN'
  | 'GUARD_FAILED'
  | 'VERSION_CONFLICT'
  | 'ATTACHMENT_TYPE_NOT_ALLOWED'
  | 'ATTACHMENT_TYPE_MISMATCH'
  | 'ATTACHMENT_LIMIT_REACHED'
  | 'ATTACHMENT_IN_USE'
  | 'INVALID_CURSOR'
  | 'IMPORT_REJECTED'
  | 'SERVICE_UNAVAILABLE'
  | 'APPEAL_ALREADY_REGISTERED'
  | 'DUPLICATE_SUSPECTED'
  | 'UPSTREAM_FAILED'
  | 'API_KEY_INVALID'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INTERNAL';

export type FieldError = { field: string; message: string };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
    readonly retryAfterSeconds?: number,
    /** Extra facts for the client (e.g. what changed since the version it had). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'WRONG_PASSWORD':
    case 'ROLE_NOT_ALLOWED':
    case 'INVALID_CURSOR':
      return 400;
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
      return 401;
    case 'ACCOUNT_DISABLED':
    case 'ACTION_FORBIDDEN':
    case 'CSRF_TOKEN_INVALID':
    case 'FORBIDDEN':
    case 'API_KEY_INVALID':
      return 403;
    case 'NOT_FOUND':
    case 'CASE_NOT_FOUND':
    case 'TENANT_NOT_FOUND':
      return 404;
    case 'LOGIN_TAKEN':
    case 'PERSON_HAS_ACTED':
    case 'CONFLICT':
    case 'ACTION_NOT_AVAILABLE':
    case 'ACTION_NOT_ALLOWED_IN_STATE':
    case 'GUARD_FAILED':
    case 'VERSION_CONFLICT':
    case 'APPEAL_ALREADY_REGISTERED':
    case 'DUPLICATE_SUSPECTED':
    case 'ATTACHMENT_LIMIT_REACHED':
    case 'ATTACHMENT_IN_USE':
      return 409;
    case 'IMPORT_REJECTED':
      return 422;
    case 'UPSTREAM_FAILED':
      return 502;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'URI_TOO_LONG':
      return 414;
    case 'UNSUPPORTED_MEDIA_TYPE':
    case 'ATTACHMENT_TYPE_NOT_ALLOWED':
    case 'ATTACHMENT_TYPE_MISMATCH':
      return 415;
    case 'IDEMPOTENCY_KEY_REUSED':
      return 422;
    case 'TOO_MANY_ATTEMPTS':
    case 'RATE_LIMITED':
      return 429;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    case 'INTERNAL':
      return 500;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

export const notFound = (message = 'Запрошенный объект не найден или недоступен.') =>
  new AppError('NOT_FOUND', message);
export const forbidden = (message = 'Недостаточно прав для этого действия.') => new AppError('FORBIDDEN', message);
