import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { formatLocalDate } from '../../../shared/local-date.js';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { DEMO_REGION } from '../demo/index.js';

let server: TestServer;
let admin: TestHttpClient;

before(async () => {
  server = await startTestServer();
  admin = new TestHttpClient(server.url);
  await admin.signIn('zarechny.admin', 'demo-otklik');
});
after(async () => {
  await server.stop();
});

function upload(
  client: TestHttpClient,
  content: Buffer | string,
  fileName: string,
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  form.set('actNumber', fields.actNumber ?? '45-р');
  form.set('actDate', fields.actDate ?? '2026-03-02');
  if (fields.note) form.set('note', fields.note);
  form.set('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), fileName);
  return client.request('POST', '/api/compositions/import', { form });
}

async function countRows(table: 'compositions' | 'users' | 'blocks'): Promise<number> {
  const result = await server.server.database.pool.query(`select count(*)::int as count from ${table}`);
  return result.rows[0].count;
}

describe('получатели и сотрудники', () => {
  test('иерархия: подчинённый отдел; петля в иерархии отклоняется с названием поля', async () => {
    const root = (await admin.request('GET', '/api/recipients')).body.find(
      (item: { kind: string }) => item.kind === 'administration',
    );
    const department = await admin.request('POST', '/api/recipients', {
      json: { parentId: root.id, kind: 'department', name: 'Комитет по культуре' },
    });
    assert.equal(department.status, 201);
    const school = await admin.request('POST', '/api/recipients', {
      json: { parentId: department.body.id, kind: 'institution', name: 'МБУК «Городской дом культуры»' },
    });
    assert.equal(school.status, 201);
    const loop = await admin.request('PATCH', `/api/recipients/${department.body.id}`, {
      json: { parentId: school.body.id },
    });
    assert.equal(loop.status, 400);
    assert.equal(loop.body.error.fields[0].field, 'parentId');
  });

  test('сотрудник с входом: создан, входит; отключён — не входит; удалить действовавшего нельзя (409)', async () => {
    const created = await admin.request('POST', '/api/people', {
      json: { fullName: 'Орлова Анна Ивановна', roles: ['executor'], login: 'orlova', password: 'пароль-орловой' },
    });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.roles, ['executor']);
    const orlova = new TestHttpClient(server.url);
    await orlova.signIn('orlova', 'пароль-орловой');
    const deleteActed = await admin.request('DELETE', `/api/people/${created.body.id}`);
    assert.equal(deleteActed.status, 409);
    assert.equal(deleteActed.body.error.code, 'PERSON_HAS_ACTED');
    const deactivated = await admin.request('PATCH', `/api/people/${created.body.id}`, { json: { isActive: false } });
    assert.equal(deactivated.status, 200);
    assert.equal(deactivated.body.isActive, false);
    assert.equal((await orlova.request('GET', '/api/auth/me')).status, 401, 'сессия отключённого закрыта');
    const again = await new TestHttpClient(server.url).request('POST', '/api/auth/login', {
      json: { login: 'orlova', password: 'пароль-орловой' },
    });
    assert.equal(again.status, 403);
    assert.equal(again.body.error.code, 'ACCOUNT_DISABLED');
    const never = await admin.request('POST', '/api/people', { json: { fullName: 'Ошибочно Внесённый' } });
    assert.equal((await admin.request('DELETE', `/api/people/${never.body.id}`)).status, 204);
    assert.equal((await admin.request('GET', `/api/people/${never.body.id}`)).status, 404);
  });

  test('логин без пароля и занятый логин — 400/409 с названием поля', async () => {
    const noPassword = await admin.request('POST', '/api/people', {
      json: { fullName: 'Без Пароля', login: 'nopass' },
    });
    assert.equal(noPassword.status, 400);
    assert.equal(noPassword.body.error.fields[0].field, 'password');
    const taken = await admin.request('POST', '/api/people', {
      json: { fullName: 'Двойник', login: 'zarechny.mcu', password: 'длинный-пароль' },
    });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error.fields[0].field, 'login');
    const regionRole = await admin.request('POST', '/api/people', {
      json: { fullName: 'Куратор', roles: ['cur_curator'] },
    });
    assert.equal(regionRole.status, 400);
  });
});

