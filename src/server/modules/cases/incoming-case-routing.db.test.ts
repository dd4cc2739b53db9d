import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { runImport } from '../intake/intake.service.js';
import { readImportFile } from '../intake/intake-files.js';
import * as posRepository from '../pos-sync/pos-sync.repository.js';
import { syncTenant } from '../pos-sync/pos-sync.service.js';
import { FakePosServer } from '../pos-sync/test-support/fake-pos-server.js';

// Every channel's new case goes through the same registration path, so the tenant's routing rules
// («автоправила») decide its priority, tags and recipient, with the «Автоправила» timeline entry: Open311,
// the ИМ webhook, the public form, manual entry, the 59-ФЗ journal, ПОС sync and the bulk importers.

let server: TestServer;
let manager: TestHttpClient;
let admin: TestHttpClient;
let apiKey = '';
let tenant: { id: string; slug: string; timezone: string };
let recipient: { id: string; name: string };
let ruleId = '';
const TAG = 'светофоры';
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-routing-channels-'));

before(async () => {
  server = await startTestServer({ OTKLIK_FORM_MIN_SECONDS: '1' });
  manager = new TestHttpClient(server.url);
  await manager.signIn('zarechny.mcu', 'demo-otklik');
  admin = new TestHttpClient(server.url);
  await admin.signIn('zarechny.admin', 'demo-otklik');
  apiKey = (await admin.request('POST', '/api/api-keys', { json: { name: 'Каналы' } })).body.key;
  tenant = (await query("select id, slug, timezone from tenants where slug = 'zarechny'"))[0];
  recipient = (await manager.request('GET', '/api/recipients')).body[0];
  const created = await manager.request('POST', '/api/routing-rules', {
    json: {
      name: 'Светофоры — срочно',
      conditions: [{ type: 'words', words: ['светофор'] }],
      actions: { priority: 'urgent', tags: [TAG], recipientId: recipient.id },
      stopOnMatch: true,
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  ruleId = created.body.id;
  // First in the order, so no earlier rule stops the evaluation before it.
  const rules = (await manager.request('GET', '/api/routing-rules')).body as Array<{ id: string }>;
  const ordered = await manager.request('PUT', '/api/routing-rules/order', {
    json: { ruleIds: [ruleId, ...rules.map((rule) => rule.id).filter((id) => id !== ruleId)] },
  });
  assert.equal(ordered.status, 200, JSON.stringify(ordered.body));
});
after(async () => {
  await server.stop();
});

async function query(sql: string, values: unknown[] = []) {
  return (await server.server.database.pool.query(sql, values)).rows;
}

/** The routing facts of the case of a channel with its external id (or number). */
async function routedCase(where: string, values: unknown[]) {
  const rows = await query(
    `select c.id, c.priority, c.tags, c.recipient_id as "recipientId",
            (select count(*)::int from case_events e where e.tenant_id = c.tenant_id and e.case_id = c.id
                and e.action = 'routed') as "routedEntries",
            (select e.payload from case_events e where e.tenant_id = c.tenant_id and e.case_id = c.id
                and e.action = 'routed' limit 1) as routing
       from cases c where c.tenant_id = $1 and ${where}`,
    [tenant.id, ...values],
  );
  assert.equal(rows.length, 1, `одно сообщение: ${where} ${JSON.stringify(values)}`);
  return rows[0];
}

function assertRouted(row: Awaited<ReturnType<typeof routedCase>>, channel: string) {
  assert.equal(row.priority, 'urgent', `${channel}: приоритет от правила`);
  assert.deepEqual(row.tags, [TAG], `${channel}: метки от правила`);
  assert.equal(row.recipientId, recipient.id, `${channel}: получатель от правила`);
  assert.equal(row.routedEntries, 1, `${channel}: одна запись «Автоправила» в ленте`);
  assert.equal(row.routing.rules[0].id, ruleId);
  assert.ok(
    row.routing.rules[0].why.some((why: string) => why.includes('светофор')),
    JSON.stringify(row.routing),
  );
}

const open311 = (description: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({
      api_key: apiKey,
      jurisdiction_id: 'zarechny',
      service_code: '001',
      address_string: 'ул. Мира, 1',
      description,
    }).toString(),
  });

describe('автоправила в каждом канале приёма', () => {
  test('Open311: правило применено; повтор с тем же Idempotency-Key — то же сообщение, одна запись «Автоправила»', async () => {
    const first = await open311('Не работает светофор на перекрёстке Мира и Ленина', { 'Idempotency-Key': 'r-1' });
    assert.equal(first.status, 200);
    const number = (await first.json())[0].service_request_id;
    const again = await open311('Не работает светофор на перекрёстке Мира и Ленина', { 'Idempotency-Key': 'r-1' });
    assert.equal((await again.json())[0].service_request_id, number);
    assertRouted(await routedCase('c.number = $2', [number]), 'open311');
    const plain = await open311('Яма у дома 3 по улице Мира');
    const other = await routedCase('c.number = $2', [(await plain.json())[0].service_request_id]);
    assert.equal(other.priority, 'normal', 'правило не сработало — приоритет обычный');
    assert.deepEqual(other.tags, []);
  });

  test('вебхук ИМ: новый инцидент проходит правила; повтор — тот же', async () => {
    const send = () =>
      fetch(`${server.url}/api/intake/webhooks/im`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: JSON.stringify({ type: 'incident', incident: { id: 'vk-routing-1', text: 'Светофор мигает жёлтым' } }),
      });
    assert.equal((await send()).status, 201);
    assert.equal((await send()).status, 200);
    assertRouted(await routedCase("c.channel = 'im' and c.external_id = $2", ['vk-routing-1']), 'im');
  });

  test('форма жителя: сообщение проходит правила', async () => {
    const form = await (await fetch(`${server.url}/api/public/m/zarechny/form`)).json();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const sent = await fetch(`${server.url}/api/public/m/zarechny/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        formToken: form.formToken,
        serviceCode: form.services[0].code,
        text: 'Сломан светофор у школы, дети переходят на красный',
        address: 'ул. Школьная, 4',
      }),
    });
    assert.equal(sent.status, 201, await sent.clone().text());
    assertRouted(await routedCase('c.number = $2', [(await sent.json()).number]), 'form');
  });

  test('ручной ввод и журнал 59-ФЗ: правила применены', async () => {
    const entry = await manager.request('POST', '/api/manual-entry', {
      json: {
        channel: 'phone',
        kind: 'message',
        text: 'Звонок: не горит светофор на улице Садовой',
        territory: { address: 'ул. Садовая, 2' },
        applicant: { name: 'Орлова Ольга', phone: '+7 913 111-22-33' },
      },
    });
    assert.equal(entry.status, 201, JSON.stringify(entry.body));
    assertRouted(await routedCase('c.id = $2', [entry.body.id]), 'phone');
    const appeal = await manager.request('POST', '/api/appeals', {
      json: {
        receiptForm: 'letter',
        appealType: 'proposal',
        text: 'Предлагаю установить светофор у детского сада на улице Лесной',
        applicant: { name: 'Петров Пётр Петрович', address: 'г. Заречный, ул. Лесная, д. 1' },
      },
    });
    assert.equal(appeal.status, 201, JSON.stringify(appeal.body));
    assertRouted(await routedCase('c.id = $2', [appeal.body.caseId]), 'appeal');
  });

  test('синхронизация с ПОС: новое обращение проходит правила', async () => {
    const platform = new FakePosServer();
    await platform.start();
    try {
      const saved = await admin.request('PUT', '/api/pos-sync/settings', {
        json: { baseUrl: platform.url, ...platform.credentials },
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      platform.addAppeal({ id: 'P-route-1', text: 'Светофор не переключается', subjectId: '10' });
      const settings = await posRepository.findSettings(server.server.database.pool, tenant.id);
      assert.ok(settings);
      const summary = await syncTenant(server.server.database, settings, { retryDelayMs: 5, retryDelayMaxMs: 20 });
      assert.equal(summary.created, 1, JSON.stringify(summary));
      assertRouted(await routedCase("c.channel = 'pos' and c.external_id = $2", ['P-route-1']), 'pos');
    } finally {
      await platform.stop();
    }
  });

  test('импорт истории: правила применяются пакетом; получатель из истории важнее правила', async () => {
    const file = path.join(directory, 'history.jsonl');
    const lines = [
      { id: 'h-1', text: 'Светофор на Мира не работает', created: '2024-03-01T09:00:00+03:00' },
      { id: 'h-2', text: 'Яма во дворе', created: '2024-03-01T10:00:00+03:00' },
      {
        id: 'h-3',
        text: 'Светофор у рынка мигает',
        created: '2024-03-02T09:00:00+03:00',
        recipient: 'МКУ «Дорожное хозяйство»',
        answer: 'Отремонтирован',
        answeredAt: '2024-03-03T09:00:00+03:00',
      },
    ];
    fs.writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const input = await readImportFile('history-jsonl', file, { timeZone: tenant.timezone, defaultChannel: 'form' });
    const run = () =>
      runImport(server.server.database, {
        tenant,
        format: 'history-jsonl',
        fileName: 'history.jsonl',
        ...input,
        skipInvalid: false,
        actor: { userId: null, label: 'тест' },
        startedAt: new Date(),
      });
    const report = await run();
    assert.equal(report.created, 3, JSON.stringify(report));
    assert.equal(report.routed, 2);
    assertRouted(await routedCase("c.channel = 'form' and c.external_id = $2", ['h-1']), 'history-jsonl');
    const unrouted = await routedCase("c.channel = 'form' and c.external_id = $2", ['h-2']);
    assert.equal(unrouted.routedEntries, 0);
    assert.equal(unrouted.priority, 'normal');
    const answered = await routedCase("c.channel = 'form' and c.external_id = $2", ['h-3']);
    assert.equal(answered.priority, 'urgent');
    assert.deepEqual(answered.tags, [TAG]);
    assert.notEqual(answered.recipientId, recipient.id, 'ответившая организация из истории остаётся');
    const timeline = await query('select action from case_events where tenant_id = $1 and case_id = $2 order by id', [
      tenant.id,
      answered.id,
    ]);
    assert.deepEqual(
      timeline.map((row) => row.action).slice(0, 2),
      ['register', 'routed'],
      'запись «Автоправила» — сразу после регистрации',
    );
    const second = await run();
    assert.equal(second.created, 0);
    assert.equal(second.routed, 0);
    assert.equal((await routedCase("c.channel = 'form' and c.external_id = $2", ['h-1'])).routedEntries, 1);
  });

  test('выгрузка ИМ через API: правила применены', async () => {
    const csv = [
      'Номер инцидента;Текст;Группа тем;Тема;Дата создания',
      'И-route-1;Светофор у больницы не работает;Дороги;Светофоры;01.02.2024 09:00',
    ].join('\n');
    const form = new FormData();
    form.set('file', new Blob([csv]), 'im.csv');
    const response = await admin.request('POST', '/api/intake/imports/im', { form });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.equal(response.body.routed, 1);
    assertRouted(await routedCase("c.channel = 'im' and c.external_id = $2", ['И-route-1']), 'im-export');
  });

  test('изменение правила действует сразу: выключенное больше не срабатывает', async () => {
    const disabled = await manager.request('PATCH', `/api/routing-rules/${ruleId}`, { json: { isActive: false } });
    assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
    const response = await open311('Светофор на Лесной снова сломан');
    const row = await routedCase('c.number = $2', [(await response.json())[0].service_request_id]);
    assert.equal(row.priority, 'normal');
    assert.equal(row.routedEntries, 0);
    await manager.request('PATCH', `/api/routing-rules/${ruleId}`, { json: { isActive: true } });
    const enabled = await open311('Светофор на Лесной опять');
    assertRouted(await routedCase('c.number = $2', [(await enabled.json())[0].service_request_id]), 'open311');
  });
});
