import type { PosStatus } from '../../../shared/contracts/pos-sync.contract.js';

/**
 * A client of the ПОС integration API (docs/pos-sync.md): a token by login, password and scope; paged
 * lists of regions, subjects, subsubjects and appeals; an appeal's status history; actions back. A 401 on a
 * call gets one fresh token and one more try; 429, 5xx and network faults are retried with a growing pause
 * (Retry-After honoured up to a cap); anything else is a PosPlatformError at once.
 */
export type PosCredentials = { baseUrl: string; login: string; password: string; scope: string };

export type PosPage<Item> = { items: Item[]; page: number; totalPages: number };
export type PosRegion = { id: string; name: string };
export type PosSubject = { id: string; name: string };
export type PosSubsubject = { id: string; name: string; subjectId: string };
export type PosAuthor = { name?: string | null; phone?: string | null; email?: string | null };
export type PosAppeal = {
  id: string;
  number?: string | null;
  text: string;
  subjectId?: string | null;
  subsubjectId?: string | null;
  regionId?: string | null;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  author?: PosAuthor | null;
  createdAt: string;
  updatedAt: string;
  status: PosStatus;
  isFastTrack?: boolean;
  isFz59?: boolean;
  /** Our reference, on appeals we registered on the platform (createAppeal): the case id. */
  externalId?: string | null;
};
/**
 * An appeal we register on the platform for a case that came through another channel. `externalId` is
 * our case id: the platform answers a repeat with the same appeal, so a retried call registers nothing twice.
 */
export type PosNewAppeal = {
  externalId: string;
  text: string;
  subjectId: string | null;
  subsubjectId: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  author: { name: string | null; phone: string | null; email: string | null };
  createdAt: string;
  isFz59: boolean;
};
export type PosHistoryEntry = { status: PosStatus; at: string; answerAt?: string | null; comment?: string | null };
export type PosAction = {
  action: PosStatus;
  comment?: string;
  executor?: { id: string | null; name: string | null };
  organisation?: string;
  answer?: { text: string; result: string | null };
  postponeUntil?: string;
};

export class PosPlatformError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    /** Worth trying again later (429, 5xx, network). */
    readonly isTemporary: boolean,
  ) {
    super(message);
    this.name = 'PosPlatformError';
  }
}

export type PosClientOptions = {
  /** Tries of one call on 429/5xx/network faults (the first included). */
  attempts?: number;
  /** The pause before the second try; doubled each time. */
  retryDelayMs?: number;
  /** The longest pause a Retry-After may ask for. */
  retryDelayMaxMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
};

const PAGE_SIZE = 100;
const PAGES_MAX = 1000;

export class PosPlatformClient {
  private token: { value: string; expiresAt: number } | undefined;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly retryDelayMaxMs: number;
  private readonly timeoutMs: number;
  private readonly fetcher: typeof fetch;
  /** How many tokens were taken (tests check the re-authentication). */
  tokensTaken = 0;

  constructor(
    private readonly credentials: PosCredentials,
    options: PosClientOptions = {},
  ) {
    this.attempts = options.attempts ?? 4;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.retryDelayMaxMs = options.retryDelayMaxMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.fetcher = options.fetch ?? fetch;
  }

