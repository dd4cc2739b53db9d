import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InboxQuery } from '../../../shared/contracts/inbox.contract.js';
import { defineInboxQueues, FINAL_GROUPS, type InboxQueue, OPEN_GROUPS } from '../../../shared/inbox/inbox-queues.js';
import type { Role } from '../../../shared/roles.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { endOfLocalDay } from '../cases/index.js';
import { listInbox } from './inbox.service.js';

let server: TestServer;
const clients: Record<string, TestHttpClient> = {};

async function as(login: string): Promise<TestHttpClient> {
  if (!clients[login]) {
    const client = new TestHttpClient(server.url);
    await client.signIn(login, 'demo-otklik');
    clients[login] = client;
  }
  return clients[login];
}

async function act(login: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const response = await (await as(login)).request('POST', `/api/cases/${id}/actions/${action}`, { json: body });
  assert.equal(response.status, 200, `${action}: ${JSON.stringify(response.body)}`);
  return response.body;
}

async function createCase(login: string, json: Record<string, unknown>): Promise<{ id: string; number: string }> {
  const response = await (await as(login)).request('POST', '/api/cases', { json: { kind: 'message', ...json } });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body;
}

type Person = { id: string; login: string; tenantId: string; recipientId: string | null; roles: Role[] };

async function person(login: string): Promise<Person> {
  const result = await server.server.database.pool.query<Person>(
    `select u.id, u.login, u.tenant_id as "tenantId", u.recipient_id as "recipientId",
            array(select r.role from user_roles r where r.user_id = u.id) as roles
       from users u where u.login = $1`,
    [login],
  );
  const row = result.rows[0];
  assert.ok(row, login);
  return row;
}

