import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTenant, createUser } from '../../modules/organization/index.js';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { insertRecipient } from './organization-admin.repository.js';

// Every route × every role × own / foreign tenant, with the expected answer written out here (not
// derived from the permission table the server uses), so a change in who may do what shows up.

type RoleCase = {
  role: string;
  login: string;
  password: string;
  canManage: boolean;
  canAudit: boolean;
  isExecutor: boolean;
};

let server: TestServer;
const roles: RoleCase[] = [];
const ids = {
  ownRecipient: '',
  foreignRecipient: '',
  ownPerson: '',
  foreignPerson: '',
  ownBlock: '',
  foreignBlock: '',
  ownCase: '',
  foreignCase: '',
  ownComposition: '',
  foreignComposition: '',
  ownSubstitution: '',
  foreignSubstitution: '',
};

before(async () => {
  server = await startTestServer();
  const database = server.server.database;
  // A second region with one municipality: the ЦУР curator of the demo region must not see it.
  await createTenant(database, {
    slug: 'other-region',
    name: 'Другая область',
    shortName: 'Другая',
    kind: 'region',
    parentSlug: null,
    timezone: 'Europe/Moscow',
  });
  await createTenant(database, {
    slug: 'other-town',
    name: 'Другой город',
    shortName: 'Другой',
    kind: 'municipality',
    parentSlug: 'other-region',
    timezone: 'Europe/Moscow',
  });
  await createUser(database, {
    tenantSlug: 'other-town',
    login: 'other.admin',
    password: 'пароль-другого',
    fullName: 'Другой Админ',
    roles: ['admin'],
  });

  const expectations: Record<string, Omit<RoleCase, 'role' | 'login' | 'password'>> = {
    admin: { canManage: true, canAudit: true, isExecutor: false },
    manager: { canManage: true, canAudit: true, isExecutor: false },
    coordinator_im: { canManage: false, canAudit: false, isExecutor: false },
    coordinator_pos: { canManage: false, canAudit: false, isExecutor: false },
    executor: { canManage: false, canAudit: false, isExecutor: true },
    head: { canManage: false, canAudit: false, isExecutor: false },
    cur_curator: { canManage: false, canAudit: true, isExecutor: false },
  };
  for (const user of server.demoUsers) {
    const expectation = expectations[user.role];
    if (expectation && (user.tenant === 'zarechny' || user.role === 'cur_curator'))
      roles.push({ ...user, ...expectation });
  }
  assert.equal(roles.length, 7);

  const own = new TestHttpClient(server.url);
  await own.signIn('zarechny.admin', 'demo-otklik');
  const foreign = new TestHttpClient(server.url);
  await foreign.signIn('other.admin', 'пароль-другого');
  const foreignTenant = (await foreign.request('GET', '/api/auth/me')).body.user.tenant.id;
  await insertRecipient(database.pool, {
    tenantId: foreignTenant,
    parentId: null,
    kind: 'administration',
    name: 'Администрация другого города',
    shortName: null,
  });

  const pick = async (client: TestHttpClient, path: string) => (await client.request('GET', path)).body;
  ids.ownRecipient = (await pick(own, '/api/recipients'))[0].id;
  ids.foreignRecipient = (await pick(foreign, '/api/recipients'))[0].id;
  ids.ownPerson = (await pick(own, '/api/people?q=executor')).find(
    (person: { login: string }) => person.login === 'zarechny.executor',
  ).id;
  ids.foreignPerson = (await pick(foreign, '/api/people'))[0].id;
  ids.ownBlock = (await pick(own, '/api/blocks'))[0].id;
  ids.foreignBlock = (await foreign.request('POST', '/api/blocks', { json: { name: 'Чужой блок' } })).body.id;
  const executorCases = await pick(own, '/api/cases?pageSize=200');
  // A case routed to the executor's department, so every role of the municipality may open it.
  const executor = await pick(own, `/api/people/${ids.ownPerson}`);
  const routed = executorCases.items.find((item: { category: string }) => item.category === 'ЖКХ');
  assert.ok(routed && executor.recipientId);
  ids.ownCase = routed.id;
  const foreignCase = await server.server.database.pool.query(
    "select c.id from cases c join tenants t on t.id = c.tenant_id where t.slug = 'sosnovsky' limit 1",
  );
  ids.foreignCase = foreignCase.rows[0].id; // another municipality of the same region: foreign to МЦУ users
  const csv = 'ФИО;Должность;Роль;Блок\nПетров Пётр Петрович;Специалист;Исполнитель;\n';
  ids.ownComposition = (await uploadComposition(own, csv)).body.composition.id;
  ids.foreignComposition = (await uploadComposition(foreign, csv)).body.composition.id;
  const today = new Date().toISOString().slice(0, 10);
  ids.ownSubstitution = (
    await own.request('POST', '/api/substitutions', {
      json: {
        absentId: ids.ownPerson,
        substituteId: (await pick(own, '/api/people'))[0].id,
        startsOn: today,
        endsOn: today,
      },
    })
  ).body.id;
  const foreignPeople = await pick(foreign, '/api/people');
  const foreignSecond = (await foreign.request('POST', '/api/people', { json: { fullName: 'Второй Сотрудник' } })).body
    .id;
  ids.foreignSubstitution = (
    await foreign.request('POST', '/api/substitutions', {
      json: { absentId: foreignPeople[0].id, substituteId: foreignSecond, startsOn: today, endsOn: today },
    })
  ).body.id;
  for (const [key, value] of Object.entries(ids)) assert.ok(value, `нет ${key}`);
});

after(async () => {
  await server.stop();
});

