import type { ChangePasswordInput, LoginInput, SessionResponse } from '../../../../shared/contracts/auth.contract.js';
import { isApiError, requestJson, setCsrfToken } from '../../../platform/http-client.js';

/** The current session, or null when nobody is signed in (the server answers 401). */
export async function fetchSession(signal?: AbortSignal): Promise<SessionResponse | null> {
  try {
    const session = await requestJson<SessionResponse>('/api/auth/me', { signal, isUnauthorizedExpected: true });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export async function signIn(input: LoginInput): Promise<SessionResponse> {
  const session = await requestJson<SessionResponse>('/api/auth/login', {
    method: 'POST',
    body: input,
    isUnauthorizedExpected: true,
  });
  setCsrfToken(session.csrfToken);
  return session;
}

export async function signOut(): Promise<void> {
  try {
    await requestJson<void>('/api/auth/logout', { method: 'POST', isUnauthorizedExpected: true });
  } catch (error) {
    // A session that has already ended is as good as a signed-out one.
    if (!(isApiError(error) && error.status === 401)) {
      throw error;
    }
  } finally {
    setCsrfToken(null);
  }
}

export async function changePassword(input: ChangePasswordInput): Promise<void> {
  await requestJson<void>('/api/auth/password', { method: 'POST', body: input });
}