/** Every page of a queue through the API (small pages, to cross many cursors). */
async function readWholeQueue(login: string, query: string, limit = 7): Promise<string[]> {
  const client = await as(login);
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 500; guard += 1) {
    const url: string = `/api/inbox?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await client.request('GET', url);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    ids.push(...response.body.items.map((item: { id: string }) => item.id));
    cursor = response.body.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('слишком много страниц');
}

type CaseFacts = {
  id: string;
  tenantId: string;
  workflowId: string | null;
  state: string | null;
  status: string;
  channel: string;
  executorId: string | null;
  recipientId: string | null;
  takenById: string | null;
  returnedAt: Date | null;
  dueAt: Date | null;
  isFastTrack: boolean;
  district: string | null;
};

/** The expected members of a queue, computed in JS from the rows and the queue definitions (an independent oracle). */
async function expectedQueue(login: string, queue: InboxQueue, filter: (row: CaseFacts) => boolean = () => true) {
  const who = await person(login);
  const rows = (
    await server.server.database.pool.query<CaseFacts>(
      `select id, tenant_id as "tenantId", workflow_id as "workflowId", state, status, channel, executor_id as "executorId",
              recipient_id as "recipientId", taken_by_id as "takenById", returned_at as "returnedAt", due_at as "dueAt",
              is_fast_track as "isFastTrack", district
         from cases where tenant_id = $1`,
      [who.tenantId],
    )
  ).rows;
  const timezone = (
    await server.server.database.pool.query<{ timezone: string }>('select timezone from tenants where id = $1', [
      who.tenantId,
    ])
  ).rows[0]?.timezone as string;
  const definition = defineInboxQueues(who.roles)[queue];
  const now = Date.now();
  const todayEnd = endOfLocalDay(new Date(), timezone).getTime();
  const isExecutorOnly = who.roles.every((role) => role === 'executor');
  return new Set(
    rows
      .filter((row) => {
        if (isExecutorOnly && row.recipientId !== who.recipientId && row.executorId !== who.id) return false;
        if (queue !== 'all' && FINAL_GROUPS.includes(row.status as never)) return false;
        if (
          definition.states &&
          !definition.states.some((item) => item.workflowId === row.workflowId && item.state === row.state)
        )
          return false;
        if (definition.person && !(row.executorId === who.id || (row.executorId === null && row.takenById === who.id)))
          return false;
        if (definition.isReturned && row.returnedAt === null) return false;
        const due = row.dueAt ? new Date(row.dueAt).getTime() : null;
        const isOpen = OPEN_GROUPS.includes(row.status as never);
        if (definition.due === 'today' && !(isOpen && due !== null && due >= now && due < todayEnd)) return false;
        if (definition.due === 'overdue' && !(isOpen && due !== null && due < now)) return false;
        return filter(row);
      })
      .map((row) => row.id),
  );
}

const QUEUES: InboxQueue[] = [
  'new',
  'mine',
  'approval',
  'due_today',
  'overdue',
  'returned',
  'awaiting_resident',
  'all',
];

before(async () => {
  server = await startTestServer();
  // Work that fills the queues beyond the demo data: taken, assigned, returned for rework, in approval.
  const executor = await person('zarechny.executor');
  const taken = await createCase('zarechny.im', { channel: 'im', text: 'Не убран снег во дворе дома 7 по ул. Мира' });
  await act('zarechny.im', taken.id, 'take');
  const returned = await createCase('zarechny.im', { channel: 'im', text: 'Сломана скамейка в сквере у фонтана' });
  await act('zarechny.im', returned.id, 'take');
  await act('zarechny.im', returned.id, 'assign', { executorId: executor.id });
  await act('zarechny.executor', returned.id, 'draft-answer', { text: 'Скамейку починим' });
  await act('zarechny.im', returned.id, 'return-for-rework', { reason: 'Укажите срок ремонта' });
  const inReview = await createCase('zarechny.im', { channel: 'im', text: 'Не работает светофор на перекрёстке' });
  await act('zarechny.im', inReview.id, 'take');
  await act('zarechny.im', inReview.id, 'draft-answer', { text: 'Светофор исправлен' });
});

after(async () => {
  await server.stop();
});

describe('очереди входящих', () => {
  for (const login of ['zarechny.im', 'zarechny.executor', 'zarechny.glava', 'zarechny.mcu']) {
    test(`${login}: каждая очередь — ровно те сообщения, что по определению; счётчики совпадают`, async () => {
      const counts = await (await as(login)).request('GET', '/api/inbox/counts');
      assert.equal(counts.status, 200, JSON.stringify(counts.body));
      for (const queue of QUEUES) {
        const expected = await expectedQueue(login, queue);
        const actual = await readWholeQueue(login, `queue=${queue}`, queue === 'all' ? 100 : 15);
        assert.equal(new Set(actual).size, actual.length, `${queue}: без повторов`);
        assert.deepEqual(new Set(actual), expected, `${login}: очередь ${queue}`);
        if (queue !== 'all') assert.equal(counts.body.counts[queue], expected.size, `${login}: счётчик ${queue}`);
      }
    });
  }

  test('«Мои», «Возвращены мне», «Ждут моего согласования» заполняются действиями процесса', async () => {
    const im = await readWholeQueue('zarechny.im', 'queue=mine');
    const approval = await readWholeQueue('zarechny.im', 'queue=approval');
    const returned = await readWholeQueue('zarechny.executor', 'queue=returned');
    assert.ok(im.length >= 1, 'взятое координатором — у него в «Моих»');
    assert.ok(approval.length >= 1, 'черновик ответа ждёт согласования координатора ИМ');
    assert.equal(returned.length, 1, 'возвращённое на доработку — у исполнителя');
    assert.equal((await readWholeQueue('zarechny.pos', 'queue=approval')).includes(approval[0] as string), false);
    assert.deepEqual(await readWholeQueue('zarechny.im', 'queue=returned'), [], 'вернули исполнителю, не координатору');
  });

  test('фильтры: канал, состояние, срочность, район, получатель, исполнитель, период', async () => {
    const executor = await person('zarechny.executor');
    const sample = (
      await server.server.database.pool.query<{ district: string; recipientId: string }>(
        `select district, recipient_id as "recipientId" from cases
          where tenant_id = $1 and district is not null and recipient_id is not null limit 1`,
        [executor.tenantId],
      )
    ).rows[0];
    assert.ok(sample);
    const since = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const checks: Array<[string, (row: CaseFacts) => boolean]> = [
      ['channel=im', (row) => row.channel === 'im'],
      ['state=in_work', (row) => row.state === 'in_work'],
      ['isFastTrack=true', (row) => row.isFastTrack],
      [`district=${encodeURIComponent(sample.district)}`, (row) => row.district === sample.district],
      [`recipientId=${sample.recipientId}`, (row) => row.recipientId === sample.recipientId],
      [`executorId=${executor.id}`, (row) => row.executorId === executor.id],
      ['channel=pos&state=moderation', (row) => row.channel === 'pos' && row.state === 'moderation'],
    ];
    for (const [query, filter] of checks) {
      assert.deepEqual(
        new Set(await readWholeQueue('zarechny.mcu', `queue=all&${query}`, 50)),
        await expectedQueue('zarechny.mcu', 'all', filter),
        query,
      );
    }
    const recent = await readWholeQueue('zarechny.mcu', `queue=all&receivedFrom=${encodeURIComponent(since)}`, 100);
    const recentExpected = (
      await server.server.database.pool.query<{ id: string }>(
        'select id from cases where tenant_id = $1 and received_at >= $2',
        [executor.tenantId, since],
      )
    ).rows.map((row) => row.id);
    assert.deepEqual(new Set(recent), new Set(recentExpected), 'период');
    const counted = await (await as('zarechny.mcu')).request('GET', '/api/inbox/counts?channel=im');
    assert.equal(
      counted.body.counts.new,
      (await expectedQueue('zarechny.mcu', 'new', (row) => row.channel === 'im')).size,
    );
  });

  test('поиск по-русски с морфологией и точный номер', async () => {
    const pothole = await createCase('zarechny.im', {
      channel: 'im',
      text: 'Огромная яма на проезжей части у школы № 3',
      territory: { address: 'ул. Садовая, 12' },
    });
    const other = await createCase('zarechny.im', { channel: 'im', text: 'Яма во дворе детского сада' });
    const search = async (q: string) =>
      (await (await as('zarechny.im')).request('GET', `/api/inbox?queue=all&q=${encodeURIComponent(q)}`)).body;
    const byForm = await search('ямы');
    const found = byForm.items.map((item: { id: string }) => item.id);
    assert.ok(found.includes(pothole.id) && found.includes(other.id), '«ямы» находит «яма»');
    assert.equal(byForm.sort, 'rank');
    const excluded = (await search('ямы -школы')).items.map((item: { id: string }) => item.id);
    assert.ok(excluded.includes(other.id) && !excluded.includes(pothole.id), 'минус-слово исключает');
    const byAddress = (await search('садовой')).items.map((item: { id: string }) => item.id);
    assert.ok(byAddress.includes(pothole.id), 'адрес входит в поиск');
    const byNumber = await search(pothole.number);
    assert.equal(byNumber.items[0]?.id, pothole.id, 'номер находит своё сообщение первым');
    const empty = await search('абырвалг');
    assert.deepEqual(empty.items, []);
  });
});

describe('поиск по релевантности с ограничением', () => {
  test('совпадений больше предела — порядок очереди (по дате), и следующие страницы идут в нём же', async () => {
    const who = await person('zarechny.im');
    const tenant = await server.server.database.pool.query<{ slug: string; name: string; timezone: string }>(
      'select slug, name, timezone from tenants where id = $1',
      [who.tenantId],
    );
    const context = {
      userId: who.id,
      login: who.login,
      fullName: who.login,
      roles: who.roles,
      ownRoles: who.roles,
      tenant: { id: who.tenantId, kind: 'municipality', ...tenant.rows[0] },
      actingForUserIds: [who.id],
      recipientIds: [],
      visibleTenantIds: [who.tenantId],
      sessionTokenHash: '',
      csrfToken: '',
    } as unknown as AuthContext;
    const query = { queue: 'all', q: 'двор', limit: 2 } as InboxQuery;
    const all = await readWholeQueue('zarechny.im', 'queue=all&q=%D0%B4%D0%B2%D0%BE%D1%80', 100);
    assert.ok(all.length > 3, `«двор» находит несколько сообщений (${all.length})`);
    const ranked = await listInbox(server.server.database, context, query, { rankedMatchesLimit: all.length });
    assert.equal(ranked.sort, 'rank', 'совпадений не больше предела — по релевантности');
    const capped = await listInbox(server.server.database, context, query, { rankedMatchesLimit: all.length - 1 });
    assert.equal(capped.sort, 'received', 'совпадений больше предела — по дате поступления');
    const times = capped.items.map((item) => Date.parse(item.receivedAt));
    assert.ok(times[0] !== undefined && times[1] !== undefined && times[0] >= times[1], 'сначала новые');
    assert.ok(capped.nextCursor);
    const next = await listInbox(
      server.server.database,
      context,
      { ...query, cursor: capped.nextCursor },
      { rankedMatchesLimit: all.length - 1 },
    );
    assert.equal(next.sort, 'received', 'следующая страница — в том же порядке');
    assert.equal(
      next.items.some((item) => capped.items.some((seen) => seen.id === item.id)),
      false,
      'без повторов',
    );
  });
});

describe('страницы по курсору', () => {
  test('без повторов и пропусков, пока приходят новые сообщения', async () => {
    const before = await expectedQueue('zarechny.mcu', 'all');
    const client = await as('zarechny.mcu');
    const seen: string[] = [];
    let cursor: string | null = null;
    let page = 0;
    do {
      const response: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } =
        await client.request(
          'GET',
          `/api/inbox?queue=all&limit=40${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
      assert.equal(response.status, 200);
      seen.push(...response.body.items.map((item) => item.id));
      cursor = response.body.nextCursor;
      page += 1;
      if (page <= 3) await createCase('zarechny.im', { channel: 'phone', text: `Новое во время листания ${page}` });
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length, 'без повторов');
    for (const id of before) assert.ok(seen.includes(id), `без пропусков: ${id}`);
  });

  test('неверный курсор и фильтры — 400 с названием поля', async () => {
    const client = await as('zarechny.im');
    for (const [query, field] of [
      ['cursor=abc', 'cursor'],
      [
        `cursor=${Buffer.from('["due","2026-01-01T00:00:00.000Z","00000000-0000-0000-0000-000000000000"]').toString('base64url')}`,
        'cursor',
      ],
      [
        `cursor=${Buffer.from('["received","вчера","00000000-0000-0000-0000-000000000000"]').toString('base64url')}`,
        'cursor',
      ],
      ['channel=telegraph', 'channel'],
      ['queue=everything', 'queue'],
      ['limit=1000', 'limit'],
      ['receivedFrom=вчера', 'receivedFrom'],
      ['recipientId=42', 'recipientId'],
      ['q=%00', 'q'],
      ['order=random', 'order'],
      ['receivedFrom=2026-03-02T00:00:00Z&receivedTo=2026-03-01T00:00:00Z', 'receivedTo'],
    ] as const) {
      const response = await client.request('GET', `/api/inbox?${query}`);
      assert.equal(response.status, 400, `${query}: ${JSON.stringify(response.body)}`);
      assert.ok(
        response.body.error.fields?.some((item: { field: string }) => item.field === field),
        `${query}: поле ${field} в ${JSON.stringify(response.body.error)}`,
      );
    }
    assert.equal((await client.request('GET', '/api/inbox/counts?channel=telegraph')).status, 400);
  });
});