describe('замещение', () => {
  test('замещающий видит то, что видел бы отсутствующий, только в период замещения', async () => {
    const people = (await admin.request('GET', '/api/people')).body;
    const recipients = (await admin.request('GET', '/api/recipients')).body;
    const roads = recipients.find((item: { shortName: string }) => item.shortName === 'Дороги и транспорт');
    const roadEngineer = await admin.request('POST', '/api/people', {
      json: { fullName: 'Дорожный Инженер', recipientId: roads.id, roles: ['executor'] },
    });
    const executor = people.find((person: { login: string }) => person.login === 'zarechny.executor');
    const client = new TestHttpClient(server.url);
    await client.signIn('zarechny.executor', 'demo-otklik');
    const before = (await client.request('GET', '/api/cases?pageSize=200')).body;
    assert.ok(!before.items.some((item: { category: string }) => item.category === 'Дороги'));

    // «Today» of the municipality (UTC+7): from 17:00 UTC the UTC date is a day behind it.
    const today = formatLocalDate(new Date(), DEMO_REGION.timezone);
    const substitution = await admin.request('POST', '/api/substitutions', {
      json: {
        absentId: roadEngineer.body.id,
        substituteId: executor.id,
        startsOn: today,
        endsOn: today,
        reason: 'Отпуск',
      },
    });
    assert.equal(substitution.status, 201);
    assert.equal(substitution.body.isCurrent, true);
    const during = (await client.request('GET', '/api/cases?pageSize=200')).body;
    assert.ok(during.total > before.total);
    assert.ok(during.items.some((item: { category: string }) => item.category === 'Дороги'));

    assert.equal((await admin.request('DELETE', `/api/substitutions/${substitution.body.id}`)).status, 204);
    const afterwards = (await client.request('GET', '/api/cases?pageSize=200')).body;
    assert.equal(afterwards.total, before.total);

    const self = await admin.request('POST', '/api/substitutions', {
      json: { absentId: executor.id, substituteId: executor.id, startsOn: today, endsOn: today },
    });
    assert.equal(self.status, 400);
    const backwards = await admin.request('POST', '/api/substitutions', {
      json: { absentId: roadEngineer.body.id, substituteId: executor.id, startsOn: '2026-05-10', endsOn: '2026-05-01' },
    });
    assert.equal(backwards.status, 400);
    assert.ok(backwards.body.error.fields.some((field: { field: string }) => field.field === 'endsOn'));
  });
});

describe('состав МЦУ: загрузка и выгрузка', () => {
  test('CSV в Windows-1251: новая версия, люди сопоставлены по ФИО, роли и блоки назначены; выгрузка возвращает таблицу', async () => {
    const csv = [
      'ФИО;Должность;Роль;Блок',
      'Белова Наталья Сергеевна;Руководитель МЦУ;Руководитель МЦУ;',
      'Ершов Алексей Ильич;Заместитель главы;Руководитель блока;Образование и культура',
      'Фомина Вера Павловна;Главный специалист;Член блока;Образование и культура',
      '"Кравец; Юлия";Специалист;исполнитель;',
    ].join('\r\n');
    const windows1251 = encodeWindows1251(csv);
    const response = await upload(admin, windows1251, 'состав.csv', { note: 'Постановление о составе' });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.equal(response.body.composition.memberCount, 4);
    assert.equal(response.body.matchedPeople, 1);
    assert.equal(response.body.createdPeople, 3);
    assert.equal(response.body.createdBlocks, 1);
    const blocks = (await admin.request('GET', '/api/blocks')).body;
    const block = blocks.find((item: { name: string }) => item.name === 'Образование и культура');
    assert.equal(block.leaderName, 'Ершов Алексей Ильич');
    assert.equal(block.memberIds.length, 2);

    const exported = await fetch(`${server.url}/api/compositions/${response.body.composition.id}/export?format=xlsx`, {
      headers: { cookie: (admin as unknown as { cookie: string }).cookie },
    });
    assert.equal(exported.status, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await exported.arrayBuffer());
    const sheet = workbook.worksheets[0];
    assert.ok(sheet);
    assert.equal(sheet.getCell('A1').text, 'ФИО');
    assert.equal(sheet.getCell('A5').text, 'Кравец; Юлия');
    assert.equal(sheet.getCell('C3').text, 'Руководитель блока');

    const reimported = await upload(admin, Buffer.from(await workbook.xlsx.writeBuffer()), 'sostav.xlsx', {
      actNumber: '46-р',
    });
    assert.equal(reimported.status, 201, JSON.stringify(reimported.body));
    assert.equal(reimported.body.composition.version, response.body.composition.version + 1);
    assert.equal(reimported.body.createdPeople, 0);
    const versions = (await admin.request('GET', '/api/compositions')).body;
    assert.ok(versions.length >= 2, 'история версий сохраняется');
  });

  test('ошибка в строке: 400 с номером строки, ничего не записано', async () => {
    const before = {
      compositions: await countRows('compositions'),
      users: await countRows('users'),
      blocks: await countRows('blocks'),
    };
    const csv =
      'ФИО;Должность;Роль;Блок\nНовиков Новик Новикович;Специалист;Исполнитель;Новый блок\n;Без имени;Исполнитель;\nПопов Поп;;Волшебник;\n';
    const response = await upload(admin, csv, 'sostav.csv');
    assert.equal(response.status, 400);
    assert.match(response.body.error.message, /Строка 3: не заполнено ФИО/);
    assert.match(response.body.error.message, /Строка 4: неизвестная роль «Волшебник»/);
    assert.deepEqual(
      {
        compositions: await countRows('compositions'),
        users: await countRows('users'),
        blocks: await countRows('blocks'),
      },
      before,
    );
    const noAct = await upload(admin, 'ФИО\nИванов Иван\n', 'sostav.csv', { actNumber: ' ' });
    assert.equal(noAct.status, 400);
    assert.equal(noAct.body.error.fields[0].field, 'actNumber');
    const fake = await upload(admin, 'просто текст', 'sostav.xlsx');
    assert.equal(fake.status, 400);
    assert.equal(fake.body.error.fields[0].field, 'file');
    const exe = await upload(admin, 'MZ', 'virus.exe');
    assert.equal(exe.status, 400);
  });
});

