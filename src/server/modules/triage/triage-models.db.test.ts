import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { insertCases, type NewCase } from '../cases/index.js';
import { SYNTHETIC_TOPICS } from './test-support/synthetic-history.js';
import { runScheduledRetraining } from './triage.jobs.js';

// The classifier as a product: versions in the database, keep-only-if-better, suggestions and their access
// rules, applying one, auto-apply at intake and the nightly retraining — through the real server (demo data
// plus a synthetic history of three topics whose recipient depends on topic and territory).

let server: TestServer;
let manager: TestHttpClient;
let tenantId: string;
let recipientIds: string[];
const SYNTHETIC_COUNT = 300;
const NOISE = ['пожалуйста', 'разберитесь', 'уже', 'давно', 'возле', 'дома', 'опять', 'снова'];
const TERRITORIES = ['Северный', 'Южный'];

/** The labelled topic of synthetic case `index`: its text's topic, except every tenth (label noise, as in life). */
function labelTopicOf(index: number, isCorrupt: boolean): number {
  const textTopic = index % SYNTHETIC_TOPICS.length;
  return (textTopic + (index % 10 === 9 ? 1 : 0) + (isCorrupt ? 1 : 0)) % SYNTHETIC_TOPICS.length;
}

function recipientOf(topicIndex: number, territoryIndex: number): string {
  const index = topicIndex === 0 ? 0 : 1 + territoryIndex;
  return recipientIds[index] ?? '';
}

/** Synthetic closed cases, one hour apart after every demo case (so they are the latest by date). */
function buildHistory(start: Date): NewCase[] {
  let seed = 11;
  const random = () => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed / 4_294_967_296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: SYNTHETIC_COUNT }, (_, index) => {
    const topicIndex = index % SYNTHETIC_TOPICS.length;
    const topic = SYNTHETIC_TOPICS[topicIndex] ?? SYNTHETIC_TOPICS[0];
    const territoryIndex = Math.floor(random() * TERRITORIES.length);
    const receivedAt = new Date(start.getTime() + (index + 1) * 3_600_000);
    const label = SYNTHETIC_TOPICS[labelTopicOf(index, false)] ?? topic;
    return {
      channel: 'phone',
      kind: 'message',
      externalId: `triage-test-${index}`,
      status: 'closed',
      text: [pick(NOISE), pick(topic.words), pick(NOISE), pick(topic.words), pick(topic.words)].join(' '),
      category: label.category,
      subcategory: label.subcategory,
      address: null,
      district: TERRITORIES[territoryIndex] ?? null,
      latitude: null,
      longitude: null,
      applicantName: null,
      applicantPhone: null,
      applicantEmail: null,
      isFastTrack: false,
      receivedAt,
      dueAt: null,
      closedAt: receivedAt,
      recipientId: recipientOf(labelTopicOf(index, false), territoryIndex),
    } as NewCase;
  });
}

/** Rotates the labels of the earlier 60 % of the synthetic cases (a wrong history), or puts them back. */
async function setEarlierLabels(isCorrupt: boolean): Promise<void> {
  const pool = server.server.database.pool;
  const rows = await pool.query<{ id: string; external_id: string; district: string }>(
    `select id, external_id, district from cases where tenant_id = $1 and external_id like 'triage-test-%'
      order by received_at limit $2`,
    [tenantId, Math.round(SYNTHETIC_COUNT * 0.6)],
  );
  for (const row of rows.rows) {
    const index = Number(row.external_id.replace('triage-test-', ''));
    const topicIndex = labelTopicOf(index, isCorrupt);
    const topic = SYNTHETIC_TOPICS[topicIndex] ?? SYNTHETIC_TOPICS[0];
    await pool.query(
      `update cases set category = $3, subcategory = $4, recipient_id = $5, updated_at = now()
        where tenant_id = $1 and id = $2`,
      [tenantId, row.id, topic.category, topic.subcategory, recipientOf(topicIndex, TERRITORIES.indexOf(row.district))],
    );
  }
}

