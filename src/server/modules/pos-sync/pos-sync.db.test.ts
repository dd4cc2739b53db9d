import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { PosPlatformClient } from './pos-platform.client.js';
import * as repository from './pos-sync.repository.js';
import { deliverOutbox, syncTenant } from './pos-sync.service.js';
import { FakePosServer } from './test-support/fake-pos-server.js';

let server: TestServer;
let platform: FakePosServer;
let admin: TestHttpClient;
let coordinator: TestHttpClient;
let tenantId: string;
const FAST = { retryDelayMs: 5, retryDelayMaxMs: 20 };

before(async () => {
  server = await startTestServer();
  platform = new FakePosServer();
  await platform.start();
  admin = new TestHttpClient(server.url);
  await admin.signIn('zarechny.admin', 'demo-otklik');
  coordinator = new TestHttpClient(server.url);
  await coordinator.signIn('zarechny.pos', 'demo-otklik');
  tenantId = (await server.server.database.pool.query("select id from tenants where slug = 'zarechny'")).rows[0].id;
});
after(async () => {
  await server.stop();
  await platform.stop();
});

const query = async (sql: string, values: unknown[] = []) =>
  (await server.server.database.pool.query(sql, values)).rows;
const settingsRow = async () => {
  const row = await repository.findSettings(server.server.database.pool, tenantId);
  assert.ok(row);
  return row;
};
const sync = async () => syncTenant(server.server.database, await settingsRow(), FAST);
const caseOf = async (externalId: string) =>
  (
    await query(
      "select id, state, kind, category, subcategory, version from cases where tenant_id = $1 and channel = 'pos' and external_id = $2",
      [tenantId, externalId],
    )
  )[0];

