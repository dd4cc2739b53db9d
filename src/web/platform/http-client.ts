import type { ErrorResponse } from '../../shared/contracts/errors.contract.js';

export type FieldError = { field: string; message: string };

/** An answer from the server other than 2xx, or no answer at all (`status` 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  readonly requestId: string | undefined;

  constructor(options: { status: number; code: string; message: string; fields?: FieldError[]; requestId?: string }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.fields = options.fields ?? [];
    this.requestId = options.requestId;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Codes a 401 carries when the credentials typed in a form are wrong, not when the session is gone. */
const CREDENTIAL_ERROR_CODES: ReadonlySet<string> = new Set(['INVALID_CREDENTIALS', 'WRONG_PASSWORD']);

/** True when a 401 means the session has ended (expired, signed out elsewhere) and the user must sign in. */
export function isSessionLost(error: unknown): boolean {
  return isApiError(error) && error.status === 401 && !CREDENTIAL_ERROR_CODES.has(error.code);
}

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

/** Remembers the token from the last sign-in or `GET /api/auth/me`; it goes with every non-GET request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called once per request that answers 401 because the session is gone (see `isSessionLost`). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

export type QueryValue = string | number | boolean | null | undefined;

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  /** Sent as JSON; a FormData (a file upload) is sent as multipart/form-data as it is. */
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Leave a 401 to the caller (sign-in, «who am I»): it is an expected answer, not a lost session. */
  isUnauthorizedExpected?: boolean;
};

export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | null = null;
  if (options.body instanceof FormData) {
    // The browser sets the multipart content type with its boundary itself.
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken !== null) {
    headers['x-csrf-token'] = csrfToken;
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body,
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError({
      status: 0,
      code: 'NETWORK_ERROR',
      message: 'Сервер недоступен. Проверьте подключение к сети и повторите попытку.',
    });
  }

  if (response.ok) {
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }

  const error = await readError(response);
  if (isSessionLost(error) && !options.isUnauthorizedExpected) {
    unauthorizedHandler?.();
  }
  throw error;
}

function buildUrl(path: string, query: Record<string, QueryValue> | undefined): string {
  if (query === undefined) {
    return path;
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

async function readError(response: Response): Promise<ApiError> {
  const body = await response.json().catch(() => null);
  if (isErrorResponse(body)) {
    const { code, message, fields, requestId } = body.error;
    return new ApiError({
      status: response.status,
      code,
      message,
      ...(fields ? { fields } : {}),
      ...(requestId ? { requestId } : {}),
    });
  }
  return new ApiError({
    status: response.status,
    code: `HTTP_${response.status}`,
    message:
      response.status >= 500
        ? `Сервер не смог выполнить запрос (код ${response.status}). Повторите попытку позже.`
        : `Сервер отклонил запрос (код ${response.status}).`,
  });
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  if (typeof body !== 'object' || body === null || !('error' in body)) {
    return false;
  }
  const error: unknown = body.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}