before(async () => {
  server = await startTestServer();
  manager = new TestHttpClient(server.url);
  const session = await manager.signIn('zarechny.mcu', 'demo-otklik');
  tenantId = session.user?.tenant?.id ?? session.tenant?.id;
  if (!tenantId) {
    const found = await server.server.database.pool.query<{ id: string }>(
      "select id from tenants where slug = 'zarechny'",
    );
    tenantId = found.rows[0]?.id ?? '';
  }
  const recipients = await manager.request('GET', '/api/recipients');
  recipientIds = recipients.body.map((recipient: { id: string }) => recipient.id);
  assert.ok(recipientIds.length >= 3, 'в демо-муниципалитете нужны три получателя');
  const latest = await server.server.database.pool.query<{ at: Date }>(
    'select max(received_at) as at from cases where tenant_id = $1',
    [tenantId],
  );
  const start = new Date(latest.rows[0]?.at ?? Date.now());
  assert.equal(await insertCases(server.server.database.pool, tenantId, buildHistory(start)), SYNTHETIC_COUNT);
});
after(async () => {
  await server.stop();
});

async function auditActions(action: string): Promise<number> {
  const result = await server.server.database.pool.query<{ count: number }>(
    'select count(*)::int as count from audit_log where tenant_id = $1 and action = $2',
    [tenantId, action],
  );
  return result.rows[0]?.count ?? 0;
}

test('обучение: первая модель активна; лучшая заменяет её; худшая остаётся отклонённой со своими оценками', async () => {
  await setEarlierLabels(true);
  const first = await manager.request('POST', '/api/triage/models/train', { timeoutMs: 170_000 });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.equal(first.body.version, 1);
  assert.equal(first.body.status, 'active');
  assert.equal(first.body.trigger, 'manual');
  assert.equal(first.body.comparedWith, null);
  assert.ok(first.body.heldOut >= 1 && first.body.trainedOn > first.body.heldOut);
  assert.match(first.body.decision, /^Первая модель/);

  await setEarlierLabels(false);
  const better = await manager.request('POST', '/api/triage/models/train', { timeoutMs: 170_000 });
  assert.equal(better.status, 201, JSON.stringify(better.body));
  assert.equal(better.body.version, 2);
  assert.equal(better.body.status, 'active', better.body.decision);
  assert.equal(better.body.comparedWith.version, 1);
  assert.ok(better.body.score > better.body.comparedWith.score);

  await setEarlierLabels(true);
  const worse = await manager.request('POST', '/api/triage/models/train', { timeoutMs: 170_000 });
  assert.equal(worse.status, 201, JSON.stringify(worse.body));
  assert.equal(worse.body.version, 3);
  assert.equal(worse.body.status, 'rejected');
  assert.ok(worse.body.score < worse.body.comparedWith.score, JSON.stringify(worse.body));
  assert.match(worse.body.decision, /Не лучше активной версии 2/);
  assert.ok(worse.body.metrics.category.n >= 1);

  const list = await manager.request('GET', '/api/triage/models');
  assert.equal(list.status, 200);
  assert.deepEqual(
    list.body.map((model: { version: number; status: string }) => [model.version, model.status]),
    [
      [3, 'rejected'],
      [2, 'active'],
      [1, 'superseded'],
    ],
  );
  assert.equal(await auditActions('triage_model.activated'), 2);
  assert.equal(await auditActions('triage_model.rejected'), 1);
  await setEarlierLabels(false);
});