function uploadComposition(client: TestHttpClient, csv: string) {
  const form = new FormData();
  form.set('actNumber', '12-р');
  form.set('actDate', '2026-01-15');
  form.set('file', new Blob([csv], { type: 'text/csv' }), 'sostav.csv');
  return client.request('POST', '/api/compositions/import', { form });
}

test('матрица доступа: маршрут × роль × свой/чужой муниципалитет', async () => {
  const failures: string[] = [];
  for (const role of roles) {
    const client = new TestHttpClient(server.url);
    await client.signIn(role.login, role.password);
    const isRegion = role.role === 'cur_curator';
    // For the ЦУР curator "foreign" is another region; for МЦУ staff — the neighbouring municipality.
    const foreignRecipient = ids.foreignRecipient;
    const read = 200;
    const write = (success: number) => (role.canManage ? success : 403);
    const writeForeign = role.canManage ? 404 : 403;
    const foreignCaseAnswer = isRegion ? 200 : 404;
    const checks: Array<[string, string, number, unknown?]> = [
      ['GET', '/api/auth/me', 200],
      ['GET', '/api/cases', 200],
      ['GET', `/api/cases/${ids.ownCase}`, isRegion ? 200 : read],
      ['GET', `/api/cases/${ids.foreignCase}`, foreignCaseAnswer],
      ['GET', '/api/overview', 200],
      ['GET', '/api/tenants', 200],
      ['GET', '/api/recipients', 200],
      ['GET', `/api/recipients/${ids.ownRecipient}`, 200],
      ['GET', `/api/recipients/${foreignRecipient}`, 404],
      [
        'POST',
        '/api/recipients',
        isRegion ? 403 : write(201),
        { parentId: null, kind: 'department', name: `Отдел ${role.role}` },
      ],
      ['PATCH', `/api/recipients/${ids.ownRecipient}`, isRegion ? 403 : write(200), { name: 'Администрация' }],
      ['PATCH', `/api/recipients/${foreignRecipient}`, writeForeign, { name: 'Взлом' }],
      ['GET', '/api/people', 200],
      ['GET', `/api/people/${ids.ownPerson}`, 200],
      ['GET', `/api/people/${ids.foreignPerson}`, 404],
      ['POST', '/api/people', isRegion ? 403 : write(201), { fullName: `Новый ${role.role}` }],
      ['PATCH', `/api/people/${ids.ownPerson}`, isRegion ? 403 : write(200), { position: 'Специалист' }],
      ['PATCH', `/api/people/${ids.foreignPerson}`, writeForeign, { position: 'Взлом' }],
      ['DELETE', `/api/people/${ids.foreignPerson}`, writeForeign],
      ['GET', '/api/blocks', 200],
      ['POST', '/api/blocks', isRegion ? 403 : write(201), { name: `Блок ${role.role}` }],
      ['PATCH', `/api/blocks/${ids.ownBlock}`, isRegion ? 403 : write(200), { topics: ['Дороги'] }],
      ['PATCH', `/api/blocks/${ids.foreignBlock}`, writeForeign, { name: 'Взлом' }],
      ['GET', '/api/substitutions', 200],
      ['DELETE', `/api/substitutions/${ids.foreignSubstitution}`, writeForeign],
      ['GET', '/api/compositions', 200],
      ['GET', `/api/compositions/${ids.ownComposition}`, 200],
      ['GET', `/api/compositions/${ids.foreignComposition}`, 404],
      ['GET', `/api/compositions/${ids.ownComposition}/export?format=csv`, 200],
      ['GET', `/api/compositions/${ids.foreignComposition}/export?format=csv`, 404],
      ['GET', '/api/audit', role.canAudit ? 200 : 403],
    ];
    for (const [method, path, expected, body] of checks) {
      const response = await client.request(method, path, body === undefined ? {} : { json: body });
      if (response.status !== expected) {
        failures.push(
          `${role.role}: ${method} ${path} → ${response.status}, ожидалось ${expected} ${JSON.stringify(response.body).slice(0, 160)}`,
        );
      }
    }
    const upload = await uploadComposition(client, 'ФИО;Роль\nСидоров Сидор Сидорович;Исполнитель\n');
    const expectedUpload = isRegion ? 403 : write(201);
    if (upload.status !== expectedUpload)
      failures.push(`${role.role}: import → ${upload.status}, ожидалось ${expectedUpload}`);
  }
  assert.deepEqual(failures, []);
});

test('без входа все маршруты организации и аудита отвечают 401', async () => {
  const anonymous = new TestHttpClient(server.url);
  for (const path of [
    '/api/tenants',
    '/api/recipients',
    '/api/people',
    '/api/blocks',
    '/api/substitutions',
    '/api/compositions',
    '/api/audit',
    `/api/people/${ids.ownPerson}`,
  ]) {
    assert.equal((await anonymous.request('GET', path)).status, 401, path);
  }
});

test('исполнитель видит только сообщения своего отдела; другие отделы — 404', async () => {
  const executor = new TestHttpClient(server.url);
  await executor.signIn('zarechny.executor', 'demo-otklik');
  const list = await executor.request('GET', '/api/cases?pageSize=200');
  assert.ok(list.body.total > 0);
  assert.ok(list.body.total < 200, `исполнитель видит ${list.body.total} из 200`);
  for (const item of list.body.items) assert.ok(['ЖКХ', 'Электроснабжение'].includes(item.category), item.category);
  const manager = new TestHttpClient(server.url);
  await manager.signIn('zarechny.mcu', 'demo-otklik');
  const roads = (await manager.request('GET', '/api/cases?pageSize=200')).body.items.find(
    (item: { category: string }) => item.category === 'Дороги',
  );
  assert.equal((await executor.request('GET', `/api/cases/${roads.id}`)).status, 404);
  const overview = await executor.request('GET', '/api/overview');
  assert.equal(overview.body.total, list.body.total);
});
