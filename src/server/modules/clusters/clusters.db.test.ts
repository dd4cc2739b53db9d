import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

let server: TestServer;
let manager: TestHttpClient;

before(async () => {
  server = await startTestServer();
  manager = new TestHttpClient(server.url);
  await manager.signIn('zarechny.mcu', 'demo-otklik');
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

// Far from the demo data: these cases group only with each other.
async function register(text: string, latitude: number, phone: string | null = null, email: string | null = null) {
  const response = await manager.request('POST', '/api/cases', {
    json: {
      channel: 'phone',
      kind: 'message',
      text,
      territory: { address: `Тестовая ул., ${latitude}`, latitude, longitude: 20 },
      ...(phone || email
        ? { applicant: { name: 'Петров Пётр Петрович', ...(phone ? { phone } : {}), ...(email ? { email } : {}) } }
        : {}),
    },
  });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body as {
    id: string;
    number: string;
    history: Array<{ action: string; payload: Record<string, unknown> }>;
  };
}

const cases: Array<{ id: string; number: string }> = [];

test('сообщения об одной проблеме группируются при поступлении; другая тема рядом — нет; повторное обращение отмечено', async () => {
  cases.push(await register('Прорвало трубу во дворе дома, вода заливает подвал и тротуар', 20, '+7 900 111-22-33'));
  const second = await register('Во дворе дома прорвало трубу, вода заливает тротуар', 20.0001, '8 (900) 111-22-33');
  cases.push(second);
  cases.push(await register('Прорыв трубы во дворе: подвал и тротуар залиты водой', 20.0002));
  await register('Не работает уличное освещение, фонари не горят', 20.0001);

  const clustered = second.history.find((entry) => entry.action === 'clustered');
  assert.equal(clustered?.payload.matchedCaseId, cases[0]?.id);
  assert.equal(clustered?.payload.repeatOf, 1);
  const list = await manager.request('GET', '/api/clusters?status=open');
  assert.equal(list.status, 200);
  assert.equal(list.body.total, 1);
  const cluster = await manager.request('GET', `/api/clusters/${list.body.items[0].id}`);
  assert.deepEqual(
    cluster.body.members.map((member: { number: string; source: string }) => [member.number, member.source]),
    cases.map((item) => [item.number, 'auto']),
  );
  assert.match(cluster.body.title, /Прорвало трубу/);

  const repeats = await manager.request('GET', '/api/clusters/repeats?days=30');
  assert.equal(repeats.body.total, 1);
  assert.deepEqual(
    [repeats.body.items[0].number, repeats.body.items[0].matchedBy, repeats.body.items[0].previous[0].number],
    [second.number, 'phone', cases[0]?.number],
  );
  assert.equal(repeats.body.items[0].contact, '8 (900) 111-22-33');
  const head = new TestHttpClient(server.url);
  await head.signIn('zarechny.glava', 'demo-otklik');
  const masked = await head.request('GET', '/api/clusters/repeats?days=30');
  assert.equal(masked.body.items[0].contact, '+* *** ***-**-33');
  assert.equal(masked.body.items[0].applicantName, 'П***** П. П.');
});

test('повторное обращение по e-mail (без учёта регистра) и по телефону; совпавшее обоими способами — одна запись «phone»', async () => {
  const first = await register('Яма на дороге у школы', 23, null, 'Resident@Mail.ru');
  const second = await register('Снова яма у школы, никто не заделал', 23.5, null, 'resident@mail.ru');
  const third = await register('Третий раз пишу про яму у школы', 24, '+7 900 555-44-33', 'resident@mail.ru');
  const fourth = await register('Яма у школы так и не заделана', 24.5, '8 900 555 44 33', 'RESIDENT@mail.ru');
  const stranger = await register('Яма во дворе', 25, '+7 900 000-00-01', 'other@mail.ru');
  const repeatsOf = async (caseId: string) => {
    const result = await server.server.database.pool.query<{ previousCaseId: string; matchedBy: string }>(
      `select previous_case_id as "previousCaseId", matched_by as "matchedBy" from case_repeats where case_id = $1
        order by matched_by, previous_case_id`,
      [caseId],
    );
    return result.rows.map((row) => `${row.previousCaseId}:${row.matchedBy}`).sort();
  };
  assert.deepEqual(await repeatsOf(first.id), []);
  assert.deepEqual(await repeatsOf(second.id), [`${first.id}:email`]);
  assert.deepEqual(await repeatsOf(third.id), [`${first.id}:email`, `${second.id}:email`].sort());
  assert.deepEqual(await repeatsOf(fourth.id), [`${first.id}:email`, `${second.id}:email`, `${third.id}:phone`].sort());
  assert.deepEqual(await repeatsOf(stranger.id), []);
});

test('объединение и разделение групп — с аудитом; группа из одного сообщения распускается', async () => {
  const other = [
    await register('Сорвало крышку люка на проезжей части, открытый колодец', 21),
    await register('Открытый колодец на проезжей части, крышку люка сорвало', 21.0001),
  ];
  const clusters = (await manager.request('GET', '/api/clusters')).body.items;
  assert.equal(clusters.length, 2);
  const water = clusters.find((item: { title: string }) => /трубу/.test(item.title));
  const manhole = clusters.find((item: { title: string }) => /люка/.test(item.title));
  const merged = await manager.request('POST', `/api/clusters/${water.id}/merge`, {
    json: { clusterIds: [manhole.id] },
  });
  assert.equal(merged.status, 200, JSON.stringify(merged.body));
  assert.equal(merged.body.memberCount, 5);
  assert.equal((await manager.request('GET', `/api/clusters/${manhole.id}`)).status, 404);
  assert.deepEqual(await auditActions(water.id), ['cluster.merged']);

  const split = await manager.request('DELETE', `/api/clusters/${water.id}/members/${other[1]?.id}`);
  assert.equal(split.body.memberCount, 4);
  const missing = await manager.request('DELETE', `/api/clusters/${water.id}/members/${other[1]?.id}`);
  assert.equal(missing.status, 404);
  const self = await manager.request('POST', `/api/clusters/${water.id}/merge`, { json: { clusterIds: [water.id] } });
  assert.equal(self.status, 400);
  assert.equal(self.body.error.fields[0].field, 'clusterIds');

  // A pair: taking one out dissolves the cluster.
  const pair = [
    await register('Упало дерево на детскую площадку', 22),
    await register('На детскую площадку упало дерево', 22.0001),
  ];
  const pairCluster = (await manager.request('GET', '/api/clusters')).body.items.find((item: { title: string }) =>
    /дерево/.test(item.title),
  );
  const dissolved = await manager.request('DELETE', `/api/clusters/${pairCluster.id}/members/${pair[0]?.id}`);
  assert.equal(dissolved.status, 200);
  assert.equal(dissolved.body, null);
  assert.equal((await manager.request('GET', `/api/clusters/${pairCluster.id}`)).status, 404);
  const added = await manager.request('POST', `/api/clusters/${water.id}/members`, { json: { caseId: other[1]?.id } });
  assert.equal(
    added.body.members.find((member: { caseId: string }) => member.caseId === other[1]?.id).source,
    'manual',
  );
  assert.deepEqual(await auditActions(water.id), ['cluster.merged', 'cluster.member_removed', 'cluster.member_added']);
});

test('ответ группе: «подготовить ответ» на каждом сообщении через действие процесса, каждое в аудите; неподходящие названы', async () => {
  const water = (await manager.request('GET', '/api/clusters')).body.items.find((item: { title: string }) =>
    /трубу/.test(item.title),
  );
  for (const item of cases.slice(0, 2)) {
    const taken = await manager.request('POST', `/api/cases/${item.id}/actions/take`, { json: {} });
    assert.equal(taken.status, 200, JSON.stringify(taken.body));
  }
  const answered = await manager.request('POST', `/api/clusters/${water.id}/answer`, {
    json: { text: 'Аварийная бригада устранила прорыв, подвал осушен.' },
  });
  assert.equal(answered.status, 200, JSON.stringify(answered.body));
  assert.equal(answered.body.answered, 2);
  assert.equal(answered.body.cluster.status, 'answered');
  const notDone = answered.body.results.filter((result: { isDone: boolean }) => !result.isDone);
  assert.equal(notDone.length, 3);
  assert.ok(
    notDone.every((result: { error: string | null }) => typeof result.error === 'string' && result.error.length > 0),
    'причина названа',
  );
  for (const item of cases.slice(0, 2)) {
    const detail = await manager.request('GET', `/api/cases/${item.id}`);
    assert.equal(detail.body.state, 'answer_review');
    assert.equal(
      (detail.body.lifecycle.draftAnswer as { text: string }).text,
      'Аварийная бригада устранила прорыв, подвал осушен.',
    );
    assert.ok((await auditActions(item.id)).includes('case.draft-answer'), 'действие каждого сообщения в аудите');
  }
  assert.equal((await auditActions(water.id)).at(-1), 'cluster.answered');
  const empty = await manager.request('POST', `/api/clusters/${water.id}/answer`, { json: { text: '' } });
  assert.equal(empty.status, 400);
  assert.equal(empty.body.error.fields[0].field, 'text');
});

test('пересборка сохраняет ручные решения и отвеченные группы; исполнитель не видит массовые проблемы', async () => {
  const before = (await manager.request('GET', '/api/clusters')).body.items;
  const recomputed = await manager.request('POST', '/api/clusters/recompute', { json: { days: 30 } });
  assert.equal(recomputed.status, 200, JSON.stringify(recomputed.body));
  assert.equal(recomputed.body.cases > 0, true);
  const after = (await manager.request('GET', '/api/clusters')).body.items;
  const water = after.find((item: { title: string }) => /трубу/.test(item.title));
  assert.equal(water.memberCount, 5);
  assert.equal(water.status, 'answered');
  // The tree pair was dissolved by hand and is grouped again by recompute (the text and place still match).
  assert.equal(after.length >= before.length, true);
  const executor = new TestHttpClient(server.url);
  await executor.signIn('zarechny.executor', 'demo-otklik');
  assert.equal((await executor.request('GET', '/api/clusters')).status, 403);
  assert.equal((await executor.request('POST', '/api/clusters/recompute', { json: { days: 30 } })).status, 403);
});

test('соседние сообщения по разные стороны границы полосы широты (0,001°) группируются; дальше радиуса — нет', async () => {
  const north = await register('Сломана скамейка в сквере у фонтана', 27.0001);
  const south = await register('В сквере у фонтана сломана скамейка', 26.9998);
  const far = await register('Скамейка сломана в сквере у фонтана', 26.999);
  const clustered = south.history.find((entry) => entry.action === 'clustered');
  assert.equal(clustered?.payload.matchedCaseId, north.id, '≈ 33 м, полосы 26999 и 27000');
  assert.equal(
    far.history.some((entry) => entry.action === 'clustered'),
    false,
    '≈ 90 м от ближайшего — дальше радиуса 50 м',
  );
});
