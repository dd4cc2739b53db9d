import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

let server: TestServer;
let manager: TestHttpClient;
let recipient: { id: string; name: string };

before(async () => {
  server = await startTestServer();
  manager = new TestHttpClient(server.url);
  await manager.signIn('zarechny.mcu', 'demo-otklik');
  recipient = (await manager.request('GET', '/api/recipients')).body[0];
});
after(async () => {
  await server.stop();
});

async function auditActions(objectId: string): Promise<string[]> {
  const result = await server.server.database.pool.query<{ action: string }>(
    'select action from audit_log where object_id = $1 order by id',
    [objectId],
  );
  return result.rows.map((row) => row.action);
}

const ROADS_RULE = {
  name: 'Ямы на дорогах — в дорожное хозяйство',
  conditions: [
    { type: 'words', words: ['яма', 'выбоина'] },
    { type: 'channel', anyOf: ['phone', 'email', 'form'] },
  ],
  actions: { category: 'Дороги', priority: 'high', tags: ['дороги'] },
  stopOnMatch: true,
};

test('правило: неверный ввод — 400 с полем; чужой получатель — 400; исполнитель не управляет правилами', async () => {
  const open = await manager.request('POST', '/api/routing-rules', {
    json: {
      ...ROADS_RULE,
      conditions: [
        {
          type: 'polygon',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [30, 59],
                [31, 59],
                [31, 60],
                [30, 60],
              ],
            ],
          },
        },
      ],
    },
  });
  assert.equal(open.status, 400);
  assert.match(open.body.error.fields[0].field, /^conditions\.0\.geometry/);
  const noActions = await manager.request('POST', '/api/routing-rules', { json: { ...ROADS_RULE, actions: {} } });
  assert.equal(noActions.status, 400);
  assert.equal(noActions.body.error.fields[0].field, 'actions');
  const foreign = await manager.request('POST', '/api/routing-rules', {
    json: { ...ROADS_RULE, actions: { recipientId: crypto.randomUUID() } },
  });
  assert.equal(foreign.status, 400);
  assert.equal(foreign.body.error.fields[0].field, 'actions.recipientId');
  const schedule = await manager.request('POST', '/api/routing-rules', {
    json: { ...ROADS_RULE, conditions: [{ type: 'workingHours', scheduleId: 'no-such' }] },
  });
  assert.equal(schedule.body.error.fields[0].field, 'conditions.0.scheduleId');
  const executor = new TestHttpClient(server.url);
  await executor.signIn('zarechny.executor', 'demo-otklik');
  assert.equal((await executor.request('GET', '/api/routing-rules')).status, 403);
  assert.equal((await executor.request('POST', '/api/routing-rules', { json: ROADS_RULE })).status, 403);
});

test('правила: создание, правка (409 на устаревшей версии), выключение, порядок, история и аудит', async () => {
  const roads = await manager.request('POST', '/api/routing-rules', {
    json: { ...ROADS_RULE, actions: { ...ROADS_RULE.actions, recipientId: recipient.id } },
  });
  assert.equal(roads.status, 201, JSON.stringify(roads.body));
  assert.equal(roads.body.position, 1);
  const phone = await manager.request('POST', '/api/routing-rules', {
    json: {
      name: 'Звонки — метка',
      conditions: [{ type: 'channel', anyOf: ['phone'] }],
      actions: { tags: ['звонок'] },
      stopOnMatch: false,
    },
  });
  assert.equal(phone.body.position, 2);

  const edited = await manager.request('PUT', `/api/routing-rules/${phone.body.id}`, {
    json: {
      name: 'Звонки — метка «звонок»',
      conditions: phone.body.conditions,
      actions: phone.body.actions,
      stopOnMatch: false,
      version: 1,
    },
  });
  assert.equal(edited.body.version, 2);
  const stale = await manager.request('PUT', `/api/routing-rules/${phone.body.id}`, {
    json: { name: 'Старое', conditions: [], actions: { tags: ['x'] }, version: 1 },
  });
  assert.equal(stale.status, 409);

  const off = await manager.request('PATCH', `/api/routing-rules/${phone.body.id}`, { json: { isActive: false } });
  assert.equal(off.body.isActive, false);
  await manager.request('PATCH', `/api/routing-rules/${phone.body.id}`, { json: { isActive: true } });

  const partial = await manager.request('PUT', '/api/routing-rules/order', { json: { ruleIds: [phone.body.id] } });
  assert.equal(partial.status, 400);
  assert.equal(partial.body.error.fields[0].field, 'ruleIds');
  const reordered = await manager.request('PUT', '/api/routing-rules/order', {
    json: { ruleIds: [phone.body.id, roads.body.id] },
  });
  assert.deepEqual(
    reordered.body.map((rule: { name: string; position: number }) => [rule.position, rule.name]),
    [
      [1, 'Звонки — метка «звонок»'],
      [2, ROADS_RULE.name],
    ],
  );

  const versions = await manager.request('GET', `/api/routing-rules/${phone.body.id}/versions`);
  assert.deepEqual(
    versions.body.map((version: { version: number; change: string }) => [version.version, version.change]),
    [
      [5, 'moved'],
      [4, 'enabled'],
      [3, 'disabled'],
      [2, 'updated'],
      [1, 'created'],
    ],
  );
  assert.equal(versions.body[3].snapshot.name, 'Звонки — метка «звонок»');
  assert.equal(versions.body[0].changedByName, 'Белова Наталья Сергеевна');
  assert.deepEqual(await auditActions(phone.body.id), [
    'routing_rule.created',
    'routing_rule.updated',
    'routing_rule.disabled',
    'routing_rule.enabled',
  ]);
});