  private url(path: string, query: Record<string, string | number | undefined> = {}): string {
    const base = this.credentials.baseUrl.replace(/\/+$/, '');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const search = params.toString();
    return `${base}${path}${search ? `?${search}` : ''}`;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    let lastError: PosPlatformError | undefined;
    for (let attempt = 1; attempt <= this.attempts; attempt += 1) {
      let response: Response;
      try {
        response = await this.fetcher(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
      } catch (error) {
        lastError = new PosPlatformError(
          `ПОС недоступен: ${error instanceof Error ? error.message : String(error)}`,
          null,
          true,
        );
        await this.pause(attempt, null);
        continue;
      }
      if (response.status === 429 || response.status >= 500) {
        lastError = new PosPlatformError(
          `ПОС ответил ${response.status}${response.status === 429 ? ' (слишком много запросов)' : ''}`,
          response.status,
          true,
        );
        await response.body?.cancel();
        if (attempt < this.attempts) await this.pause(attempt, response.headers.get('retry-after'));
        continue;
      }
      return response;
    }
    throw lastError ?? new PosPlatformError('ПОС не ответил', null, true);
  }

  private async pause(attempt: number, retryAfter: string | null): Promise<void> {
    const asked = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : null;
    const delay = Math.min(this.retryDelayMaxMs, asked ?? this.retryDelayMs * 2 ** (attempt - 1));
    await new Promise((resolve) => setTimeout(resolve, delay));
  }

  async authenticate(): Promise<string> {
    const response = await this.send(this.url('/auth/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        login: this.credentials.login,
        password: this.credentials.password,
        scope: this.credentials.scope,
      }),
    });
    if (!response.ok) {
      throw new PosPlatformError(
        response.status === 401 || response.status === 403
          ? 'ПОС отклонил логин, пароль или scope интеграции'
          : `ПОС не выдал токен: ${response.status}`,
        response.status,
        false,
      );
    }
    const body = (await response.json()) as { accessToken?: unknown; expiresIn?: unknown };
    if (typeof body.accessToken !== 'string' || body.accessToken === '')
      throw new PosPlatformError('ПОС прислал ответ без токена', response.status, false);
    const lifetime = typeof body.expiresIn === 'number' ? body.expiresIn : 300;
    this.token = { value: body.accessToken, expiresAt: Date.now() + Math.max(10, lifetime - 10) * 1000 };
    this.tokensTaken += 1;
    return body.accessToken;
  }

  private async call<Result>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<Result> {
    for (let round = 0; round < 2; round += 1) {
      const token = this.token && this.token.expiresAt > Date.now() ? this.token.value : await this.authenticate();
      const response = await this.send(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (response.status === 401 && round === 0) {
        await response.body?.cancel();
        this.token = undefined; // expired or revoked: one fresh token, one more try
        continue;
      }
      if (!response.ok) {
        const text = (await response.text()).slice(0, 300);
        throw new PosPlatformError(`ПОС ответил ${response.status}: ${text}`, response.status, false);
      }
      return (await response.json()) as Result;
    }
    throw new PosPlatformError('ПОС отклоняет токен даже после повторного входа', 401, false);
  }

  private async listAll<Item>(path: string, query: Record<string, string | undefined> = {}): Promise<Item[]> {
    const items: Item[] = [];
    for (let page = 0; page < PAGES_MAX; page += 1) {
      const result = await this.call<PosPage<Item>>('GET', this.url(path, { ...query, page, size: PAGE_SIZE }));
      if (!Array.isArray(result.items)) throw new PosPlatformError(`ПОС: в ответе ${path} нет items`, 200, false);
      items.push(...result.items);
      if (page + 1 >= (result.totalPages ?? 1)) break;
    }
    return items;
  }

  listRegions(): Promise<PosRegion[]> {
    return this.listAll('/regions');
  }

  listSubjects(): Promise<PosSubject[]> {
    return this.listAll('/subjects');
  }

  listSubsubjects(): Promise<PosSubsubject[]> {
    return this.listAll('/subsubjects');
  }

  /** Appeals changed at or after `updatedFrom` (all when absent), oldest first. */
  listAppeals(updatedFrom: string | null): Promise<PosAppeal[]> {
    return this.listAll('/appeals', { updatedFrom: updatedFrom ?? undefined });
  }

  async getHistory(appealId: string): Promise<PosHistoryEntry[]> {
    const result = await this.call<{ items: PosHistoryEntry[] }>(
      'GET',
      this.url(`/appeals/${encodeURIComponent(appealId)}/history`),
    );
    return Array.isArray(result.items) ? result.items : [];
  }

  /** Registers an appeal on the platform; answers its id there (the same id again for a repeated externalId). */
  async createAppeal(appeal: PosNewAppeal): Promise<{ id: string; status: string | null }> {
    const result = await this.call<{ id?: unknown; status?: unknown }>('POST', this.url('/appeals'), appeal);
    if ((typeof result.id !== 'string' && typeof result.id !== 'number') || String(result.id) === '')
      throw new PosPlatformError('ПОС не вернул номер зарегистрированного обращения', 200, false);
    return { id: String(result.id), status: typeof result.status === 'string' ? result.status : null };
  }

  async sendAction(appealId: string, action: PosAction): Promise<void> {
    await this.call('POST', this.url(`/appeals/${encodeURIComponent(appealId)}/actions`), action);
  }
}