test('подсказки: топ-3 по каждой цели со словами; чужой муниципалитет и чужое исполнителю — 404', async () => {
  const created = await manager.request('POST', '/api/cases', {
    json: {
      channel: 'phone',
      kind: 'message',
      text: 'Контейнер переполнен, мусор не вывозят, свалка у подъезда',
      territory: { district: 'Южный' },
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const suggestions = await manager.request('GET', `/api/cases/${created.body.id}/suggestions`);
  assert.equal(suggestions.status, 200, JSON.stringify(suggestions.body));
  assert.equal(suggestions.body.model.version, 2);
  const { category, subcategory, recipient } = suggestions.body.targets;
  assert.ok(category.length >= 1 && category.length <= 3);
  assert.equal(category[0].value, 'Мусор');
  assert.ok(category[0].confidence > 0 && category[0].confidence <= 1);
  assert.ok(category[0].confidence >= (category[1]?.confidence ?? 0));
  assert.ok(
    category[0].reasons.some((reason: { kind: string; text: string }) =>
      ['контейнер', 'мусор', 'свалка', 'переполнен'].includes(reason.text),
    ),
    JSON.stringify(category[0].reasons),
  );
  assert.equal(subcategory[0].value, 'Вывоз');
  assert.equal(recipient[0].value, recipientIds[2]);
  assert.notEqual(recipient[0].label, recipient[0].value);

  const foreign = new TestHttpClient(server.url);
  await foreign.signIn('sosnovsky.mcu', 'demo-otklik');
  const foreignRead = await foreign.request('GET', `/api/cases/${created.body.id}/suggestions`);
  assert.equal(foreignRead.status, 404);
  assert.match(foreignRead.body.error.message, /не найдено/);

  const executor = new TestHttpClient(server.url);
  await executor.signIn('zarechny.executor', 'demo-otklik');
  const own = await executor.request('GET', '/api/cases');
  assert.equal(own.status, 200);
  const ownCase = own.body.items[0];
  assert.ok(ownCase, 'у исполнителя демо есть свои сообщения');
  assert.equal((await executor.request('GET', `/api/cases/${ownCase.id}/suggestions`)).status, 200);
  // The new case is routed nowhere yet: the executor cannot read it, nor its suggestions.
  assert.equal((await executor.request('GET', `/api/cases/${created.body.id}`)).status, 404);
  assert.equal((await executor.request('GET', `/api/cases/${created.body.id}/suggestions`)).status, 404);
  const applyByExecutor = await executor.request('POST', `/api/cases/${ownCase.id}/suggestions/apply`, {
    json: { target: 'category', value: 'Мусор', version: 1 },
  });
  assert.equal(applyByExecutor.status, 403);

  const anonymous = new TestHttpClient(server.url);
  assert.equal((await anonymous.request('GET', `/api/cases/${created.body.id}/suggestions`)).status, 401);
  const badId = await manager.request('GET', '/api/cases/не-uuid/suggestions');
  assert.equal(badId.status, 400);
  assert.match(badId.body.error.message + JSON.stringify(badId.body.error.fields ?? []), /id/);
});

test('применение подсказки: поле, версия, ход «Классификатор» и аудит; устаревшая версия — 409, неверный ввод — 400', async () => {
  const created = await manager.request('POST', '/api/cases', {
    json: { channel: 'phone', kind: 'message', text: 'Яма на дороге, асфальт разбит, колея', territory: {} },
  });
  assert.equal(created.status, 201);
  const id = created.body.id;
  const suggestions = await manager.request('GET', `/api/cases/${id}/suggestions`);
  const top = suggestions.body.targets.category[0];
  assert.equal(top.value, 'Дороги');
  const applied = await manager.request('POST', `/api/cases/${id}/suggestions/apply`, {
    json: { target: 'category', value: top.value, version: suggestions.body.caseVersion },
  });
  assert.equal(applied.status, 200, JSON.stringify(applied.body));
  assert.equal(applied.body.targets.category[0].isCurrent, true);
  const card = await manager.request('GET', `/api/cases/${id}`);
  assert.equal(card.body.category, 'Дороги');
  const entry = card.body.history.find((item: { action: string }) => item.action === 'classified');
  assert.ok(entry, 'в ходе есть запись классификатора');
  assert.equal(entry.title, 'Классификатор');
  assert.equal(entry.payload.modelVersion, 2);
  assert.equal(entry.payload.by, 'person');
  assert.ok(entry.payload.confidence > 0);
  assert.equal(await auditActions('case.suggestion_applied'), 1);

  const stale = await manager.request('POST', `/api/cases/${id}/suggestions/apply`, {
    json: { target: 'subcategory', value: 'Ямы', version: suggestions.body.caseVersion },
  });
  assert.equal(stale.status, 409);
  assert.match(stale.body.error.message, /уже изменили/);

  const badTarget = await manager.request('POST', `/api/cases/${id}/suggestions/apply`, {
    json: { target: 'priority', value: 'high', version: applied.body.caseVersion },
  });
  assert.equal(badTarget.status, 400);
  assert.equal(badTarget.body.error.fields[0].field, 'target');
  assert.match(badTarget.body.error.fields[0].message, /category, subcategory, recipient/);
  const noValue = await manager.request('POST', `/api/cases/${id}/suggestions/apply`, {
    json: { target: 'category', value: '  ', version: applied.body.caseVersion },
  });
  assert.equal(noValue.status, 400);
  assert.match(noValue.body.error.fields[0].message, /укажите значение/);
  const foreignRecipient = await manager.request('POST', `/api/cases/${id}/suggestions/apply`, {
    json: { target: 'recipient', value: crypto.randomUUID(), version: applied.body.caseVersion },
  });
  assert.equal(foreignRecipient.status, 400);
  assert.equal(foreignRecipient.body.error.fields[0].field, 'value');
});

test('автоприменение: выше порога — рубрика и получатель от классификатора с версией и уверенностью; ниже — только подсказка; автоправило важнее', async () => {
  const badThreshold = await manager.request('PUT', '/api/triage/settings', { json: { autoApplyThreshold: 1.5 } });
  assert.equal(badThreshold.status, 400);
  assert.equal(badThreshold.body.error.fields[0].field, 'autoApplyThreshold');
  assert.match(badThreshold.body.error.fields[0].message, /не больше 1/);
  const notNumber = await manager.request('PUT', '/api/triage/settings', { json: { autoApplyThreshold: 'высокий' } });
  assert.equal(notNumber.status, 400);
  assert.match(notNumber.body.error.fields[0].message, /число от 0 до 1/);

  const clearText = 'Переполнен контейнер, мусор и свалка во дворе, вывоз не работает';
  const off = await manager.request('POST', '/api/cases', {
    json: { channel: 'phone', kind: 'message', text: clearText, territory: { district: 'Северный' } },
  });
  assert.equal(off.body.category, null, 'без порога ничего не применяется');

  const saved = await manager.request('PUT', '/api/triage/settings', { json: { autoApplyThreshold: 0.5 } });
  assert.equal(saved.status, 200);
  assert.deepEqual((await manager.request('GET', '/api/triage/settings')).body, { autoApplyThreshold: 0.5 });
  assert.equal(await auditActions('triage_settings.updated'), 1);

  const above = await manager.request('POST', '/api/cases', {
    json: { channel: 'phone', kind: 'message', text: clearText, territory: { district: 'Северный' } },
  });
  assert.equal(above.status, 201);
  assert.equal(above.body.category, 'Мусор');
  const entry = above.body.history.find((item: { action: string }) => item.action === 'classified');
  assert.ok(entry, 'в ходе есть запись классификатора');
  assert.equal(entry.actorName, null);
  assert.equal(entry.payload.by, 'classifier');
  assert.equal(entry.payload.modelVersion, 2);
  assert.ok(entry.payload.category.confidence >= 0.5);
  assert.equal(entry.payload.recipient.value, recipientIds[1]);
  assert.equal(await auditActions('case.classified'), 1);
  const recipient = await server.server.database.pool.query<{ recipient_id: string }>(
    'select recipient_id from cases where tenant_id = $1 and id = $2',
    [tenantId, above.body.id],
  );
  assert.equal(recipient.rows[0]?.recipient_id, recipientIds[1]);

  // Below the threshold: a text of words every topic shares, with the threshold set just above its confidence.
  const mixedText = 'Пожалуйста, разберитесь: опять и снова, уже давно возле дома';
  const probe = await manager.request('POST', '/api/cases', {
    json: {
      channel: 'email',
      kind: 'message',
      text: mixedText,
      territory: { district: 'Северный' },
      category: 'Проба',
    },
  });
  const probeSuggestions = await manager.request('GET', `/api/cases/${probe.body.id}/suggestions`);
  const mixedTop = probeSuggestions.body.targets.category[0];
  // Each target is judged by its own confidence: the threshold goes above both the category's and the recipient's.
  const highest = Math.max(mixedTop.confidence, probeSuggestions.body.targets.recipient[0]?.confidence ?? 0);
  assert.ok(highest < 0.99, `уверенность ${highest}`);
  await manager.request('PUT', '/api/triage/settings', { json: { autoApplyThreshold: highest + 0.001 } });
  const below = await manager.request('POST', '/api/cases', {
    json: { channel: 'email', kind: 'message', text: mixedText, territory: { district: 'Северный' } },
  });
  assert.equal(below.status, 201);
  assert.equal(below.body.category, null);
  assert.equal(
    below.body.history.some((item: { action: string }) => item.action === 'classified'),
    false,
  );
  const stillSuggested = await manager.request('GET', `/api/cases/${below.body.id}/suggestions`);
  assert.equal(stillSuggested.body.targets.category[0].value, mixedTop.value);
  assert.equal(await auditActions('case.classified'), 1);

  await manager.request('PUT', '/api/triage/settings', { json: { autoApplyThreshold: 0.5 } });
  const rule = await manager.request('POST', '/api/routing-rules', {
    json: {
      name: 'Контейнеры — в дороги (проверка старшинства правил)',
      conditions: [{ type: 'words', words: ['контейнер'] }],
      actions: { category: 'Дороги' },
      stopOnMatch: true,
    },
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  const ruled = await manager.request('POST', '/api/cases', {
    json: { channel: 'phone', kind: 'message', text: clearText, territory: { district: 'Северный' } },
  });
  assert.equal(ruled.body.category, 'Дороги');
  assert.equal(
    ruled.body.history.some((item: { action: string }) => item.action === 'classified'),
    false,
  );
  await manager.request('DELETE', `/api/routing-rules/${rule.body.id}`);
});

test('права: исполнитель и глава не видят моделей и не обучают; куратор ЦУР не обучает модели муниципалитета', async () => {
  const executor = new TestHttpClient(server.url);
  await executor.signIn('zarechny.executor', 'demo-otklik');
  assert.equal((await executor.request('GET', '/api/triage/models')).status, 403);
  assert.equal((await executor.request('POST', '/api/triage/models/train')).status, 403);
  assert.equal(
    (await executor.request('PUT', '/api/triage/settings', { json: { autoApplyThreshold: 0.9 } })).status,
    403,
  );
  const head = new TestHttpClient(server.url);
  await head.signIn('zarechny.glava', 'demo-otklik');
  assert.equal((await head.request('GET', '/api/triage/models')).status, 403);
  const curator = new TestHttpClient(server.url);
  await curator.signIn('demo-region.curator', 'demo-otklik');
  assert.equal((await curator.request('POST', '/api/triage/models/train')).status, 403);
});

test('расписание: переобучает муниципалитет с новыми сообщениями и пропускает без новых', async () => {
  const first = await runScheduledRetraining(server.server.database);
  const own = first.trained.find((item) => item.tenantId === tenantId);
  assert.ok(own, JSON.stringify(first));
  const models = await manager.request('GET', '/api/triage/models');
  assert.equal(models.body[0].trigger, 'schedule');
  assert.equal(models.body[0].triggeredByName, null);
  const second = await runScheduledRetraining(server.server.database);
  assert.ok(
    second.skipped.some((item) => item.tenantId === tenantId && /нет новых/.test(item.reason)),
    JSON.stringify(second),
  );
});