describe('сохранённые фильтры', () => {
  test('создать, изменить, удалить; чужие не видны и не меняются; всё в аудите', async () => {
    const im = await as('zarechny.im');
    const created = await im.request('POST', '/api/inbox/saved-filters', {
      json: { name: 'Срочные ИМ', queue: 'new', filters: { channel: 'im', isFastTrack: 'true' } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.filters, { channel: 'im', isFastTrack: 'true' });
    const duplicate = await im.request('POST', '/api/inbox/saved-filters', {
      json: { name: 'Срочные ИМ', queue: 'all', filters: {} },
    });
    assert.equal(duplicate.status, 409);
    const bad = await im.request('POST', '/api/inbox/saved-filters', {
      json: { name: 'Плохой', queue: 'all', filters: { channel: 'telegraph' } },
    });
    assert.equal(bad.status, 400);
    const updated = await im.request('PUT', `/api/inbox/saved-filters/${created.body.id}`, {
      json: { name: 'Срочные ИМ (район)', queue: 'overdue', filters: { channel: 'im', district: 'Центральный' } },
    });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.equal(updated.body.queue, 'overdue');
    assert.equal((await im.request('GET', '/api/inbox/saved-filters')).body.length, 1);

    for (const stranger of ['zarechny.pos', 'demo-region.curator']) {
      const client = await as(stranger);
      assert.deepEqual((await client.request('GET', '/api/inbox/saved-filters')).body, [], `${stranger} не видит`);
      assert.equal((await client.request('DELETE', `/api/inbox/saved-filters/${created.body.id}`)).status, 404);
      const put = await client.request('PUT', `/api/inbox/saved-filters/${created.body.id}`, {
        json: { name: 'Чужой', queue: 'all', filters: {} },
      });
      assert.equal(put.status, 404);
    }
    const own = await as('zarechny.pos');
    assert.equal(
      (await own.request('POST', '/api/inbox/saved-filters', { json: { name: 'Срочные ИМ', filters: {} } })).status,
      201,
      'то же название у другого человека допустимо',
    );
    assert.equal((await im.request('DELETE', `/api/inbox/saved-filters/${created.body.id}`)).status, 204);
    assert.deepEqual((await im.request('GET', '/api/inbox/saved-filters')).body, []);
    const audit = await server.server.database.pool.query<{ action: string }>(
      `select action from audit_log where object_type = 'inbox_filter' and object_id = $1 order by id`,
      [created.body.id],
    );
    assert.deepEqual(
      audit.rows.map((row) => row.action),
      ['inbox.filter_created', 'inbox.filter_updated', 'inbox.filter_deleted'],
    );
  });
});

describe('массовые действия', () => {
  test('взять в работу несколько: успешные проходят, ошибки — по каждому, по-русски', async () => {
    const first = await createCase('zarechny.im', { channel: 'im', text: 'Массово 1: нет воды в доме 2' });
    const second = await createCase('zarechny.im', { channel: 'im', text: 'Массово 2: нет света в подъезде' });
    const already = await createCase('zarechny.im', { channel: 'im', text: 'Массово 3: уже взято' });
    await act('zarechny.im', already.id, 'take');
    const foreign = await createCase('sosnovka.im', { channel: 'im', text: 'Чужой муниципалитет' }).catch(() => null);
    const caseIds = [first.id, second.id, already.id, ...(foreign ? [foreign.id] : [])];
    const response = await (await as('zarechny.im')).request('POST', '/api/inbox/bulk', {
      json: { action: 'take', caseIds },
    });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.succeeded, 2);
    assert.equal(response.body.failed, caseIds.length - 2);
    const byId = new Map(response.body.results.map((result: { caseId: string }) => [result.caseId, result]));
    assert.deepEqual(byId.get(first.id), {
      caseId: first.id,
      number: first.number,
      ok: true,
      code: null,
      message: 'Взято в работу',
    });
    const failed = byId.get(already.id) as { ok: boolean; code: string; message: string };
    assert.equal(failed.ok, false);
    assert.equal(failed.code, 'ACTION_NOT_ALLOWED_IN_STATE');
    assert.match(failed.message, /[А-Яа-я]/);
    if (foreign) assert.equal((byId.get(foreign.id) as { code: string }).code, 'CASE_NOT_FOUND');
    const audit = await server.server.database.pool.query<{ count: number }>(
      `select count(*)::int as count from audit_log where action = 'case.take' and object_id = any($1::text[])`,
      [[first.id, second.id]],
    );
    assert.equal(audit.rows[0]?.count, 2, 'одна строка аудита на каждое взятое');
    const mine = await readWholeQueue('zarechny.im', 'queue=mine');
    assert.ok(mine.includes(first.id) && mine.includes(second.id));

    const executor = await person('zarechny.executor');
    const assigned = await (await as('zarechny.im')).request('POST', '/api/inbox/bulk', {
      json: { action: 'assign', caseIds: [first.id, second.id], input: { executorId: executor.id } },
    });
    assert.equal(assigned.body.succeeded, 2, JSON.stringify(assigned.body));
    const executorMine = await readWholeQueue('zarechny.executor', 'queue=mine');
    assert.ok(executorMine.includes(first.id) && executorMine.includes(second.id));
    const noExecutor = await (await as('zarechny.im')).request('POST', '/api/inbox/bulk', {
      json: { action: 'assign', caseIds: [first.id] },
    });
    assert.equal(noExecutor.status, 400);
    assert.equal(noExecutor.body.error.fields[0].field, 'input.executorId');
  });

  test('глава только читает: массовые действия запрещены', async () => {
    const response = await (await as('zarechny.glava')).request('POST', '/api/inbox/bulk', {
      json: { action: 'take', caseIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    assert.equal(response.status, 403);
  });
});

describe('живые изменения (SSE)', () => {
  async function openStream(login: string) {
    const signIn = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: 'demo-otklik' }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .find((pair) => pair?.startsWith('otklik_session='));
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/inbox/stream`, {
      headers: { cookie: cookie ?? '' },
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let isOpen = false;
    const events: Array<{ caseIds: string[]; count: number; leftCaseIds: string[] }> = [];
    const pump = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith(': open')) isOpen = true;
            const data = block.split('\n').find((line) => line.startsWith('data: '));
            if (block.includes('event: inbox-changed') && data) events.push(JSON.parse(data.slice(6)));
          }
        }
      } catch {
        // aborted
      }
    })();
    // The stream is open once its first comment has arrived.
    for (let waited = 0; !isOpen && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(isOpen, 'поток открыт');
    return {
      events,
      async waitFor(caseId: string, timeoutMs = 10_000): Promise<boolean> {
        const started = Date.now();
        while (Date.now() - started < timeoutMs) {
          if (events.some((event) => event.caseIds.includes(caseId))) return true;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return false;
      },
      async waitForLeft(caseId: string, timeoutMs = 10_000): Promise<boolean> {
        const started = Date.now();
        while (Date.now() - started < timeoutMs) {
          if (events.some((event) => event.leftCaseIds.includes(caseId))) return true;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return false;
      },
      async close() {
        controller.abort();
        await pump;
      },
    };
  }

  test('новое сообщение доходит до координатора; исполнителю — только когда его назначили', async () => {
    const coordinator = await openStream('zarechny.im');
    const executorStream = await openStream('zarechny.executor');
    try {
      const created = await createCase('zarechny.mcu', { channel: 'im', text: 'Живое: упало дерево на дорогу' });
      assert.ok(await coordinator.waitFor(created.id), 'координатор узнал о новом сообщении');
      assert.equal(
        executorStream.events.some((event) => event.caseIds.includes(created.id)),
        false,
        'исполнителю не показывают чужое',
      );
      const executor = await person('zarechny.executor');
      await act('zarechny.im', created.id, 'take');
      await act('zarechny.im', created.id, 'assign', { executorId: executor.id });
      assert.ok(await executorStream.waitFor(created.id), 'исполнитель узнал о назначенном ему');
    } finally {
      await coordinator.close();
      await executorStream.close();
    }
  });

  test('переназначено другому получателю: у исполнителя строка уходит, новых данных сообщения он не получает', async () => {
    const executor = await person('zarechny.executor');
    const other = await server.server.database.pool.query<{ id: string }>(
      'select id from recipients where tenant_id = $1 and id <> $2 order by name limit 1',
      [executor.tenantId, executor.recipientId],
    );
    const otherRecipientId = other.rows[0]?.id;
    assert.ok(otherRecipientId, 'в муниципалитете есть другой получатель');
    const created = await createCase('zarechny.mcu', { channel: 'im', text: 'Живое: не вывезен мусор у дома 3' });
    await act('zarechny.im', created.id, 'take');
    await act('zarechny.im', created.id, 'assign', { executorId: executor.id });
    const executorStream = await openStream('zarechny.executor');
    const coordinator = await openStream('zarechny.im');
    try {
      const before = await readWholeQueue('zarechny.executor', 'queue=all', 100);
      assert.ok(before.includes(created.id), 'назначенное видно исполнителю');
      await act('zarechny.im', created.id, 'reassign', { recipientId: otherRecipientId });
      assert.ok(await executorStream.waitForLeft(created.id), 'исполнитель узнал, что сообщение ушло');
      assert.ok(await coordinator.waitFor(created.id), 'координатор узнал об изменении');
      assert.equal(
        coordinator.events.some((event) => event.leftCaseIds.includes(created.id)),
        false,
        'у координатора сообщение осталось в области видимости',
      );
      for (const event of executorStream.events) {
        assert.deepEqual(Object.keys(event).sort(), ['caseIds', 'count', 'leftCaseIds'], 'только идентификаторы');
        assert.equal(event.caseIds.includes(created.id), false, 'ушедшее не объявлено как изменённое у исполнителя');
      }
      const after = await readWholeQueue('zarechny.executor', 'queue=all', 100);
      assert.equal(after.includes(created.id), false, 'после обновления строки нет');
      const card = await (await as('zarechny.executor')).request('GET', `/api/cases/${created.id}`);
      assert.equal(card.status, 404, 'карточка ушедшего сообщения исполнителю недоступна');
    } finally {
      await executorStream.close();
      await coordinator.close();
    }
  });

  test('смена исполнителя внутри того же получателя: сообщение остаётся видно получателю — не «ушло»', async () => {
    const executor = await person('zarechny.executor');
    const exits = await server.server.database.pool.query<{ count: string }>(
      'select count(*) from case_scope_exits where tenant_id = $1',
      [executor.tenantId],
    );
    const created = await createCase('zarechny.mcu', { channel: 'im', text: 'Живое: яма на тротуаре у остановки' });
    await act('zarechny.im', created.id, 'take');
    await act('zarechny.im', created.id, 'assign', { recipientId: executor.recipientId });
    const executorStream = await openStream('zarechny.executor');
    try {
      await act('zarechny.im', created.id, 'reassign', { executorId: executor.id });
      assert.ok(await executorStream.waitFor(created.id), 'исполнитель узнал о назначении');
      assert.equal(
        executorStream.events.some((event) => event.leftCaseIds.includes(created.id)),
        false,
        'сообщение осталось в его области видимости',
      );
      const now = await server.server.database.pool.query<{ count: string }>(
        'select count(*) from case_scope_exits where tenant_id = $1',
        [executor.tenantId],
      );
      // Naming the executor changed the routing the case had (its recipient only): the trigger wrote it.
      assert.ok(Number(now.rows[0]?.count) > Number(exits.rows[0]?.count), 'смена маршрута записана триггером');
    } finally {
      await executorStream.close();
    }
  });
});
