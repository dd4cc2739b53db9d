import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { notifyPeople } from './notifications.service.js';

const PASSWORD = 'demo-otklik';
const CASE_ID = '0b9f3c1e-7a0e-4d55-9a43-1b2c3d4e5f60';

let server: TestServer;
let executor: TestHttpClient;
let admin: TestHttpClient;
let executorId: string;
let adminId: string;
let tenantId: string;

before(async () => {
  server = await startTestServer();
  executor = new TestHttpClient(server.url);
  await executor.signIn('zarechny.executor', PASSWORD);
  admin = new TestHttpClient(server.url);
  await admin.signIn('zarechny.admin', PASSWORD);
  const people = await server.server.database.pool.query<{ id: string; login: string; tenantId: string }>(
    `select id, login, tenant_id as "tenantId" from users where login in ('zarechny.executor', 'zarechny.admin')`,
  );
  executorId = people.rows.find((row) => row.login === 'zarechny.executor')?.id ?? '';
  adminId = people.rows.find((row) => row.login === 'zarechny.admin')?.id ?? '';
  tenantId = people.rows[0]?.tenantId ?? '';
});
after(async () => {
  await server.stop();
});

async function notify(userIds: string[], title: string, options: { caseId?: string } = {}) {
  const result = await notifyPeople(server.server.database, {
    tenantId,
    userIds,
    kind: 'sla.warning',
    title,
    body: 'До конца срока ответа осталось 2 часа.',
    ...options,
  });
  return result.created.map((item) => item.notificationId);
}

describe('без входа', () => {
  test('каждый адрес уведомлений отвечает 401', async () => {
    const anonymous = new TestHttpClient(server.url);
    for (const [method, path] of [
      ['GET', '/api/notifications'],
      ['GET', '/api/notifications/unread-count'],
      ['GET', '/api/notifications/stream'],
      ['GET', '/api/notifications/preferences'],
      ['GET', '/api/notifications/deliveries'],
      ['POST', '/api/notifications/read-all'],
      ['POST', `/api/notifications/${CASE_ID}/read`],
    ] as const) {
      const response = await anonymous.request(method, path, method === 'POST' ? { json: {} } : {});
      assert.equal(response.status, 401, `${method} ${path}`);
      assert.equal(response.body.error.code, 'UNAUTHENTICATED');
    }
    const put = await anonymous.request('PUT', '/api/notifications/preferences', {
      json: { isEmailEnabled: true, isTelegramEnabled: false },
    });
    assert.equal(put.status, 401);
  });
});

describe('колокольчик', () => {
  test('список своих уведомлений, новые сверху; только непрочитанные; постранично', async () => {
    await notify([executorId], 'Первое предупреждение');
    await notify([executorId], 'Второе предупреждение', { caseId: CASE_ID });
    await notify([adminId], 'Чужое уведомление');
    const list = await executor.request('GET', '/api/notifications');
    assert.equal(list.status, 200);
    assert.equal(list.body.total, 2);
    assert.equal(list.body.unreadCount, 2);
    assert.deepEqual(
      list.body.items.map((item: { title: string }) => item.title),
      ['Второе предупреждение', 'Первое предупреждение'],
    );
    assert.equal(list.body.items[0].caseId, CASE_ID);
    assert.equal(list.body.items[0].readAt, null);
    const page = await executor.request('GET', '/api/notifications?page=2&pageSize=1');
    assert.deepEqual(
      page.body.items.map((item: { title: string }) => item.title),
      ['Первое предупреждение'],
    );
    assert.equal((await executor.request('GET', '/api/notifications/unread-count')).body.unreadCount, 2);
  });

  test('неверные параметры списка — 400 с названием поля', async () => {
    const badSize = await executor.request('GET', '/api/notifications?pageSize=0');
    assert.equal(badSize.status, 400);
    assert.equal(badSize.body.error.fields[0].field, 'pageSize');
    const badFlag = await executor.request('GET', '/api/notifications?unreadOnly=yes');
    assert.equal(badFlag.status, 400);
    assert.equal(badFlag.body.error.fields[0].field, 'unreadOnly');
    const badId = await executor.request('POST', '/api/notifications/not-an-id/read');
    assert.equal(badId.status, 400);
    assert.equal(badId.body.error.fields[0].field, 'id');
  });

  test('прочитать своё; чужое и несуществующее — 404; без CSRF-токена — 403; прочитать все', async () => {
    const [own] = await notify([executorId], 'Прочитать меня');
    const [foreign] = await notify([adminId], 'Не для исполнителя');
    const before = (await executor.request('GET', '/api/notifications/unread-count')).body.unreadCount;

    const noCsrf = await executor.request('POST', `/api/notifications/${own}/read`, { withCsrf: false });
    assert.equal(noCsrf.status, 403);

    const read = await executor.request('POST', `/api/notifications/${own}/read`);
    assert.equal(read.status, 200);
    assert.equal(read.body.id, own);
    assert.ok(read.body.readAt);
    const again = await executor.request('POST', `/api/notifications/${own}/read`);
    assert.equal(again.body.readAt, read.body.readAt, 'время первого прочтения сохраняется');
    assert.equal((await executor.request('GET', '/api/notifications/unread-count')).body.unreadCount, before - 1);

    const foreignRead = await executor.request('POST', `/api/notifications/${foreign}/read`);
    assert.equal(foreignRead.status, 404);
    assert.equal(foreignRead.body.error.code, 'NOT_FOUND');
    const missing = await executor.request('POST', '/api/notifications/00000000-0000-4000-8000-000000000000/read');
    assert.equal(missing.status, 404);
    const adminList = await admin.request('GET', '/api/notifications?unreadOnly=true');
    assert.ok(
      adminList.body.items.some((item: { id: string }) => item.id === foreign),
      'чужое осталось непрочитанным',
    );

    const unreadOnly = await executor.request('GET', '/api/notifications?unreadOnly=true');
    assert.ok(unreadOnly.body.items.every((item: { readAt: string | null }) => item.readAt === null));
    assert.equal(unreadOnly.body.total, before - 1);

    const all = await executor.request('POST', '/api/notifications/read-all');
    assert.equal(all.status, 200);
    assert.equal(all.body.updated, before - 1);
    assert.equal(all.body.unreadCount, 0);
    assert.equal((await executor.request('GET', '/api/notifications/unread-count')).body.unreadCount, 0);
  });
});