test('панель проверки: какое правило сработает и почему; черновик пробуется вместо сохранённого', async () => {
  const tried = await manager.request('POST', '/api/routing-rules/test', {
    json: { case: { channel: 'phone', text: 'Глубокие ямы во дворе дома 4, машины бьют колёса' } },
  });
  assert.equal(tried.status, 200, JSON.stringify(tried.body));
  assert.deepEqual(
    tried.body.fired.map((rule: { name: string }) => rule.name),
    ['Звонки — метка «звонок»', ROADS_RULE.name],
  );
  assert.deepEqual(tried.body.outcome.tags, ['звонок', 'дороги']);
  assert.equal(tried.body.recipientName, recipient.name);
  const roadsTrace = tried.body.trace.find((rule: { name: string }) => rule.name === ROADS_RULE.name);
  assert.match(roadsTrace.conditions[0].explanation, /найдены: «яма»/);

  const rules = (await manager.request('GET', '/api/routing-rules')).body;
  const phoneRule = rules[0];
  const draft = await manager.request('POST', '/api/routing-rules/test', {
    json: {
      case: { channel: 'phone', text: 'Глубокие ямы во дворе' },
      draft: { ruleId: phoneRule.id, definition: { ...phoneRule, stopOnMatch: true } },
    },
  });
  assert.deepEqual(
    draft.body.fired.map((rule: { name: string }) => rule.name),
    ['Звонки — метка «звонок»'],
  );
  assert.equal(draft.body.trace[1].skipped, 'stopped');
  const empty = await manager.request('POST', '/api/routing-rules/test', {
    json: { case: { channel: 'phone', text: ' ' } },
  });
  assert.equal(empty.status, 400);
  assert.equal(empty.body.error.fields[0].field, 'case.text');
});

test('правило применяется при регистрации сообщения: категория, получатель, приоритет, метки и запись в ленте', async () => {
  const created = await manager.request('POST', '/api/cases', {
    json: {
      channel: 'phone',
      kind: 'message',
      text: 'Огромная выбоина на проезжей части у школы № 3, уже два колеса пробиты',
      territory: { address: 'ул. Школьная, 3', latitude: 10.001, longitude: 10.001 },
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.category, 'Дороги');
  assert.equal(created.body.priority, 'high');
  assert.deepEqual(created.body.tags, ['звонок', 'дороги']);
  const routed = created.body.history.find((entry: { action: string }) => entry.action === 'routed');
  assert.equal(routed.title, 'Автоправила');
  assert.deepEqual(
    routed.payload.rules.map((rule: { name: string }) => rule.name),
    ['Звонки — метка «звонок»', ROADS_RULE.name],
  );
  assert.match(routed.payload.rules[1].why[0], /выбоина/);
  const stored = await server.server.database.pool.query<{ recipient_id: string }>(
    'select recipient_id from cases where id = $1',
    [created.body.id],
  );
  assert.equal(stored.rows[0]?.recipient_id, recipient.id);

  const plain = await manager.request('POST', '/api/cases', {
    json: { channel: 'letter', kind: 'message', text: 'Прошу разъяснить порядок получения справки' },
  });
  assert.equal(plain.body.priority, 'normal');
  assert.equal(
    plain.body.history.some((entry: { action: string }) => entry.action === 'routed'),
    false,
  );
});

test('удалённое правило больше не срабатывает, история остаётся', async () => {
  const rules = (await manager.request('GET', '/api/routing-rules')).body;
  const phoneRule = rules[0];
  const removed = await manager.request('DELETE', `/api/routing-rules/${phoneRule.id}`);
  assert.equal(removed.status, 204);
  assert.equal((await manager.request('GET', '/api/routing-rules')).body.length, 1);
  const versions = await manager.request('GET', `/api/routing-rules/${phoneRule.id}/versions`);
  assert.equal(versions.body[0].change, 'deleted');
  assert.equal((await manager.request('DELETE', `/api/routing-rules/${phoneRule.id}`)).status, 404);
});