describe('журнал аудита', () => {
  test('изменение записывается с «до» и «после»; поиск по сотруднику, объекту и периоду', async () => {
    const person = await admin.request('POST', '/api/people', {
      json: { fullName: 'Аудит Проверочный', position: 'Было' },
    });
    await admin.request('PATCH', `/api/people/${person.body.id}`, { json: { position: 'Стало' } });
    const me = (await admin.request('GET', '/api/auth/me')).body.user;
    const from = new Date(Date.now() - 60_000).toISOString();
    const found = await admin.request(
      'GET',
      `/api/audit?objectType=person&objectId=${person.body.id}&actorId=${me.id}&from=${encodeURIComponent(from)}`,
    );
    assert.equal(found.status, 200);
    const actions = found.body.items.map((item: { action: string }) => item.action);
    assert.deepEqual(actions, ['person.updated', 'person.created']);
    const update = found.body.items[0];
    assert.equal(update.before.position, 'Было');
    assert.equal(update.after.position, 'Стало');
    assert.equal(update.actorName, me.fullName);
    await admin.request('PATCH', `/api/people/${person.body.id}`, { json: { position: 'Стало' } });
    const unchanged = await admin.request('GET', `/api/audit?objectType=person&objectId=${person.body.id}`);
    assert.equal(unchanged.body.total, 2, 'правка без изменений не пишется в журнал');
    const future = await admin.request(
      'GET',
      `/api/audit?from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`,
    );
    assert.equal(future.body.total, 0);
    const badDate = await admin.request('GET', '/api/audit?from=вчера');
    assert.equal(badDate.status, 400);
    assert.equal(badDate.body.error.fields[0].field, 'from');
  });

  test('журнал только дополняется: UPDATE, DELETE и TRUNCATE отклоняет сама база', async () => {
    const pool = server.server.database.pool;
    await assert.rejects(pool.query("update audit_log set action = 'подмена'"), /append-only/);
    await assert.rejects(pool.query('delete from audit_log'), /append-only/);
    await assert.rejects(pool.query('truncate audit_log'), /append-only/);
    const count = await pool.query("select count(*)::int as count from audit_log where action = 'подмена'");
    assert.equal(count.rows[0].count, 0);
  });

  test('чужой муниципалитет не виден в журнале; глава журнал не читает', async () => {
    const neighbour = new TestHttpClient(server.url);
    await neighbour.signIn('sosnovsky.admin', 'demo-otklik');
    const me = (await admin.request('GET', '/api/auth/me')).body.user;
    const foreign = await neighbour.request('GET', `/api/audit?actorId=${me.id}`);
    assert.equal(foreign.status, 200);
    assert.equal(foreign.body.total, 0);
    const head = new TestHttpClient(server.url);
    await head.signIn('zarechny.glava', 'demo-otklik');
    assert.equal((await head.request('GET', '/api/audit')).status, 403);
  });
});

/** Windows-1251 bytes of a Russian text (what Excel writes for «CSV (разделители — запятые)»). */
function encodeWindows1251(text: string): Buffer {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code >= 0x410 && code <= 0x44f) bytes.push(code - 0x410 + 0xc0);
    else if (code === 0x401) bytes.push(0xa8);
    else if (code === 0x451) bytes.push(0xb8);
    else if (code === 0xab) bytes.push(0xab);
    else if (code === 0xbb) bytes.push(0xbb);
    else bytes.push(0x3f);
  }
  return Buffer.from(bytes);
}
