import assert from 'node:assert/strict';

/** A tiny cookie-keeping client for HTTP tests against a listening test server. */
export class TestHttpClient {
  private cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(private readonly baseUrl: string) {}

  async request(
    method: string,
    path: string,
    options: {
      json?: unknown;
      form?: FormData;
      headers?: Record<string, string>;
      withCsrf?: boolean;
      timeoutMs?: number;
    } = {},
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON a route answers
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    if ((options.withCsrf ?? true) && this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
      ...(options.form ? { body: options.form } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    const setCookie = response.headers.getSetCookie();
    for (const line of setCookie) {
      const [pair] = line.split(';');
      if (pair?.startsWith('otklik_session=')) {
        this.cookie = pair.endsWith('=') || /expires=Thu, 01 Jan 1970/i.test(line) ? undefined : pair;
      }
    }
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('application/json');
    return { status: response.status, body: isJson && text ? JSON.parse(text) : text, headers: response.headers };
  }

  // biome-ignore lint/suspicious/noExplicitAny: the session body is checked by the caller
  async signIn(login: string, password: string): Promise<any> {
    const response = await this.request('POST', '/api/auth/login', { json: { login, password } });
    assert.equal(response.status, 200, `вход ${login}: ${JSON.stringify(response.body)}`);
    this.csrfToken = response.body.csrfToken;
    return response.body;
  }

  get hasSessionCookie(): boolean {
    return this.cookie !== undefined;
  }
}