describe('интеграция с ПОС', () => {
  test('настройки: неверный адрес — 400; пароль не возвращается; исполнителю — 403', async () => {
    const bad = await admin.request('PUT', '/api/pos-sync/settings', {
      json: { baseUrl: 'ftp://pos', login: 'x', password: 'y', scope: 'z' },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.fields[0].field, 'baseUrl');
    const noPassword = await admin.request('PUT', '/api/pos-sync/settings', {
      json: { baseUrl: platform.url, login: platform.credentials.login, scope: platform.credentials.scope },
    });
    assert.equal(noPassword.status, 400);
    assert.equal(noPassword.body.error.fields[0].field, 'password');
    const saved = await admin.request('PUT', '/api/pos-sync/settings', {
      json: { baseUrl: platform.url, ...platform.credentials },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.hasPassword, true);
    assert.ok(!JSON.stringify(saved.body).includes(platform.credentials.password));
    const status = await admin.request('GET', '/api/pos-sync');
    assert.ok(!JSON.stringify(status.body).includes(platform.credentials.password));
    const executor = new TestHttpClient(server.url);
    await executor.signIn('zarechny.executor', 'demo-otklik');
    assert.equal((await executor.request('GET', '/api/pos-sync')).status, 403);
  });

  test('чтение: рубрикатор, обращения постранично, 59-ФЗ как обращение, неверные — с причиной; второй запуск ничего не удваивает', async () => {
    platform.addAppeal({
      id: 'P-1',
      text: 'Яма на дороге по улице Ленина',
      subjectId: '10',
      subsubjectId: '101',
      author: { name: 'Иван', phone: '+79130000001' },
      address: 'ул. Ленина, 1',
      latitude: 54.1,
      longitude: 86.2,
    });
    platform.addAppeal({
      id: 'P-2',
      text: 'Нет отопления в доме 3',
      subjectId: '20',
      subsubjectId: '201',
      isFastTrack: true,
    });
    platform.addAppeal({
      id: 'P-3',
      text: 'Жалоба по 59-ФЗ на управляющую компанию',
      subjectId: '20',
      isFz59: true,
      latitude: 300,
    });
    platform.addAppeal({ id: 'P-bad', text: '   ', subjectId: '10' });
    const run = await admin.request('POST', '/api/pos-sync/run');
    assert.equal(run.status, 200, JSON.stringify(run.body));
    assert.equal(run.body.lastError, null, run.body.lastError);
    assert.equal(run.body.lastSummary.created, 3);
    assert.deepEqual(run.body.lastSummary.rejected, [{ id: 'P-bad', reason: 'пустой текст' }]);
    const p1 = await caseOf('P-1');
    assert.equal(p1.state, 'moderation');
    assert.equal(p1.category, 'Дороги');
    assert.equal(p1.subcategory, 'Ямы на дорогах');
    assert.equal((await caseOf('P-3')).kind, 'appeal');
    const items = await query(
      "select i.code, i.level from rubricator_items i join rubricators r on r.id = i.rubricator_id and r.tenant_id = i.tenant_id where r.tenant_id = $1 and r.code = 'pos' order by i.code",
      [tenantId],
    );
    assert.deepEqual(
      items.map((item) => item.code),
      ['10', '10.101', '20', '20.201'],
    );
    const stored = await query('select status, history from pos_appeals where tenant_id = $1 and external_id = $2', [
      tenantId,
      'P-1',
    ]);
    assert.equal(stored[0].status, 'MODERATION_NEW');

    const before = (await query('select count(*)::int as count from cases where tenant_id = $1', [tenantId]))[0].count;
    const again = await sync();
    assert.equal(again.created, 0);
    assert.equal(again.unchanged, 1, 'с курсора читается только последнее изменённое');
    await server.server.database.pool.query('update pos_sync_settings set cursor = null where tenant_id = $1', [
      tenantId,
    ]);
    const full = await sync();
    assert.equal(full.created, 0);
    assert.equal(full.unchanged, 3, 'полное перечитывание ничего не удваивает');
    assert.equal(
      (await query('select count(*)::int as count from cases where tenant_id = $1', [tenantId]))[0].count,
      before,
    );
  });

  test('статусы платформы двигают сообщение; наши действия уходят через outbox и не возвращаются эхом', async () => {
    platform.setStatus('P-1', 'MODERATION_ACCEPT');
    platform.setStatus('P-2', 'MODERATION_DECLINE', 'spam');
    const summary = await sync();
    assert.equal(summary.moved, 2, JSON.stringify(summary));
    assert.equal((await caseOf('P-1')).state, 'in_work');
    assert.equal((await caseOf('P-2')).state, 'rejected');
    assert.equal(
      (await query('select count(*)::int as count from pos_outbox where tenant_id = $1', [tenantId]))[0].count,
      0,
    );

    const people = await coordinator.request('GET', '/api/people?role=executor');
    const executor = people.body.find((person: { login: string }) => person.login === 'zarechny.executor');
    const p1 = await caseOf('P-1');
    const wrong = await coordinator.request('POST', `/api/cases/${p1.id}/actions/assign`, {
      json: { executorId: '00000000-0000-4000-8000-000000000000' },
    });
    assert.equal(wrong.status, 400);
    assert.equal(
      (await query('select count(*)::int as count from pos_outbox where tenant_id = $1', [tenantId]))[0].count,
      0,
      'откат — без outbox',
    );
    const assigned = await coordinator.request('POST', `/api/cases/${p1.id}/actions/assign`, {
      json: { executorId: executor.id },
    });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    const outbox = await query('select operation, status from pos_outbox where tenant_id = $1', [tenantId]);
    assert.deepEqual(outbox, [{ operation: 'SET_EXECUTOR', status: 'pending' }]);

    const pushed = await sync();
    assert.equal(pushed.delivered, 1);
    assert.equal(platform.actions.at(-1)?.appealId, 'P-1');
    assert.equal(platform.actions.at(-1)?.body.action, 'SET_EXECUTOR');
    assert.deepEqual(platform.actions.at(-1)?.body.executor, { id: executor.id, name: executor.fullName });
    const echo = await sync();
    assert.equal(echo.updated, 1, 'P-1 сменил статус на платформе');
    assert.equal(
      (await query('select count(*)::int as count from pos_outbox where tenant_id = $1', [tenantId]))[0].count,
      1,
    );
    assert.equal((await caseOf('P-1')).state, 'assigned');
  });

  test('сбои: 401 — новый токен, 429 и 500 — повтор, долгий сбой — ждёт и доставляется, 400 — окончательно', async () => {
    platform.revokeTokens();
    platform.faults.push({ method: 'GET', pathPrefix: '/appeals', status: 429, times: 1, retryAfter: 1 });
    platform.faults.push({ method: 'GET', pathPrefix: '/subjects', status: 500, times: 2 });
    platform.addAppeal({ id: 'P-4', text: 'Не убран снег во дворе', subjectId: '20' });
    const tokensBefore = platform.tokensIssued;
    const recovered = await sync();
    assert.equal(recovered.created, 1, JSON.stringify(recovered));
    assert.equal(platform.tokensIssued, tokensBefore + 1);
    assert.equal((await settingsRow()).lastError, null);

    const p4 = await caseOf('P-4');
    assert.equal(
      (await coordinator.request('POST', `/api/cases/${p4.id}/actions/moderate-accept`, { json: {} })).status,
      200,
    );
    platform.faults.push({ method: 'POST', pathPrefix: '/appeals/P-4/actions', status: 503, times: 10 });
    const failing = await sync();
    assert.equal(failing.deliveryRetried, 1);
    const [pending] = await query(
      'select id, status, attempts, last_error from pos_outbox where tenant_id = $1 and case_id = $2',
      [tenantId, p4.id],
    );
    assert.equal(pending.status, 'pending');
    assert.equal(pending.attempts, 1);
    assert.match(pending.last_error, /503/);
    const status = await admin.request('GET', '/api/pos-sync');
    assert.equal(status.body.outbox.pending, 1);
    assert.equal(status.body.recentFailures[0].operation, 'TAKE_TO_WORK');

    platform.faults.length = 0;
    const notYet = { delivered: 0, deliveryRetried: 0, deliveryFailed: 0 };
    const client = new PosPlatformClient(await settingsRow(), FAST);
    await deliverOutbox(server.server.database, await settingsRow(), client, notYet);
    assert.equal(notYet.delivered, 0, 'ждёт своей минуты');
    const later = { delivered: 0, deliveryRetried: 0, deliveryFailed: 0 };
    await deliverOutbox(
      server.server.database,
      await settingsRow(),
      client,
      later,
      () => new Date(Date.now() + 2 * 60_000),
    );
    assert.equal(later.delivered, 1);
    assert.equal(platform.actions.at(-1)?.body.action, 'TAKE_TO_WORK');

    const p3 = await caseOf('P-3');
    await server.server.database.pool.query(
      "insert into pos_outbox (tenant_id, case_id, external_id, operation, payload) values ($1, $2, 'P-missing', 'TAKE_TO_WORK', '{\"action\":\"TAKE_TO_WORK\"}')",
      [tenantId, p3.id],
    );
    const permanent = await sync();
    assert.equal(permanent.deliveryFailed, 1);
    const [failed] = await query(
      "select status, last_error from pos_outbox where tenant_id = $1 and external_id = 'P-missing'",
      [tenantId],
    );
    assert.equal(failed.status, 'failed');
    assert.match(failed.last_error, /400/);
  });

  test('статусы из ПОС: каждый новый — запись «Статус в ПОС» в ленте один раз; повторное чтение ничего не добавляет', async () => {
    const p2 = await caseOf('P-4');
    const entries = async () =>
      query(
        "select payload from case_events where tenant_id = $1 and case_id = $2 and action = 'pos-status' order by id",
        [tenantId, p2.id],
      );
    const before = (await entries()).map((row) => row.payload.status);
    assert.ok(before.includes('MODERATION_NEW'), JSON.stringify(before));
    platform.setStatus('P-4', 'POSTPONE', 'Ждём подрядчика');
    platform.setStatus('P-4', 'SEND_RESPONSE', null, '2026-03-05T10:00:00Z');
    await sync();
    const after = await entries();
    assert.deepEqual(
      after.slice(before.length).map((row) => [row.payload.status, row.payload.statusTitle]),
      [
        ['POSTPONE', 'Срок перенесён'],
        ['SEND_RESPONSE', 'Ответ направлен'],
      ],
    );
    assert.equal(after.at(-2)?.payload.comment, 'Ждём подрядчика');
    assert.equal(after.at(-1)?.payload.answerAt, '2026-03-05T10:00:00Z');
    await server.server.database.pool.query('update pos_sync_settings set cursor = null where tenant_id = $1', [
      tenantId,
    ]);
    await sync();
    assert.equal((await entries()).length, after.length, 'перечитывание не удваивает записи');
    const card = await coordinator.request('GET', `/api/cases/${p2.id}`);
    assert.ok(card.body.history.some((entry: { title: string }) => entry.title === 'Статус в ПОС'));
  });

  test('регистрация в ПОС сообщения другого канала: очередь → POST /appeals → связь, запись в ленте; статусы ПОС приходят; без удвоения', async () => {
    const manual = await coordinator.request('POST', '/api/manual-entry', {
      json: {
        channel: 'phone',
        kind: 'message',
        text: 'Яма на дороге у остановки «Школа»',
        category: 'Дороги',
        subcategory: 'Ямы на дорогах',
        territory: { address: 'ул. Школьная, 1' },
        applicant: { name: 'Зайцева Зоя', phone: '+7 913 222-33-44' },
      },
    });
    assert.equal(manual.status, 201, JSON.stringify(manual.body));
    const caseId = manual.body.id;
    const executor = new TestHttpClient(server.url);
    await executor.signIn('zarechny.executor', 'demo-otklik');
    assert.equal((await executor.request('POST', `/api/pos-sync/cases/${caseId}/appeal`)).status, 403);
    const missing = await coordinator.request(
      'POST',
      '/api/pos-sync/cases/00000000-0000-4000-8000-000000000000/appeal',
    );
    assert.equal(missing.status, 404);
    const fromPos = await coordinator.request('POST', `/api/pos-sync/cases/${(await caseOf('P-1')).id}/appeal`);
    assert.equal(fromPos.status, 409);
    // The card asks where the case stands: not registered yet; others may not ask; a stranger's case — 404.
    const linkOf = async () => (await coordinator.request('GET', `/api/pos-sync/cases/${caseId}`)).body;
    assert.equal((await linkOf()).state, 'none');
    assert.equal((await executor.request('GET', `/api/pos-sync/cases/${caseId}`)).status, 403);
    assert.equal(
      (await coordinator.request('GET', '/api/pos-sync/cases/00000000-0000-4000-8000-000000000000')).status,
      404,
    );

    const queued = await coordinator.request('POST', `/api/pos-sync/cases/${caseId}/appeal`);
    assert.equal(queued.status, 202, JSON.stringify(queued.body));
    assert.deepEqual(await linkOf(), {
      state: 'queued',
      externalId: null,
      status: null,
      statusTitle: null,
      lastError: null,
    });
    assert.equal(
      (await coordinator.request('POST', `/api/pos-sync/cases/${caseId}/appeal`)).status,
      409,
      'уже в очереди',
    );
    // A step taken while the registration waits goes after it, with the platform's id learnt on delivery.
    const manager = new TestHttpClient(server.url);
    await manager.signIn('zarechny.mcu', 'demo-otklik');
    const taken = await manager.request('POST', `/api/cases/${caseId}/actions/take`, { json: {} });
    assert.equal(taken.status, 200, JSON.stringify(taken.body));

    const createdBefore = platform.created.length;
    const pushed = await sync();
    assert.equal(pushed.delivered, 2, JSON.stringify(pushed));
    assert.equal(platform.created.length, createdBefore + 1);
    const body = platform.created.at(-1);
    assert.equal(body?.externalId, caseId);
    assert.equal(body?.subjectId, '10', 'категория — по рубрикатору ПОС');
    assert.equal(body?.subsubjectId, '101');
    const [link] = await query(
      'select external_id as "externalId" from pos_appeals where tenant_id = $1 and case_id = $2',
      [tenantId, caseId],
    );
    assert.ok(link, 'сообщение связано с обращением ПОС');
    assert.deepEqual(await linkOf(), {
      state: 'linked',
      externalId: link.externalId,
      status: 'MODERATION_NEW',
      statusTitle: 'На модерации',
      lastError: null,
    });
    assert.equal(platform.actions.at(-1)?.appealId, link.externalId);
    assert.equal(platform.actions.at(-1)?.body.action, 'TAKE_TO_WORK');
    const timeline = await query(
      'select action, payload from case_events where tenant_id = $1 and case_id = $2 order by id',
      [tenantId, caseId],
    );
    assert.ok(timeline.some((row) => row.action === 'pos-appeal-created' && row.payload.posId === link.externalId));

    // The platform lists the appeal (with our reference): it stays linked to our case, no second case.
    const casesBefore = (await query('select count(*)::int as count from cases where tenant_id = $1', [tenantId]))[0]
      .count;
    platform.setStatus(link.externalId, 'SET_EXECUTOR', 'Назначен подрядчик');
    await sync();
    assert.equal(
      (await query('select count(*)::int as count from cases where tenant_id = $1', [tenantId]))[0].count,
      casesBefore,
    );
    const statuses = await query(
      "select payload from case_events where tenant_id = $1 and case_id = $2 and action = 'pos-status' order by id",
      [tenantId, caseId],
    );
    assert.ok(
      statuses.some((row) => row.payload.status === 'SET_EXECUTOR' && row.payload.comment === 'Назначен подрядчик'),
    );
    assert.equal((await linkOf()).statusTitle, 'Назначен исполнитель', 'статус с платформы виден карточке');
    assert.equal((await coordinator.request('POST', `/api/pos-sync/cases/${caseId}/appeal`)).status, 409, 'уже в ПОС');
  });

  test('обращение, зарегистрированное нами, прочитано раньше доставки ответа — связывается с нашим сообщением', async () => {
    const manual = await coordinator.request('POST', '/api/manual-entry', {
      json: {
        channel: 'phone',
        kind: 'message',
        text: 'Не вывезли мусор с площадки у дома 9',
        territory: { address: 'ул. Мира, 9' },
        applicant: { name: 'Лебедев Лев', phone: '+7 913 333-44-55' },
      },
    });
    assert.equal(manual.status, 201, JSON.stringify(manual.body));
    const caseId = manual.body.id;
    assert.equal((await coordinator.request('POST', `/api/pos-sync/cases/${caseId}/appeal`)).status, 202);
    // The platform already has it (say, our earlier call went through but its answer was lost).
    platform.addAppeal({ id: 'POS-early', text: 'Не вывезли мусор с площадки у дома 9', externalId: caseId });
    const casesBefore = (await query('select count(*)::int as count from cases where tenant_id = $1', [tenantId]))[0]
      .count;
    const summary = await sync();
    assert.equal(summary.created, 0, JSON.stringify(summary));
    assert.equal(
      (await query('select count(*)::int as count from cases where tenant_id = $1', [tenantId]))[0].count,
      casesBefore,
    );
    const links = await query(
      'select external_id as "externalId" from pos_appeals where tenant_id = $1 and case_id = $2',
      [tenantId, caseId],
    );
    assert.deepEqual(links, [{ externalId: 'POS-early' }]);
    const [row] = await query(
      "select status from pos_outbox where tenant_id = $1 and case_id = $2 and operation = 'CREATE_APPEAL'",
      [tenantId, caseId],
    );
    assert.equal(row.status, 'sent', 'повтор на платформе вернул то же обращение');
  });

  test('неверные логин или пароль — ошибка видна администратору, данные не тронуты', async () => {
    const saved = await admin.request('PUT', '/api/pos-sync/settings', {
      json: {
        baseUrl: platform.url,
        login: platform.credentials.login,
        password: 'не тот',
        scope: platform.credentials.scope,
      },
    });
    assert.equal(saved.status, 200);
    const run = await admin.request('POST', '/api/pos-sync/run');
    assert.equal(run.status, 200);
    assert.match(run.body.lastError, /логин, пароль или scope/);
    assert.ok(run.body.lastSuccessAt, 'прежний успешный запуск виден');
    const audit = await query(
      "select count(*)::int as count from audit_log where action = 'pos_sync.settings_changed'",
    );
    assert.equal(audit[0].count, 2);
  });
});
