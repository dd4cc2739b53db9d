import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

let server: TestServer;

function account(tenant: string, role: string) {
  const found = server.demoUsers.find((user) => user.role === role && (tenant === '*' || user.tenant === tenant));
  assert.ok(found, `нет демо-пользователя ${role} в ${tenant}`);
  return found;
}

async function signedIn(tenant: string, role: string): Promise<TestHttpClient> {
  const client = new TestHttpClient(server.url);
  const user = account(tenant, role);
  await client.signIn(user.login, user.password);
  return client;
}

let municipalities: string[] = [];

before(async () => {
  server = await startTestServer();
  municipalities = [...new Set(server.demoUsers.filter((user) => user.role === 'admin').map((user) => user.tenant))];
  assert.equal(municipalities.length, 2);
});
after(async () => {
  await server.stop();
});

describe('сообщения: границы муниципалитетов и региона', () => {
  test('пользователь МЦУ видит только свой муниципалитет', async () => {
    const [first] = municipalities;
    assert.ok(first);
    const client = await signedIn(first, 'manager');
    const me = await client.request('GET', '/api/auth/me');
    const list = await client.request('GET', '/api/cases?pageSize=200');
    assert.equal(list.status, 200);
    assert.ok(list.body.total >= 100, `демо-сообщений: ${list.body.total}`);
    for (const item of list.body.items) assert.equal(item.tenantId, me.body.user.tenant.id);
  });

  test('куратор ЦУР видит оба муниципалитета своего региона', async () => {
    const client = await signedIn('*', 'cur_curator');
    const list = await client.request('GET', '/api/cases?pageSize=200');
    const tenantIds = new Set(list.body.items.map((item: { tenantId: string }) => item.tenantId));
    const total = list.body.total;
    assert.equal(tenantIds.size, 2);
    const overview = await client.request('GET', '/api/overview');
    assert.equal(overview.body.total, total);
  });

  test('чужое сообщение отвечает 404, как несуществующее; чужой tenantId в фильтре — 404', async () => {
    const [first, second] = municipalities;
    assert.ok(first && second);
    const foreign = await signedIn(second, 'manager');
    const foreignCase = (await foreign.request('GET', '/api/cases?pageSize=1')).body.items[0];
    const foreignTenantId = (await foreign.request('GET', '/api/auth/me')).body.user.tenant.id;
    const client = await signedIn(first, 'manager');
    const response = await client.request('GET', `/api/cases/${foreignCase.id}`);
    assert.equal(response.status, 404);
    const missing = await client.request('GET', '/api/cases/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    assert.equal(response.body.error.message, missing.body.error.message);
    const filtered = await client.request('GET', `/api/cases?tenantId=${foreignTenantId}`);
    assert.equal(filtered.status, 404);
  });

  test('без входа — 401', async () => {
    const anonymous = new TestHttpClient(server.url);
    assert.equal((await anonymous.request('GET', '/api/cases')).status, 401);
    assert.equal((await anonymous.request('GET', '/api/overview')).status, 401);
  });
});

describe('персональные данные заявителя (152-ФЗ)', () => {
  test('глава видит их скрытыми; ответственный за ПОС — открытыми, и просмотр записан в аудит', async () => {
    const [first] = municipalities;
    assert.ok(first);
    const head = await signedIn(first, 'head');
    const list = await head.request('GET', '/api/cases?pageSize=50');
    const withApplicant = list.body.items[0];
    const masked = await head.request('GET', `/api/cases/${withApplicant.id}`);
    assert.equal(masked.status, 200);
    assert.equal(masked.body.isApplicantMasked, true);
    assert.match(masked.body.applicantName ?? '', /\*\*/);

    const coordinator = await signedIn(first, 'coordinator_pos');
    const open = await coordinator.request('GET', `/api/cases/${withApplicant.id}`);
    assert.equal(open.body.isApplicantMasked, false);
    assert.doesNotMatch(open.body.applicantName, /\*/);
    const audit = await server.server.database.pool.query(
      "select count(*)::int as count from audit_log where action = 'case.personal_data_viewed' and object_id = $1",
      [withApplicant.id],
    );
    assert.equal(audit.rows[0].count, 1);
  });
});

describe('фильтры и ошибки ввода', () => {
  test('фильтры по каналу, статусу и просрочке, поиск без учёта регистра по-русски', async () => {
    const [first] = municipalities;
    assert.ok(first);
    const client = await signedIn(first, 'manager');
    const byChannel = await client.request('GET', '/api/cases?channel=im&pageSize=200');
    assert.ok(byChannel.body.items.length > 0);
    for (const item of byChannel.body.items) assert.equal(item.channel, 'im');
    const overdue = await client.request('GET', '/api/cases?isOverdue=true&pageSize=200');
    for (const item of overdue.body.items) assert.equal(item.isOverdue, true);
    const overview = await client.request('GET', '/api/overview');
    assert.equal(overdue.body.total, overview.body.overdue);

    const sample = byChannel.body.items[0];
    const word = (sample.excerpt.match(/[А-Яа-яЁё]{6,}/) ?? [])[0];
    assert.ok(word, 'в тексте есть русское слово');
    const upper = await client.request('GET', `/api/cases?q=${encodeURIComponent(word.toUpperCase())}&pageSize=200`);
    assert.ok(
      upper.body.items.some((item: { id: string }) => item.id === sample.id),
      `поиск «${word.toUpperCase()}» находит сообщение с «${word}»`,
    );
  });

  test('неверные параметры: 400 с названием поля', async () => {
    const [first] = municipalities;
    assert.ok(first);
    const client = await signedIn(first, 'manager');
    const badChannel = await client.request('GET', '/api/cases?channel=telegraph');
    assert.equal(badChannel.status, 400);
    assert.ok(badChannel.body.error.fields.some((field: { field: string }) => field.field === 'channel'));
    const badPage = await client.request('GET', '/api/cases?pageSize=100000');
    assert.equal(badPage.status, 400);
    assert.ok(badPage.body.error.fields.some((field: { field: string }) => field.field === 'pageSize'));
    const badId = await client.request('GET', '/api/cases/not-a-uuid');
    assert.equal(badId.status, 400);
    assert.ok(badId.body.error.fields.some((field: { field: string }) => field.field === 'id'));
  });

  test('постраничный вывод не теряет и не повторяет сообщения', async () => {
    const [first] = municipalities;
    assert.ok(first);
    const client = await signedIn(first, 'manager');
    const seen = new Set<string>();
    let total = 0;
    for (let page = 1; page <= 20; page += 1) {
      const response = await client.request('GET', `/api/cases?page=${page}&pageSize=37`);
      total = response.body.total;
      for (const item of response.body.items) {
        assert.ok(!seen.has(item.id), 'без повторов');
        seen.add(item.id);
      }
      if (response.body.items.length < 37) break;
    }
    assert.equal(seen.size, total);
  });
});