describe('настройки и журнал доставки', () => {
  test('настройки по умолчанию, сохранение, запись в журнал аудита', async () => {
    const defaults = await executor.request('GET', '/api/notifications/preferences');
    assert.equal(defaults.status, 200);
    assert.equal(defaults.body.isEmailEnabled, true);
    assert.equal(defaults.body.isTelegramEnabled, false);
    assert.deepEqual(defaults.body.mutedKinds, []);
    assert.equal(defaults.body.isEmailConfigured, false);
    assert.equal(typeof defaults.body.timezone, 'string');

    const saved = await executor.request('PUT', '/api/notifications/preferences', {
      json: {
        isEmailEnabled: false,
        isTelegramEnabled: true,
        telegramChatId: ' 123456789 ',
        quietFrom: '22:00',
        quietTo: '07:30',
        mutedKinds: ['sla.warning'],
      },
    });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.telegramChatId, '123456789');
    assert.equal(saved.body.quietTo, '07:30');
    assert.deepEqual(saved.body.mutedKinds, ['sla.warning']);
    assert.deepEqual((await executor.request('GET', '/api/notifications/preferences')).body, saved.body);
    const audit = await server.server.database.pool.query<{ count: number }>(
      `select count(*)::int as count from audit_log where action = 'notification_preferences.updated' and actor_user_id = $1`,
      [executorId],
    );
    assert.equal(audit.rows[0]?.count, 1);
  });

  test('неверные настройки — 400 с названием поля, ничего не меняется', async () => {
    const valid = { isEmailEnabled: true, isTelegramEnabled: false };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, quietFrom: '25:00', quietTo: '07:00' }, 'quietFrom'],
      [{ ...valid, quietFrom: '22:00' }, 'quietTo'],
      [{ ...valid, quietTo: '07:00' }, 'quietFrom'],
      [{ ...valid, quietFrom: '22:00', quietTo: '22:00' }, 'quietTo'],
      [{ ...valid, isTelegramEnabled: true }, 'telegramChatId'],
      [{ ...valid, telegramChatId: 'мой чат' }, 'telegramChatId'],
      [{ ...valid, mutedKinds: ['sla.unknown'] }, 'mutedKinds.0'],
      [{ ...valid, mutedKinds: ['sla.breach', 'sla.breach'] }, 'mutedKinds'],
      [{ isTelegramEnabled: false }, 'isEmailEnabled'],
      [{ ...valid, isEmailEnabled: 'да' }, 'isEmailEnabled'],
    ];
    const before = (await executor.request('GET', '/api/notifications/preferences')).body;
    for (const [body, field] of cases) {
      const response = await executor.request('PUT', '/api/notifications/preferences', { json: body });
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.ok(
        response.body.error.fields.some((item: { field: string }) => item.field === field),
        `${JSON.stringify(body)} → ${JSON.stringify(response.body.error.fields)}`,
      );
      assert.match(response.body.error.message, /[а-яё]/i, 'сообщение по-русски');
    }
    const malformed = await executor.request('PUT', '/api/notifications/preferences', {
      headers: { 'content-type': 'application/json' },
      json: undefined,
    });
    assert.equal(malformed.status, 400);
    assert.deepEqual((await executor.request('GET', '/api/notifications/preferences')).body, before);
  });

  test('журнал доставки — только свои; чужой notificationId — 404', async () => {
    await server.server.database.pool.query(`update users set email = 'kuzmin@example.ru' where id = $1`, [executorId]);
    await executor.request('PUT', '/api/notifications/preferences', {
      json: { isEmailEnabled: true, isTelegramEnabled: false },
    });
    const [own] = await notify([executorId], 'С доставкой по почте');
    const [foreign] = await notify([adminId], 'Чужая доставка');
    const log = await executor.request('GET', `/api/notifications/deliveries?notificationId=${own}`);
    assert.equal(log.status, 200);
    assert.deepEqual(
      log.body.map((item: { channel: string; status: string; address: string }) => [
        item.channel,
        item.status,
        item.address,
      ]),
      [['email', 'pending', 'kuzmin@example.ru']],
    );
    const all = await executor.request('GET', '/api/notifications/deliveries');
    assert.ok(all.body.every((item: { notificationId: string }) => item.notificationId !== foreign));
    const foreignLog = await executor.request('GET', `/api/notifications/deliveries?notificationId=${foreign}`);
    assert.equal(foreignLog.status, 404);
    const badId = await executor.request('GET', '/api/notifications/deliveries?notificationId=x');
    assert.equal(badId.status, 400);
    assert.equal(badId.body.error.fields[0].field, 'notificationId');
  });
});

