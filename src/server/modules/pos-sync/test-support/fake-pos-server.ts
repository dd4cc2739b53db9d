import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PosStatus } from '../../../../shared/contracts/pos-sync.contract.js';
import type { PosAppeal, PosHistoryEntry } from '../pos-platform.client.js';

/**
 * A local stand-in for the ПОС integration API (docs/pos-sync.md), on 127.0.0.1 only: tokens by login,
 * password and scope; paged lists; an appeal's history; actions that change the appeal's status as the
 * platform would; appeals registered by us (POST /appeals, idempotent by externalId). Faults can be queued per path (status, times, Retry-After) and tokens revoked.
 */
export type FakeFault = { method: string; pathPrefix: string; status: number; times: number; retryAfter?: number };

export class FakePosServer {
  readonly credentials = { login: 'mcu-zarechny', password: 'секрет-1', scope: 'appeals municipality:zarechny' };
  readonly regions = [{ id: '42', name: 'Кемеровская область — Кузбасс' }];
  readonly subjects = [
    { id: '10', name: 'Дороги' },
    { id: '20', name: 'ЖКХ' },
  ];
  readonly subsubjects = [
    { id: '101', name: 'Ямы на дорогах', subjectId: '10' },
    { id: '201', name: 'Отопление', subjectId: '20' },
  ];
  readonly appeals = new Map<string, PosAppeal>();
  readonly histories = new Map<string, PosHistoryEntry[]>();
  readonly actions: Array<{ appealId: string; body: Record<string, unknown> }> = [];
  /** Bodies of appeals registered through POST /appeals (repeats by externalId not included). */
  readonly created: Array<Record<string, unknown>> = [];
  readonly faults: FakeFault[] = [];
  /** Items per page of the lists (small, so the client must page). */
  pageSize = 2;
  tokensIssued = 0;
  requests = 0;
  private readonly tokens = new Set<string>();
  private clock = Date.parse('2026-03-02T06:00:00Z');
  private server: http.Server | undefined;
  url = '';

  tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  addAppeal(appeal: Omit<PosAppeal, 'createdAt' | 'updatedAt' | 'status'> & { status?: PosStatus }): PosAppeal {
    const at = this.tick();
    const full: PosAppeal = { status: 'MODERATION_NEW', createdAt: at, updatedAt: at, ...appeal };
    this.appeals.set(full.id, full);
    this.histories.set(full.id, [{ status: full.status, at, answerAt: null, comment: null }]);
    return full;
  }

  /** The platform's side moves an appeal (a moderator, or its back office). */
  setStatus(id: string, status: PosStatus, comment: string | null = null, answerAt: string | null = null): void {
    const appeal = this.appeals.get(id);
    if (!appeal) throw new Error(`нет обращения ${id}`);
    const at = this.tick();
    appeal.status = status;
    appeal.updatedAt = at;
    this.histories.get(id)?.push({ status, at, answerAt, comment });
  }

  revokeTokens(): void {
    this.tokens.clear();
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${address.port}/api/v2`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private send(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    response.end(JSON.stringify(body));
  }

  private async readJson(request: http.IncomingMessage): Promise<Record<string, unknown> | null> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return null;
    }
  }

  private page<Item>(items: Item[], url: URL) {
    const page = Number(url.searchParams.get('page') ?? 0);
    const size = Math.min(this.pageSize, Number(url.searchParams.get('size') ?? this.pageSize));
    return {
      items: items.slice(page * size, (page + 1) * size),
      page,
      totalPages: Math.max(1, Math.ceil(items.length / size)),
    };
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    this.requests += 1;
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/^\/api\/v2/, '');
    const fault = this.faults.find(
      (item) => item.times > 0 && item.method === request.method && path.startsWith(item.pathPrefix),
    );
    if (fault) {
      fault.times -= 1;
      await this.readJson(request);
      this.send(
        response,
        fault.status,
        { error: `сбой ${fault.status}` },
        fault.retryAfter ? { 'retry-after': String(fault.retryAfter) } : {},
      );
      return;
    }
    if (request.method === 'POST' && path === '/auth/token') {
      const body = await this.readJson(request);
      const isValid =
        body?.login === this.credentials.login &&
        body.password === this.credentials.password &&
        body.scope === this.credentials.scope;
      if (!isValid) {
        this.send(response, 401, { error: 'invalid_grant' });
        return;
      }
      this.tokensIssued += 1;
      const token = `token-${this.tokensIssued}`;
      this.tokens.add(token);
      this.send(response, 200, { accessToken: token, expiresIn: 3600 });
      return;
    }
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token)) {
      await this.readJson(request);
      this.send(response, 401, { error: 'invalid_token' });
      return;
    }
    if (request.method === 'GET' && path === '/regions') return this.send(response, 200, this.page(this.regions, url));
    if (request.method === 'GET' && path === '/subjects')
      return this.send(response, 200, this.page(this.subjects, url));
    if (request.method === 'GET' && path === '/subsubjects')
      return this.send(response, 200, this.page(this.subsubjects, url));
    if (request.method === 'GET' && path === '/appeals') {
      const from = url.searchParams.get('updatedFrom');
      const items = [...this.appeals.values()]
        .filter((appeal) => !from || Date.parse(appeal.updatedAt) >= Date.parse(from))
        .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
      return this.send(response, 200, this.page(items, url));
    }
    if (request.method === 'POST' && path === '/appeals') {
      const body = await this.readJson(request);
      if (!body || typeof body.text !== 'string' || body.text.trim() === '' || typeof body.externalId !== 'string') {
        this.send(response, 400, { error: 'text and externalId are required' });
        return;
      }
      const existing = [...this.appeals.values()].find((appeal) => appeal.externalId === body.externalId);
      if (existing) return this.send(response, 200, { id: existing.id, status: existing.status });
      this.created.push(body);
      const appeal = this.addAppeal({
        id: `POS-${this.appeals.size + 1000}`,
        text: body.text,
        subjectId: typeof body.subjectId === 'string' ? body.subjectId : null,
        subsubjectId: typeof body.subsubjectId === 'string' ? body.subsubjectId : null,
        address: typeof body.address === 'string' ? body.address : null,
        externalId: body.externalId,
      });
      return this.send(response, 201, { id: appeal.id, status: appeal.status });
    }
    const history = /^\/appeals\/([^/]+)\/history$/.exec(path);
    if (request.method === 'GET' && history) {
      const items = this.histories.get(decodeURIComponent(history[1] ?? ''));
      return items ? this.send(response, 200, { items }) : this.send(response, 404, { error: 'not found' });
    }
    const action = /^\/appeals\/([^/]+)\/actions$/.exec(path);
    if (request.method === 'POST' && action) {
      const id = decodeURIComponent(action[1] ?? '');
      const body = await this.readJson(request);
      if (!this.appeals.has(id) || !body || typeof body.action !== 'string') {
        this.send(response, 400, { error: 'bad action' });
        return;
      }
      this.actions.push({ appealId: id, body });
      this.setStatus(
        id,
        body.action as PosStatus,
        null,
        body.action === 'SEND_RESPONSE' ? new Date(this.clock).toISOString() : null,
      );
      this.send(response, 200, { status: body.action });
      return;
    }
    this.send(response, 404, { error: 'not found' });
  }
}
