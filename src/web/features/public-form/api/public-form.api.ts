import type {
  PublicCaseStatus,
  PublicForm,
  SubmitPublicMessageInput,
  SubmittedPublicMessage,
} from '../../../../shared/contracts/public-form.contract.js';
import { ApiError } from '../../../platform/http-client.js';

/**
 * Calls of the public pages. No cookie is sent (`credentials: 'omit'`): a resident has no session, and a
 * staff member opening the form must not be taken for a signed-in request (CSRF).
 */
async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      credentials: 'omit',
      headers: { accept: 'application/json', ...init.headers },
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'NETWORK_ERROR',
      message: 'Сервер недоступен. Проверьте подключение и повторите.',
    });
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body?.error;
    throw new ApiError({
      status: response.status,
      code: error?.code ?? `HTTP_${response.status}`,
      message: error?.message ?? `Сервер отклонил запрос (код ${response.status}).`,
      fields: error?.fields ?? [],
    });
  }
  return body as T;
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export function fetchPublicForm(slug: string): Promise<PublicForm> {
  return call(`/api/public/m/${encodeURIComponent(slug)}/form`);
}

export function submitPublicMessage(
  slug: string,
  input: SubmitPublicMessageInput,
  photos: File[],
): Promise<SubmittedPublicMessage> {
  if (photos.length === 0) return call(`/api/public/m/${encodeURIComponent(slug)}/messages`, json(input));
  const body = new FormData();
  body.append('payload', JSON.stringify(input));
  for (const photo of photos) body.append('photo', photo, photo.name);
  return call(`/api/public/m/${encodeURIComponent(slug)}/messages-with-photos`, { method: 'POST', body });
}

export function fetchPublicStatus(token: string): Promise<PublicCaseStatus> {
  return call(`/api/public/status/${encodeURIComponent(token)}`);
}

export function ratePublicCase(token: string, rating: number, comment: string): Promise<PublicCaseStatus> {
  return call(
    `/api/public/status/${encodeURIComponent(token)}/rating`,
    json({ rating, ...(comment ? { comment } : {}) }),
  );
}

export function commentPublicCase(token: string, text: string): Promise<PublicCaseStatus> {
  return call(`/api/public/status/${encodeURIComponent(token)}/comments`, json({ text }));
}
