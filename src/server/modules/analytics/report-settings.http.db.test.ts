import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { createTenant } from '../organization/index.js';

let server: TestServer;

async function signedIn(role: string, tenant = '*'): Promise<TestHttpClient & { userId: string }> {
  const user = server.demoUsers.find((item) => item.role === role && (tenant === '*' || item.tenant === tenant));
  assert.ok(user, `нет демо-пользователя ${role}`);
  const client = new TestHttpClient(server.url);
  const session = await client.signIn(user.login, user.password);
  return Object.assign(client, { userId: session.user.id as string });
}

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

const municipalities = () => [
  ...new Set(server.demoUsers.filter((item) => item.role === 'manager').map((item) => item.tenant)),
];

const SCHEDULE = { weekday: 2, time: '08:15', timezone: 'Asia/Novokuznetsk', isEnabled: true, emails: [] as string[] };

describe('расписание отчётов по HTTP', () => {
  test('права: глава читает, руководитель меняет, исполнитель и координатор — 403, без входа — 401', async () => {
    const [first] = municipalities();
    const head = await signedIn('head', first);
    const shown = await head.request('GET', '/api/analytics/report-schedule');
    assert.equal(shown.status, 200);
    assert.equal(shown.body.isDefault, true);
    assert.equal(shown.body.weekday, 1);
    const headPut = await head.request('PUT', '/api/analytics/report-schedule', {
      json: { ...SCHEDULE, subscriberUserIds: [] },
    });
    assert.equal(headPut.status, 403);
    for (const role of ['executor', 'coordinator_im']) {
      const other = await signedIn(role, first);
      assert.equal((await other.request('GET', '/api/analytics/report-schedule')).status, 403, role);
    }
    assert.equal((await new TestHttpClient(server.url).request('GET', '/api/analytics/report-schedule')).status, 401);
  });

  test('неверные данные — 400 с полем; сохранение пишется в аудит', async () => {
    const [first, second] = municipalities();
    const manager = await signedIn('manager', first);
    const foreign = await signedIn('manager', second);
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ ...SCHEDULE, time: '25:00', subscriberUserIds: [] }, 'time'],
      [{ ...SCHEDULE, weekday: 8, subscriberUserIds: [] }, 'weekday'],
      [{ ...SCHEDULE, timezone: 'Europe/Nowhere', subscriberUserIds: [] }, 'timezone'],
      [{ ...SCHEDULE, emails: ['glava@'], subscriberUserIds: [] }, 'emails.0'],
      [{ ...SCHEDULE, subscriberUserIds: [manager.userId, foreign.userId] }, 'subscriberUserIds.1'],
    ];
    for (const [body, field] of bad) {
      const response = await manager.request('PUT', '/api/analytics/report-schedule', { json: body });
      assert.equal(response.status, 400, field);
      assert.deepEqual(
        response.body.error.fields.map((item: { field: string }) => item.field),
        [field],
      );
    }
    const saved = await manager.request('PUT', '/api/analytics/report-schedule', {
      json: { ...SCHEDULE, emails: ['press@example.ru'], subscriberUserIds: [manager.userId] },
    });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.isDefault, false);
    assert.equal(saved.body.time, '08:15');
    assert.deepEqual(
      saved.body.subscribers.map((item: { userId: string }) => item.userId),
      [manager.userId],
    );
    const audit = await manager.request('GET', '/api/audit?action=analytics.report_schedule_updated');
    assert.equal(audit.status, 200);
    assert.equal(audit.body.total, 1);
    assert.equal(audit.body.items[0].after.time, '08:15');
    // The other municipality's schedule is its own: still the default.
    const other = await foreign.request('GET', '/api/analytics/report-schedule');
    assert.equal(other.body.isDefault, true);
  });
});

