import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

test('/api/health: 200 {"status":"ok"} с актуальными миграциями', async () => {
  const response = await fetch(`${server.url}/api/health`);
  assert.equal(response.status, 200);
  const body = (await response.json()) as { status: string; migrations: { isCurrent: boolean; applied: number } };
  assert.equal(body.status, 'ok');
  assert.equal(body.migrations.isCurrent, true);
  assert.ok(body.migrations.applied >= 1);
});

test('/api/health: 503, если в базе не хватает миграций', async () => {
  const pool = server.server.database.pool;
  const saved = await pool.query('select * from drizzle.__drizzle_migrations order by id desc limit 1');
  await pool.query('delete from drizzle.__drizzle_migrations where id = $1', [saved.rows[0].id]);
  try {
    const response = await fetch(`${server.url}/api/health`);
    assert.equal(response.status, 503);
    assert.equal(((await response.json()) as { status: string }).status, 'degraded');
  } finally {
    await pool.query('insert into drizzle.__drizzle_migrations (id, hash, created_at) values ($1, $2, $3)', [
      saved.rows[0].id,
      saved.rows[0].hash,
      saved.rows[0].created_at,
    ]);
  }
});

test('/metrics: текст Prometheus со счётчиком запросов', async () => {
  await fetch(`${server.url}/api/health`);
  const response = await fetch(`${server.url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/plain/);
  const text = await response.text();
  assert.match(text, /# TYPE otklik_http_requests_total counter/);
  assert.match(text, /otklik_http_requests_total\{[^}]*route="\/api\/health"[^}]*\} \d+/);
  assert.match(text, /otklik_process_resident_memory_bytes/);
});

test('/api/docs: OpenAPI-документ описывает вход, сообщения и здоровье', async () => {
  const response = await fetch(`${server.url}/api/docs/json`);
  assert.equal(response.status, 200);
  const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
  assert.match(document.openapi, /^3\./);
  for (const path of ['/api/auth/login', '/api/auth/password', '/api/cases', '/api/cases/{id}', '/api/health']) {
    assert.ok(document.paths[path], `нет ${path}`);
  }
  const page = await fetch(`${server.url}/api/docs`, { redirect: 'follow' });
  assert.equal(page.status, 200);
});

test('неизвестный адрес API — 404 в общей модели ошибок, с номером запроса', async () => {
  const response = await fetch(`${server.url}/api/nothing-here`, { headers: { 'x-request-id': 'test-req-42' } });
  assert.equal(response.status, 404);
  assert.equal(response.headers.get('x-request-id'), 'test-req-42');
  const body = (await response.json()) as { error: { code: string; requestId: string } };
  assert.equal(body.error.code, 'NOT_FOUND');
  assert.equal(body.error.requestId, 'test-req-42');
});

test('заголовки безопасности: CSP без принудительного https в локальной сети, без HSTS по HTTP', async () => {
  const response = await fetch(`${server.url}/api/health`);
  const policy = response.headers.get('content-security-policy') ?? '';
  assert.match(policy, /default-src 'self'/);
  assert.doesNotMatch(policy, /upgrade-insecure-requests/);
  assert.equal(response.headers.get('strict-transport-security'), null);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
});