// ── The live stream ─────────────────────────────────────────────────────────────────────────────────

type StreamEvent = { event: string; data: string };

async function signInForCookie(login: string): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: PASSWORD }),
  });
  assert.equal(response.status, 200);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('otklik_session='));
  assert.ok(cookie);
  return cookie;
}

async function openStream(cookie: string) {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/api/notifications/stream`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  const comments: string[] = [];
  const reader = response.body?.getReader();
  assert.ok(reader);
  const pump = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const lines = block.split('\n');
        const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
        const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
        if (event && data !== undefined) events.push({ event, data });
        for (const line of lines) if (line.startsWith(': ')) comments.push(line.slice(2));
      }
    }
  })().catch(() => {});
  return {
    response,
    events,
    comments,
    counts: () =>
      events.filter((item) => item.event === 'unread-count').map((item) => JSON.parse(item.data).unreadCount),
    /** Waits until the latest count the stream sent is `count`. */
    async waitForCount(count: number, timeoutMs = 15_000) {
      const started = Date.now();
      while (this.counts().at(-1) !== count) {
        if (Date.now() - started > timeoutMs) {
          throw new Error(`не дождались счётчика ${count}, были: ${JSON.stringify(this.counts())}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}

describe('живой счётчик (SSE)', () => {
  test('счётчик при подключении, после нового уведомления (от другого «процесса») и после «прочитать все»', async () => {
    const cookie = await signInForCookie('zarechny.mcu');
    const managerId = (
      await server.server.database.pool.query<{ id: string }>(`select id from users where login = 'zarechny.mcu'`)
    ).rows[0]?.id;
    assert.ok(managerId);
    const manager = new TestHttpClient(server.url);
    await manager.signIn('zarechny.mcu', PASSWORD);
    await manager.request('POST', '/api/notifications/read-all');

    const stream = await openStream(cookie);
    assert.equal(stream.response.status, 200);
    assert.match(stream.response.headers.get('content-type') ?? '', /^text\/event-stream/);
    await stream.waitForCount(0);

    // Written straight to the database, as a job of another process would: found by polling.
    await notify([managerId], 'Срок скоро истечёт');
    await notify([managerId], 'И ещё один срок');
    await stream.waitForCount(2);

    // Changed by this process through the API: pushed at once.
    const started = Date.now();
    await manager.request('POST', '/api/notifications/read-all');
    await stream.waitForCount(0);
    assert.ok(Date.now() - started < 2_000, 'изменение этого процесса приходит сразу, без ожидания опроса');
    assert.deepEqual(stream.counts(), [0, 2, 0], 'только изменения, без повторов');
    await stream.close();
  });

  test('два потока одного человека получают одно и то же; открытый поток не мешает остановке сервера', async () => {
    const cookie = await signInForCookie('zarechny.im');
    const first = await openStream(cookie);
    const second = await openStream(cookie);
    await first.waitForCount(0);
    await second.waitForCount(0);
    const imId = (
      await server.server.database.pool.query<{ id: string }>(`select id from users where login = 'zarechny.im'`)
    ).rows[0]?.id;
    assert.ok(imId);
    await notify([imId], 'Эскалация');
    await first.waitForCount(1);
    await second.waitForCount(1);
    await first.close();
    // The second stays open: after() stops the server, which must end it rather than wait for it.
  });
});