describe('показатели КПЭ по HTTP', () => {
  const definition = {
    name: 'Решено от ответов',
    formula: 'resolved / answered * 100',
    comparison: 'at_least',
    target: 40,
    weight: 1,
    channel: null,
    isActive: true,
  };

  test('права: МЦУ читает и не меняет (403), чужой муниципалитет — 404, ЦУР меняет', async () => {
    const [first, second] = municipalities();
    const manager = await signedIn('manager', first);
    const foreign = await signedIn('manager', second);
    const own = await manager.request('GET', '/api/analytics/kpi-definitions');
    assert.equal(own.status, 200);
    assert.equal(own.body.source, 'defaults');
    assert.equal(own.body.canEdit, false);
    const foreignId = (await foreign.request('GET', '/api/analytics/kpi-definitions')).body.tenantId;
    assert.equal((await manager.request('GET', `/api/analytics/kpi-definitions?tenantId=${foreignId}`)).status, 404);
    const put = await manager.request('PUT', '/api/analytics/kpi-definitions', { json: { definitions: [definition] } });
    assert.equal(put.status, 403);
    const executor = await signedIn('executor', first);
    assert.equal((await executor.request('GET', '/api/analytics/kpi-definitions')).status, 403);
    const curator = await signedIn('cur_curator');
    assert.equal(
      (
        await curator.request('PUT', '/api/analytics/kpi-definitions?tenantId=00000000-0000-4000-8000-000000000000', {
          json: { definitions: [definition] },
        })
      ).status,
      404,
    );
  });

  test('неверная формула — 400 с полем; ЦУР сохраняет версию, XLSX отчёта читается с новыми показателями', async () => {
    const [first] = municipalities();
    const curator = await signedIn('cur_curator');
    const bad = await curator.request('PUT', '/api/analytics/kpi-definitions', {
      json: { definitions: [definition, { ...definition, formula: 'resolved / answred * 100' }] },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.fields[0].field, 'definitions.1.formula');
    assert.match(bad.body.error.fields[0].message, /неизвестная мера «answred»/);
    const noWeight = await curator.request('PUT', '/api/analytics/kpi-definitions', {
      json: { definitions: [{ ...definition, weight: 0 }] },
    });
    assert.equal(noWeight.status, 400);
    assert.equal(noWeight.body.error.fields[0].field, 'definitions');

    const saved = await curator.request('PUT', '/api/analytics/kpi-definitions', {
      json: { definitions: [definition], comment: 'новая методика' },
    });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.version, 1);
    assert.equal(saved.body.canEdit, true);
    assert.equal(saved.body.history.length, 1);

    const manager = await signedIn('manager', first);
    const inherited = await manager.request('GET', '/api/analytics/kpi-definitions');
    assert.equal(inherited.body.source, 'region');
    assert.equal(inherited.body.definitions[0].name, 'Решено от ответов');

    const generated = await manager.request('POST', '/api/analytics/reports', {
      json: { kind: 'kpi', period: '2025-Q4' },
    });
    assert.equal(generated.status, 201);
    const file = generated.body.items.find((item: { kind: string; period: string }) => item.kind === 'kpi');
    assert.ok(file);
    const response = await fetch(`${server.url}/api/analytics/reports/${file.id}/file`, {
      headers: { cookie: (manager as unknown as { cookie: string }).cookie },
    });
    assert.equal(response.status, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const names: string[] = [];
    workbook.getWorksheet('КПЭ')?.eachRow((row) => names.push(String(row.getCell(1).value)));
    assert.ok(names.includes('Решено от ответов'));
    assert.ok(!names.includes('Доля ответов в срок'));
    // Another municipality's person cannot fetch this file: 404.
    const [, second] = municipalities();
    const foreign = await signedIn('manager', second);
    const foreignFetch = await foreign.request('GET', `/api/analytics/reports/${file.id}/file`);
    assert.equal(foreignFetch.status, 404);
  });

  test('«Восстановить» версию: её набор сохраняется новой версией N+1, история не переписывается, аудит; МЦУ — 403, чужой регион — 404', async () => {
    const curator = await signedIn('cur_curator');
    const second = { ...definition, name: 'Оценки 4–5', formula: 'rated_high / rated * 100', target: 60, weight: 0.5 };
    const kept = await curator.request('PUT', '/api/analytics/kpi-definitions', {
      json: { definitions: [definition, second], comment: 'методика ЦУР 2025' },
    });
    assert.equal(kept.status, 200);
    const k: number = kept.body.version;
    const wrong = await curator.request('PUT', '/api/analytics/kpi-definitions', {
      json: { definitions: [{ ...definition, target: 70 }], comment: 'ошибочная правка' },
    });
    assert.equal(wrong.body.version, k + 1);

    const shown = await curator.request('GET', `/api/analytics/kpi-definitions/versions/${k}`);
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.body.definitions, kept.body.definitions);

    const restored = await curator.request('POST', `/api/analytics/kpi-definitions/versions/${k}/restore`, {
      json: { comment: 'правка отменена' },
    });
    assert.equal(restored.status, 200);
    assert.equal(restored.body.version, k + 2);
    assert.deepEqual(restored.body.definitions, kept.body.definitions);
    assert.equal(restored.body.comment, `Восстановлена версия ${k}: правка отменена`);
    assert.deepEqual(restored.body.history.map((item: { version: number }) => item.version).slice(0, 3), [
      k + 2,
      k + 1,
      k,
    ]);
    assert.equal(restored.body.history.length, k + 2, 'все прежние версии на месте');
    const stillWrong = await curator.request('GET', `/api/analytics/kpi-definitions/versions/${k + 1}`);
    assert.equal(stillWrong.body.definitions[0].target, 70, 'версия N не переписана');

    const audit = await server.server.database.pool.query<{
      after: { version: number };
      details: { restoredVersion: number };
    }>(`select after, details from audit_log where action = 'analytics.kpi_definitions_restored'`);
    assert.equal(audit.rows.length, 1);
    assert.equal(audit.rows[0]?.after.version, k + 2);
    assert.equal(audit.rows[0]?.details.restoredVersion, k);

    // The municipality inherits the restored set.
    const [first] = municipalities();
    const manager = await signedIn('manager', first);
    const inherited = await manager.request('GET', '/api/analytics/kpi-definitions');
    assert.equal(inherited.body.version, k + 2);
    assert.deepEqual(inherited.body.definitions, kept.body.definitions);
    // МЦУ staff read the definitions, they do not restore them.
    const denied = await manager.request('POST', `/api/analytics/kpi-definitions/versions/${k}/restore`, { json: {} });
    assert.equal(denied.status, 403);

    assert.equal(
      (await curator.request('POST', '/api/analytics/kpi-definitions/versions/999/restore', { json: {} })).status,
      404,
    );
    const badNumber = await curator.request('POST', '/api/analytics/kpi-definitions/versions/abc/restore', {
      json: {},
    });
    assert.equal(badNumber.status, 400);
    assert.equal(badNumber.body.error.fields[0].field, 'version');

    // Another region's version: not visible, not restorable, left as it was.
    const otherRegion = await createTenant(server.server.database, {
      slug: 'drugoy-region',
      name: 'Другой регион',
      shortName: 'Другой',
      kind: 'region',
      parentSlug: null,
      timezone: 'Europe/Moscow',
    });
    await server.server.database.pool.query(
      `insert into kpi_definition_versions (tenant_id, version, definitions, comment) values ($1, 1, $2::jsonb, 'чужая')`,
      [otherRegion.id, JSON.stringify([definition])],
    );
    const query = `?tenantId=${otherRegion.id}`;
    assert.equal((await curator.request('GET', `/api/analytics/kpi-definitions/versions/1${query}`)).status, 404);
    const foreign = await curator.request('POST', `/api/analytics/kpi-definitions/versions/1/restore${query}`, {
      json: {},
    });
    assert.equal(foreign.status, 404);
    const untouched = await server.server.database.pool.query<{ count: number }>(
      'select count(*)::int as count from kpi_definition_versions where tenant_id = $1',
      [otherRegion.id],
    );
    assert.equal(untouched.rows[0]?.count, 1);
  });
});
