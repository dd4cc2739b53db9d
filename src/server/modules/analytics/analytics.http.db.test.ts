import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

let server: TestServer;

async function signedIn(role: string, tenant = '*'): Promise<TestHttpClient> {
  const user = server.demoUsers.find((item) => item.role === role && (tenant === '*' || item.tenant === tenant));
  assert.ok(user, `нет демо-пользователя ${role}`);
  const client = new TestHttpClient(server.url);
  await client.signIn(user.login, user.password);
  return client;
}

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

const PERIOD = 'from=2024-01-01&to=2026-12-31';

describe('аналитика по HTTP', () => {
  test('рейтинг и тепловая карта отвечают JSON; цифры панели сходятся со списками за ними', async () => {
    const manager = await signedIn('manager');
    const ratings = await manager.request('GET', `/api/analytics/ratings?${PERIOD}`);
    assert.equal(ratings.status, 200);
    assert.equal(ratings.body.entityKind, 'recipient');
    const heatmap = await manager.request('GET', `/api/analytics/heatmap?${PERIOD}`);
    assert.equal(heatmap.status, 200);
    assert.equal(heatmap.body.territoryKind, 'district');
    const total = heatmap.body.cells.reduce((sum: number, cell: { count: number }) => sum + cell.count, 0);
    const dashboard = await manager.request('GET', `/api/analytics/dashboard?${PERIOD}`);
    assert.equal(dashboard.status, 200);
    assert.equal(dashboard.body.received, total);
    assert.ok(total > 0);
    for (const measure of ['received', 'open_now', 'overdue_now', 'answered']) {
      const list = await manager.request('GET', `/api/analytics/cases?${PERIOD}&measure=${measure}&pageSize=1`);
      assert.equal(list.status, 200);
      const key = { received: 'received', open_now: 'openNow', overdue_now: 'overdueNow', answered: 'answered' }[
        measure
      ] as string;
      assert.equal(list.body.total, dashboard.body[key], `мера ${measure}`);
    }
    const cell = heatmap.body.cells[0];
    const drill = await manager.request(
      'GET',
      `/api/analytics/cases?${PERIOD}&territory=${encodeURIComponent(cell.territory)}&topic=${encodeURIComponent(cell.topic)}`,
    );
    assert.equal(drill.body.total, cell.count);
    const csv = await manager.request('GET', `/api/analytics/export?${PERIOD}&table=heatmap&format=csv`);
    assert.equal(csv.status, 200);
  });

  test('куратор ЦУР видит рейтинг муниципалитетов своего региона', async () => {
    const curator = await signedIn('cur_curator');
    const ratings = await curator.request('GET', `/api/analytics/ratings?${PERIOD}`);
    assert.equal(ratings.status, 200);
    assert.equal(ratings.body.entityKind, 'municipality');
    assert.equal(ratings.body.rows.length, 2);
    const heatmap = await curator.request('GET', `/api/analytics/heatmap?${PERIOD}`);
    assert.equal(heatmap.body.territoryKind, 'municipality');
  });

  test('исполнителю аналитика закрыта, без входа — 401, неверный период — 400 с полем', async () => {
    const executor = await signedIn('executor');
    assert.equal((await executor.request('GET', `/api/analytics/ratings?${PERIOD}`)).status, 403);
    const anonymous = new TestHttpClient(server.url);
    assert.equal((await anonymous.request('GET', '/api/analytics/heatmap')).status, 401);
    const manager = await signedIn('manager');
    const bad = await manager.request('GET', '/api/analytics/heatmap?from=2021-13-01');
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body.error.fields), /from/);
    const reversed = await manager.request('GET', '/api/analytics/heatmap?from=2021-03-01&to=2021-02-01');
    assert.equal(reversed.status, 400);
  });

  test('население территорий и веса рейтинга сохраняются и пишутся в аудит', async () => {
    const admin = await signedIn('admin');
    const saved = await admin.request('PUT', '/api/analytics/populations', {
      json: { items: [{ territory: 'Центральный район', population: 120000 }] },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.items[0].population, 120000);
    const settings = await admin.request('PUT', '/api/analytics/settings', {
      json: {
        weights: { timeliness: 0.5, speed: 0.1, completeness: 0.1, quality: 0.1, satisfaction: 0.2 },
        speedNormHours: 72,
        minCases: 3,
      },
    });
    assert.equal(settings.status, 200);
    const ratings = await admin.request('GET', `/api/analytics/ratings?${PERIOD}`);
    assert.equal(ratings.body.settings.minCases, 3);
    const audit = await admin.request('GET', '/api/audit?action=analytics.settings_updated');
    assert.equal(audit.status, 200);
    assert.ok(audit.body.total >= 1, 'изменение весов записано в аудит');
  });
});

describe('нагрузка и разрезы', () => {
  test('разрез «тема × канал» сходится с панелью; сохранённый разрез виден только автору', async () => {
    const manager = await signedIn('manager');
    const dashboard = await manager.request('GET', `/api/analytics/dashboard?${PERIOD}`);
    const slice = await manager.request(
      'GET',
      `/api/analytics/slice?${PERIOD}&rows=category&columns=channel&measure=received`,
    );
    assert.equal(slice.status, 200);
    const sum = slice.body.cells.reduce((total: number, cell: { value: number }) => total + cell.value, 0);
    assert.equal(sum, dashboard.body.received);
    const bad = await manager.request(
      'GET',
      `/api/analytics/slice?${PERIOD}&rows=nope&columns=channel&measure=received`,
    );
    assert.equal(bad.status, 400);
    const saved = await manager.request('POST', '/api/analytics/slices', {
      json: { name: 'Темы по каналам', definition: { rows: 'category', columns: 'channel', measure: 'received' } },
    });
    assert.equal(saved.status, 201);
    assert.equal(saved.body.length, 1);
    const other = await signedIn('coordinator_pos');
    assert.equal((await other.request('GET', '/api/analytics/slices')).body.length, 0);
    assert.equal((await other.request('DELETE', `/api/analytics/slices/${saved.body[0].id}`)).status, 404);
    const xlsx = await manager.request(
      'GET',
      `/api/analytics/export?${PERIOD}&table=slice&rows=category&columns=channel&format=xlsx`,
    );
    assert.equal(xlsx.status, 200);
  });

  test('нагрузка исполнителей: открытые сходятся с панелью', async () => {
    const manager = await signedIn('manager');
    const workload = await manager.request('GET', `/api/analytics/workload?${PERIOD}`);
    assert.equal(workload.status, 200);
    const dashboard = await manager.request('GET', `/api/analytics/dashboard?${PERIOD}`);
    const open = workload.body.executors.reduce((total: number, item: { openNow: number }) => total + item.openNow, 0);
    assert.equal(open, dashboard.body.openNow);
  });
});
