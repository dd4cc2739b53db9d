import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { closeExpiredSatisfactionWindows } from './case-actions.service.js';

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

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

async function act(login: string, id: string, action: string, body: Record<string, unknown> = {}) {
  return (await as(login)).request('POST', `/api/cases/${id}/actions/${action}`, { json: body });
}

describe('жизненный цикл сообщения', () => {
  test('ИМ: взято, назначено, ответ по шаблону, согласовано, одобрено ЦУР, опубликовано, возвращено комментарием автора', async () => {
    const coordinator = await as('zarechny.im');
    const created = await coordinator.request('POST', '/api/cases', {
      json: {
        channel: 'im',
        kind: 'message',
        text: 'Во дворе дома 5 по ул. Ленина не вывезли мусор',
        category: 'Мусор и ТКО',
        territory: { address: 'ул. Ленина, 5' },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    assert.equal(created.body.state, 'new');
    assert.equal(created.body.workflowId, 'im');
    assert.ok(created.body.deadlines.some((deadline: { kind: string }) => deadline.kind === 'answer'));
    assert.ok(created.body.allowedActions.some((action: { name: string }) => action.name === 'take'));

    assert.equal((await act('zarechny.im', id, 'take')).body.state, 'in_work');
    const executor = (await coordinator.request('GET', '/api/people?role=executor')).body.find(
      (person: { login: string }) => person.login === 'zarechny.executor',
    );
    const assigned = await act('zarechny.im', id, 'assign', { executorId: executor.id });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    assert.equal(assigned.body.state, 'assigned');

    const template = await coordinator.request('POST', '/api/answer-templates', {
      json: {
        title: 'Вывоз ТКО',
        topic: 'Мусор и ТКО',
        body: 'По сообщению № {{номер}}: контейнеры по адресу {{адрес}} вывезены.',
      },
    });
    const text = (
      await coordinator.request('POST', `/api/answer-templates/${template.body.id}/render`, { json: { caseId: id } })
    ).body.text;
    const drafted = await act('zarechny.executor', id, 'draft-answer', { text, templateId: template.body.id });
    assert.equal(drafted.status, 200, JSON.stringify(drafted.body));
    assert.equal(drafted.body.state, 'answer_review');

    const approved = await act('zarechny.im', id, 'approve');
    assert.equal(approved.body.state, 'cur_review', JSON.stringify(approved.body));
    const byCur = await act('demo-region.curator', id, 'approve-cur');
    assert.equal(byCur.status, 200, JSON.stringify(byCur.body));
    const published = await act('zarechny.im', id, 'publish', { result: 'resolved' });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    assert.equal(published.body.state, 'awaiting_resident');
    assert.ok(
      published.body.deadlines.some(
        (deadline: { kind: string; state: string }) => deadline.kind === 'satisfaction' && deadline.state !== 'stopped',
      ),
    );

    const reopened = await act('zarechny.im', id, 'resident-comment', { text: 'Ничего не вывезли, всё на месте' });
    assert.equal(reopened.status, 200, JSON.stringify(reopened.body));
    assert.equal(reopened.body.state, 'assigned', 'снова у исполнителя');
    assert.equal(reopened.body.status, 'in_work');
    const actions = reopened.body.history.map((entry: { action: string }) => entry.action);
    assert.deepEqual(actions, [
      'created',
      'take',
      'assign',
      'draft-answer',
      'approve',
      'approve-cur',
      'publish',
      'resident-comment',
    ]);
    const audit = await server.server.database.pool.query(
      "select count(*)::int as count from audit_log where object_id = $1 and action like 'case.%' and action <> 'case.personal_data_viewed'",
      [id],
    );
    assert.equal(audit.rows[0].count, actions.length, 'одна строка аудита на действие');
  });

  test('ИМ: автор не отреагировал за 2 рабочих дня — система закрывает сообщение', async () => {
    const coordinator = await as('zarechny.im');
    const id = (
      await coordinator.request('POST', '/api/cases', {
        json: { channel: 'im', kind: 'message', text: 'Не горит фонарь у дома 3' },
      })
    ).body.id;
    await act('zarechny.im', id, 'take');
    await act('zarechny.im', id, 'draft-answer', { text: 'Фонарь заменён 21.11.' });
    await act('zarechny.im', id, 'approve');
    await act('demo-region.curator', id, 'approve-cur');
    const published = await act('zarechny.im', id, 'publish', { result: 'resolved' });
    assert.equal(published.body.state, 'awaiting_resident', JSON.stringify(published.body));
    assert.equal(await closeExpiredSatisfactionWindows(server.server.database), 0, 'окно ещё не истекло');
    await server.server.database.pool.query(
      "update case_timers set due_at = now() - interval '1 minute' where case_id = $1 and kind = 'satisfaction'",
      [id],
    );
    assert.equal(await closeExpiredSatisfactionWindows(server.server.database), 1);
    const closed = (await coordinator.request('GET', `/api/cases/${id}`)).body;
    assert.equal(closed.state, 'closed');
    assert.equal(closed.status, 'closed');
    assert.equal(closed.history.at(-1).action, 'satisfaction-timeout');
    assert.equal(closed.history.at(-1).actorName, null, 'закрыла система');
    assert.ok(
      closed.deadlines.every((deadline: { state: string }) => deadline.state === 'stopped'),
      'таймеры остановлены',
    );
    assert.equal(await closeExpiredSatisfactionWindows(server.server.database), 0, 'второй раз — нечего закрывать');
  });

  test('недопустимое действие — 409, чужая роль — 403, неверный ввод — 400 с полем, устаревшая версия — 409 с изменениями', async () => {
    const coordinator = await as('zarechny.im');
    const created = (
      await coordinator.request('POST', '/api/cases', {
        json: { channel: 'im', kind: 'message', text: 'Яма на дороге' },
      })
    ).body;
    const wrongState = await act('zarechny.im', created.id, 'publish', { result: 'resolved' });
    assert.equal(wrongState.status, 409);
    assert.equal(wrongState.body.error.code, 'ACTION_NOT_ALLOWED_IN_STATE');
    const head = await act('zarechny.glava', created.id, 'take');
    assert.equal(head.status, 403);
    await act('zarechny.im', created.id, 'take');
    const badInput = await act('zarechny.im', created.id, 'assign', {});
    assert.equal(badInput.status, 400);
    assert.equal(badInput.body.error.fields[0].field, 'executorId');
    const foreignExecutor = (await (await as('sosnovsky.mcu')).request('GET', '/api/people?role=executor')).body[0];
    const foreign = await act('zarechny.im', created.id, 'assign', { executorId: foreignExecutor.id });
    assert.equal(foreign.status, 400);
    const stale = await act('zarechny.im', created.id, 'comment', { text: 'Проверить', version: 1 });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'VERSION_CONFLICT');
    assert.equal(stale.body.error.details.currentVersion, 2);
    assert.equal(stale.body.error.details.changes[0].action, 'take');
    const neighbour = await act('sosnovsky.mcu', created.id, 'comment', { text: 'Чужое' });
    assert.equal(neighbour.status, 404);
  });

  test('59-ФЗ: зарегистрировано, продлено один раз, срок ответа сдвинут', async () => {
    const manager = await as('zarechny.mcu');
    const created = await manager.request('POST', '/api/cases', {
      json: {
        channel: 'letter',
        kind: 'appeal',
        text: 'Прошу отремонтировать кровлю дома',
        applicant: { name: 'Иванов Иван Иванович' },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.workflowId, 'appeal');
    const registered = await act('zarechny.mcu', created.body.id, 'register', {});
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    const answerBefore = registered.body.deadlines.find(
      (deadline: { kind: string }) => deadline.kind === 'answer',
    ).dueAt;
    const allowed = registered.body.allowedActions.map((action: { name: string }) => action.name);
    assert.ok(allowed.length > 0, 'после регистрации есть что делать');
    const executor = (await manager.request('GET', '/api/people?role=executor')).body[0];
    const assigned = await act('zarechny.mcu', created.body.id, 'assign', { executorId: executor.id });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    const requested = await act('zarechny.mcu', created.body.id, 'request-extension', {
      reason: 'Нужно обследование кровли',
      days: 30,
    });
    assert.equal(requested.status, 200, JSON.stringify(requested.body));
    const extended = await act('zarechny.mcu', created.body.id, 'approve-extension', {});
    assert.equal(extended.status, 200, JSON.stringify(extended.body));
    const answerAfter = extended.body.deadlines.find((deadline: { kind: string }) => deadline.kind === 'answer').dueAt;
    assert.ok(Date.parse(answerAfter) > Date.parse(answerBefore) + 20 * 86_400_000, `${answerBefore} → ${answerAfter}`);
    const again = await act('zarechny.mcu', created.body.id, 'request-extension', { reason: 'Ещё раз' });
    assert.ok([409, 403].includes(again.status), `повторное продление: ${again.status}`);
  });

  test('регистрация: неверные поля — 400 с названием; глава не регистрирует', async () => {
    const coordinator = await as('zarechny.im');
    const bad = await coordinator.request('POST', '/api/cases', {
      json: { channel: 'telegraph', kind: 'message', text: '' },
    });
    assert.equal(bad.status, 400);
    const fields = bad.body.error.fields.map((field: { field: string }) => field.field);
    assert.ok(fields.includes('channel') && fields.includes('text'), fields.join());
    const head = await (await as('zarechny.glava')).request('POST', '/api/cases', {
      json: { channel: 'im', kind: 'message', text: 'x' },
    });
    assert.equal(head.status, 403);
  });

  test('ключ ленты — место записи в ленте сообщения (муниципалитет, сообщение, номер); отдельного индекса с теми же столбцами нет', async () => {
    // Migration 0032: each timeline entry updates two indexes, not three. The timeline is read per case by this key.
    const indexes = await server.server.database.pool.query<{ name: string; columns: string[]; primary: boolean }>(
      `select i.indexrelid::regclass::text as name, i.indisprimary as primary,
              array(select a.attname::text from unnest(i.indkey) with ordinality k(attnum, position)
                      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum order by k.position) as columns
         from pg_index i where i.indrelid = 'case_events'::regclass order by name`,
    );
    assert.deepEqual(
      indexes.rows.map((row) => [row.primary, row.columns.join(', ')]),
      [
        [false, 'tenant_id, created_at'],
        [true, 'tenant_id, case_id, id'],
      ],
    );
    // The plan of a case's timeline (listCaseEvents) on the key; sequential scans off, as the demo table is small.
    const client = await server.server.database.pool.connect();
    try {
      await client.query('begin');
      await client.query('set local enable_seqscan = off');
      const plan = await client.query(
        `explain (costs off) select id from case_events
          where tenant_id = '00000000-0000-0000-0000-000000000001' and case_id = '00000000-0000-0000-0000-000000000002'
          order by id`,
      );
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      assert.match(text, /Index (Only )?Scan using case_events_tenant_id_case_id_id_pk/, text);
      assert.doesNotMatch(text, /Sort/, text);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
