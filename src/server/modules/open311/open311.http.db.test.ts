import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { child, childText, parseXml } from '../../test-support/xml-reader.js';

let server: TestServer;
let admin: TestHttpClient;
let keyA = '';
let keyB = '';
const BASE = '/open311/v2';

async function raw(
  method: string,
  path: string,
  options: { form?: Record<string, string | string[]>; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.form) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(options.form)) {
      for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
    }
    body = params.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const response = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  return { status: response.status, text, headers: response.headers, json: () => JSON.parse(text) };
}

const post = (form: Record<string, string | string[]>, format = 'json', headers: Record<string, string> = {}) =>
  raw('POST', `${BASE}/requests.${format}`, { form, headers });

const validForm = (extra: Record<string, string | string[]> = {}) => ({
  api_key: keyA,
  jurisdiction_id: 'zarechny',
  service_code: '001',
  lat: '55.75',
  long: '37.61',
  description: 'Яма на дороге у дома 5',
  ...extra,
});

before(async () => {
  server = await startTestServer();
  admin = new TestHttpClient(server.url);
  await admin.signIn('zarechny.admin', 'demo-otklik');
  const issued = await admin.request('POST', '/api/api-keys', { json: { name: 'Тестовый клиент' } });
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  keyA = issued.body.key;
  const other = new TestHttpClient(server.url);
  await other.signIn('sosnovsky.admin', 'demo-otklik');
  keyB = (await other.request('POST', '/api/api-keys', { json: { name: 'Клиент Сосновского' } })).body.key;
  // Attributes of service 001: one of each datatype, two required.
  const saved = await admin.request('PUT', '/api/open311/services/001/attributes', {
    json: {
      attributes: [
        { code: 'depth', datatype: 'number', description: 'Глубина ямы, см', isRequired: true },
        { code: 'noticed', datatype: 'datetime', description: 'Когда заметили', isRequired: false },
        { code: 'landmark', datatype: 'string', description: 'Ориентир', isRequired: false },
        { code: 'details', datatype: 'text', description: 'Подробности', isRequired: false },
        {
          code: 'surface',
          datatype: 'singlevaluelist',
          description: 'Покрытие',
          isRequired: true,
          values: [
            { key: 'asphalt', name: 'Асфальт' },
            { key: 'gravel', name: 'Щебень' },
          ],
        },
        {
          code: 'hazards',
          datatype: 'multivaluelist',
          description: 'Опасности',
          isRequired: false,
          values: [
            { key: 'water', name: 'Вода' },
            { key: 'night', name: 'Нет освещения' },
          ],
        },
      ],
    },
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
});
after(async () => {
  await server.stop();
});

const ATTRIBUTES = { 'attribute[depth]': '12.5', 'attribute[surface]': 'asphalt' };

describe('Open311: обнаружение и услуги', () => {
  test('discovery в JSON и XML', async () => {
    const json = await raw('GET', `${BASE}/discovery.json`);
    assert.equal(json.status, 200);
    assert.equal(json.json().endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
    const xml = parseXml((await raw('GET', `${BASE}/discovery.xml`)).text);
    assert.equal(xml.name, 'discovery');
    const formats = child(child(child(xml, 'endpoints') as never, 'endpoint') as never, 'formats');
    assert.deepEqual(
      formats?.children.map((format) => format.text),
      ['application/json', 'text/xml'],
    );
  });

  test('services: из категорий муниципалитета, JSON и XML совпадают; CORS для GET', async () => {
    const json = await raw('GET', `${BASE}/services.json?jurisdiction_id=zarechny`);
    assert.equal(json.status, 200);
    assert.equal(json.headers.get('access-control-allow-origin'), '*');
    const services = json.json();
    assert.ok(services.length > 0);
    const first = services.find((item: { service_code: string }) => item.service_code === '001');
    assert.equal(first.metadata, true);
    assert.equal(first.type, 'realtime');
    const xml = parseXml((await raw('GET', `${BASE}/services.xml?jurisdiction_id=zarechny`)).text);
    assert.equal(xml.name, 'services');
    assert.equal(xml.children.length, services.length);
    assert.equal(childText(xml.children[0] as never, 'service_code'), services[0].service_code);
    assert.equal(childText(xml.children[0] as never, 'service_name'), services[0].service_name);
  });

  test('services/{code}: атрибуты с типами, обязательностью, порядком и значениями', async () => {
    const json = (await raw('GET', `${BASE}/services/001.json?jurisdiction_id=zarechny`)).json();
    assert.equal(json.service_code, '001');
    assert.deepEqual(
      json.attributes.map((attribute: { code: string; datatype: string; required: boolean; order: number }) => [
        attribute.code,
        attribute.datatype,
        attribute.required,
        attribute.order,
      ]),
      [
        ['depth', 'number', true, 1],
        ['noticed', 'datetime', false, 2],
        ['landmark', 'string', false, 3],
        ['details', 'text', false, 4],
        ['surface', 'singlevaluelist', true, 5],
        ['hazards', 'multivaluelist', false, 6],
      ],
    );
    const xml = parseXml((await raw('GET', `${BASE}/services/001.xml?jurisdiction_id=zarechny`)).text);
    assert.equal(xml.name, 'service_definition');
    const surface = child(xml, 'attributes')?.children[4];
    assert.ok(surface);
    assert.equal(childText(surface, 'datatype'), 'singlevaluelist');
    assert.deepEqual(
      child(surface, 'values')?.children.map((value) => [childText(value, 'key'), childText(value, 'name')]),
      [
        ['asphalt', 'Асфальт'],
        ['gravel', 'Щебень'],
      ],
    );
    const missing = await raw('GET', `${BASE}/services/nope.xml?jurisdiction_id=zarechny`);
    assert.equal(missing.status, 404);
    const error = parseXml(missing.text);
    assert.equal(error.name, 'errors');
    assert.equal(childText(error.children[0] as never, 'code'), '404');
  });

  test('без jurisdiction_id при нескольких муниципалитетах — 400; неизвестный — 404', async () => {
    const absent = await raw('GET', `${BASE}/services.json`);
    assert.equal(absent.status, 400);
    assert.match(absent.json()[0].description, /jurisdiction_id/);
    const unknown = await raw('GET', `${BASE}/services.xml?jurisdiction_id=atlantis`);
    assert.equal(unknown.status, 404);
    assert.match(childText(parseXml(unknown.text).children[0] as never, 'description'), /jurisdiction_id/);
  });
});

describe('Open311: подача и чтение заявок', () => {
  test('POST requests (JSON): сообщение с таймерами и процессом; GET requests/{id} без персональных данных', async () => {
    const created = await post(
      validForm({
        ...ATTRIBUTES,
        'attribute[hazards][]': ['water', 'night'],
        first_name: 'Иван',
        last_name: 'Петров',
        email: 'ivan@example.ru',
        phone: '+7 900 123-45-67',
        media_url: 'https://example.ru/photo.jpg',
      }),
    );
    assert.equal(created.status, 200, created.text);
    const [answer] = created.json();
    assert.match(answer.service_request_id, /^\d{4}-\d{6}$/);
    assert.ok(answer.token);

    const read = await raw(
      'GET',
      `${BASE}/requests/${answer.service_request_id}.json?jurisdiction_id=zarechny&extensions=true`,
    );
    assert.equal(read.status, 200, read.text);
    const [request] = read.json();
    assert.equal(request.status, 'open');
    assert.equal(request.service_code, '001');
    assert.equal(request.media_url, 'https://example.ru/photo.jpg');
    assert.equal(request.lat, 55.75);
    assert.ok(request.expected_datetime, 'срок по политике SLA');
    assert.equal(request.extended_attributes.detailed_status, 'OPEN');
    assert.equal(request.notes[0].type, 'opened');
    for (const secret of ['Петров', 'ivan@example.ru', '123-45-67']) assert.ok(!read.text.includes(secret), secret);

    // Staff see the case, with its timers and the resident's contact (masked per role).
    const cases = await admin.request(
      'GET',
      `/api/cases?channel=open311&q=${encodeURIComponent(answer.service_request_id)}`,
    );
    assert.equal(cases.body.items.length, 1);
    assert.ok(cases.body.items[0].sla, 'таймер ответа запущен');

    const token = await raw('GET', `${BASE}/tokens/${answer.token}.xml?jurisdiction_id=zarechny`);
    assert.equal(token.status, 200);
    assert.equal(childText(parseXml(token.text).children[0] as never, 'service_request_id'), answer.service_request_id);
    assert.equal((await raw('GET', `${BASE}/tokens/nope.json?jurisdiction_id=zarechny`)).status, 404);
  });

  test('POST requests (XML) по адресу; GET requests.xml с фильтрами; requests/{id}.xml', async () => {
    const created = await post(
      { api_key: keyA, service_code: '001', address_string: 'ул. Ленина, 5 & <двор>', ...ATTRIBUTES },
      'xml',
    );
    assert.equal(created.status, 200, created.text);
    const document = parseXml(created.text);
    assert.equal(document.name, 'service_requests');
    const number = childText(document.children[0] as never, 'service_request_id');

    const list = await raw('GET', `${BASE}/requests.xml?jurisdiction_id=zarechny&service_code=001&status=open`);
    assert.equal(list.status, 200);
    const requests = parseXml(list.text);
    const found = requests.children.find((request) => childText(request, 'service_request_id') === number);
    assert.ok(found);
    assert.equal(childText(found, 'address'), 'ул. Ленина, 5 & <двор>');
    assert.equal(childText(found, 'status'), 'open');

    const closedOnly = (await raw('GET', `${BASE}/requests.json?jurisdiction_id=zarechny&status=closed`)).json();
    assert.ok(!closedOnly.some((request: { service_request_id: string }) => request.service_request_id === number));
    const byIds = (
      await raw('GET', `${BASE}/requests.json?jurisdiction_id=zarechny&service_request_id=${number},0000-000000`)
    ).json();
    assert.deepEqual(
      byIds.map((request: { service_request_id: string }) => request.service_request_id),
      [number],
    );
    const old = (
      await raw(
        'GET',
        `${BASE}/requests.json?jurisdiction_id=zarechny&start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z`,
      )
    ).json();
    assert.deepEqual(old, []);

    const one = await raw('GET', `${BASE}/requests/${number}.xml?jurisdiction_id=zarechny`);
    assert.equal(childText(parseXml(one.text).children[0] as never, 'service_request_id'), number);
    assert.equal((await raw('GET', `${BASE}/requests/1999-000001.json?jurisdiction_id=zarechny`)).status, 404);
  });

  test('даты: больше 90 дней — 400, без часового пояса — 400, конец раньше начала — 400', async () => {
    const span = await raw(
      'GET',
      `${BASE}/requests.json?jurisdiction_id=zarechny&start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`,
    );
    assert.equal(span.status, 400);
    assert.match(span.json()[0].description, /end_date/);
    const zone = await raw('GET', `${BASE}/requests.json?jurisdiction_id=zarechny&start_date=2026-01-01T10:00:00`);
    assert.equal(zone.status, 400);
    assert.match(zone.json()[0].description, /start_date: укажите часовой пояс/);
    const reversed = await raw(
      'GET',
      `${BASE}/requests.xml?jurisdiction_id=zarechny&start_date=2026-02-01&end_date=2026-01-01`,
    );
    assert.equal(reversed.status, 400);
    assert.equal(parseXml(reversed.text).name, 'errors');
    const status = await raw('GET', `${BASE}/requests.json?jurisdiction_id=zarechny&status=maybe`);
    assert.equal(status.status, 400);
  });

  test('ключ: нет — 403, неверный — 403, ключ другого муниципалитета — 403 и ничего не создано', async () => {
    const before = (await admin.request('GET', '/api/cases?channel=open311&pageSize=100')).body.total;
    const { api_key: _key, ...withoutKey } = validForm(ATTRIBUTES);
    const missing = await post(withoutKey);
    assert.equal(missing.status, 403);
    assert.match(missing.json()[0].description, /api_key/);
    const wrong = await post(validForm({ ...ATTRIBUTES, api_key: 'otk_not-a-real-key' }), 'xml');
    assert.equal(wrong.status, 403);
    assert.equal(childText(parseXml(wrong.text).children[0] as never, 'code'), '403');
    const foreign = await post(validForm({ ...ATTRIBUTES, api_key: keyB }));
    assert.equal(foreign.status, 403, foreign.text);
    assert.equal((await admin.request('GET', '/api/cases?channel=open311&pageSize=100')).body.total, before);
  });

  test('отозванный ключ перестаёт работать', async () => {
    const issued = await admin.request('POST', '/api/api-keys', { json: { name: 'На отзыв' } });
    assert.equal((await post(validForm({ ...ATTRIBUTES, api_key: issued.body.key }))).status, 200);
    const revoked = await admin.request('POST', `/api/api-keys/${issued.body.id}/revoke`);
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.revokedAt);
    assert.equal((await post(validForm({ ...ATTRIBUTES, api_key: issued.body.key }))).status, 403);
    const list = await admin.request('GET', '/api/api-keys');
    assert.ok(list.body.every((key: Record<string, unknown>) => !('key' in key) && !('keyHash' in key)));
    const audit = await admin.request('GET', '/api/audit?action=api_key.revoked');
    assert.equal(audit.status, 200);
  });

  test('ошибки атрибутов и места называют параметр', async () => {
    const cases: Array<[Record<string, string | string[]>, RegExp]> = [
      [validForm(), /attribute\[depth\]/],
      [validForm({ ...ATTRIBUTES, 'attribute[depth]': 'глубокая' }), /attribute\[depth\]: ожидается число/],
      [
        validForm({ ...ATTRIBUTES, 'attribute[surface]': 'lava' }),
        /attribute\[surface\]: значение «lava» не из списка/,
      ],
      [validForm({ ...ATTRIBUTES, 'attribute[hazards][]': ['water', 'fire'] }), /attribute\[hazards\]/],
      [validForm({ ...ATTRIBUTES, 'attribute[noticed]': 'вчера' }), /attribute\[noticed\]/],
      [validForm({ ...ATTRIBUTES, 'attribute[unknown]': '1' }), /attribute\[unknown\]: у услуги/],
      [validForm({ ...ATTRIBUTES, lat: '95' }), /lat: широта/],
      [validForm({ ...ATTRIBUTES, long: 'NaN' }), /long: ожидается число/],
      [validForm({ ...ATTRIBUTES, lat: 'Infinity' }), /lat: ожидается число/],
      [{ api_key: keyA, service_code: '001', ...ATTRIBUTES }, /lat: укажите место/],
      [{ api_key: keyA, service_code: '001', lat: '55', ...ATTRIBUTES }, /long/],
      [validForm({ ...ATTRIBUTES, service_code: 'zzz' }), /service_code/],
      [validForm({ ...ATTRIBUTES, email: 'not-an-email' }), /email/],
      [validForm({ ...ATTRIBUTES, media_url: 'javascript:alert(1)' }), /media_url/],
      [validForm({ ...ATTRIBUTES, description: 'x'.repeat(4001) }), /description: не длиннее 4000/],
      [validForm({ ...ATTRIBUTES, description: 'нулевой\u0000символ' }), /description: недопустимые/],
      [validForm({ ...ATTRIBUTES, service_code: ['001', '002'] }), /service_code: параметр указан несколько раз/],
    ];
    for (const [form, pattern] of cases) {
      const response = await post(form);
      assert.equal(response.status, 400, `${JSON.stringify(form).slice(0, 200)} → ${response.text}`);
      assert.match(response.json()[0].description, pattern);
    }
  });
});

describe('Open311: идемпотентность', () => {
  test('повтор с тем же Idempotency-Key — тот же ответ и одно сообщение; другое тело — 422', async () => {
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await post(validForm({ ...ATTRIBUTES, description: 'Повтор 1' }), 'json', headers);
    const second = await post(validForm({ ...ATTRIBUTES, description: 'Повтор 1' }), 'xml', headers);
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    const number = first.json()[0].service_request_id;
    assert.equal(childText(parseXml(second.text).children[0] as never, 'service_request_id'), number);
    const same = await admin.request('GET', `/api/cases?channel=open311&q=${encodeURIComponent('Повтор 1')}`);
    assert.equal(same.body.total, 1);
    const different = await post(validForm({ ...ATTRIBUTES, description: 'Другое' }), 'json', headers);
    assert.equal(different.status, 422);
    assert.match(different.json()[0].description, /Idempotency-Key/);
  });

  test('параллельные одинаковые запросы с одним ключом — одно сообщение', async () => {
    const headers = { 'idempotency-key': 'parallel-1' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        post(validForm({ ...ATTRIBUTES, description: 'Параллельно 1' }), 'json', headers),
      ),
    );
    for (const answer of answers) assert.equal(answer.status, 200, answer.text);
    const numbers = new Set(answers.map((answer) => answer.json()[0].service_request_id));
    assert.equal(numbers.size, 1);
    const found = await admin.request('GET', `/api/cases?channel=open311&q=${encodeURIComponent('Параллельно 1')}`);
    assert.equal(found.body.total, 1);
  });
});

describe('Open311: групповая запись одновременных заявок', () => {
  test('заявки без ключа и одинаковые с одним ключом вместе: у каждой свой номер, на ключ — одно сообщение и один ответ', async () => {
    const keyed = Array.from({ length: 8 }, () =>
      post(validForm({ ...ATTRIBUTES, description: 'Пачка с ключом' }), 'json', { 'idempotency-key': 'batch-1' }),
    );
    const plain = Array.from({ length: 16 }, (_, index) =>
      post(validForm({ ...ATTRIBUTES, description: `Пачка без ключа ${index}` })),
    );
    const [keyedAnswers, plainAnswers] = await Promise.all([Promise.all(keyed), Promise.all(plain)]);
    for (const answer of [...keyedAnswers, ...plainAnswers]) assert.equal(answer.status, 200, answer.text);
    assert.equal(new Set(keyedAnswers.map((answer) => answer.text)).size, 1, 'the same answer, token included');
    assert.equal(keyedAnswers.filter((answer) => answer.headers.get('idempotent-replayed') !== 'true').length, 1);
    const numbers = plainAnswers.map((answer) => answer.json()[0].service_request_id);
    assert.equal(new Set([...numbers, keyedAnswers[0]?.json()[0].service_request_id]).size, 17);
    const rows = (
      await server.server.database.pool.query(
        `select count(*) filter (where text = 'Пачка с ключом')::int as keyed,
                count(*) filter (where text like 'Пачка без ключа %')::int as plain,
                count(distinct s.token) filter (where text like 'Пачка%')::int as tokens
           from cases c join intake_submissions s on s.tenant_id = c.tenant_id and s.case_id = c.id
          where c.channel = 'open311'`,
      )
    ).rows[0];
    assert.deepEqual(rows, { keyed: 1, plain: 16, tokens: 17 });
  });

  test('один ключ с двумя разными телами одновременно: одно сообщение, второе тело — 422', async () => {
    const headers = { 'idempotency-key': 'batch-2' };
    const answers = await Promise.all(
      ['Тело А', 'Тело Б', 'Тело А', 'Тело Б', 'Тело А', 'Тело Б'].map(async (description) => ({
        description,
        answer: await post(validForm({ ...ATTRIBUTES, description }), 'json', headers),
      })),
    );
    const winners = answers.filter((item) => item.answer.status === 200);
    const refused = answers.filter((item) => item.answer.status === 422);
    assert.equal(winners.length + refused.length, answers.length, answers.map((item) => item.answer.text).join('\n'));
    assert.equal(new Set(winners.map((item) => item.description)).size, 1, 'only one body was accepted');
    assert.equal(winners.length, 3);
    assert.equal(new Set(winners.map((item) => item.answer.text)).size, 1);
    const count = await server.server.database.pool.query(
      "select count(*)::int as n from cases where channel = 'open311' and text in ('Тело А', 'Тело Б')",
    );
    assert.equal(count.rows[0].n, 1);
  });
});

describe('Open311: обновления и заметки', () => {
  test('ответ сотрудника виден в notes, detailed_status и servicerequestupdates; имён сотрудников нет', async () => {
    const created = (await post(validForm({ ...ATTRIBUTES, description: 'Для ответа' }))).json()[0];
    const manager = new TestHttpClient(server.url);
    await manager.signIn('zarechny.mcu', 'demo-otklik');
    const found = await manager.request(
      'GET',
      `/api/cases?channel=open311&q=${encodeURIComponent(created.service_request_id)}`,
    );
    const id = found.body.items[0].id;
    const act = async (action: string, body: Record<string, unknown>) => {
      const response = await manager.request('POST', `/api/cases/${id}/actions/${action}`, { json: body });
      assert.equal(response.status, 200, `${action}: ${JSON.stringify(response.body)}`);
    };
    await act('take', {});
    await act('comment', { text: 'Внутреннее: позвонить подрядчику' });
    await act('draft-answer', { text: 'Яму заделали 5 марта.' });
    await act('approve', {});
    await act('publish', { result: 'resolved' });

    const read = await raw(
      'GET',
      `${BASE}/requests/${created.service_request_id}.json?jurisdiction_id=zarechny&extensions=true`,
    );
    const [request] = read.json();
    assert.equal(request.extended_attributes.detailed_status, 'FIXED');
    assert.match(request.status_notes, /Яму заделали/);
    assert.ok(request.notes.some((note: { summary: string }) => note.summary === 'Дан ответ'));
    assert.ok(!read.text.includes('Внутреннее'));
    assert.ok(!read.text.includes('Белова'));

    const updates = await raw('GET', `${BASE}/servicerequestupdates.xml?jurisdiction_id=zarechny`);
    assert.equal(updates.status, 200);
    const document = parseXml(updates.text);
    assert.equal(document.name, 'service_request_updates');
    const ours = document.children.filter(
      (update) => childText(update, 'service_request_id') === created.service_request_id,
    );
    assert.ok(ours.some((update) => childText(update, 'status') === 'FIXED'));
    assert.ok(!updates.text.includes('Внутреннее'));
  });
});

describe('Open311: фото в multipart (media)', () => {
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );
  const multipart = (
    fields: Record<string, string | string[]>,
    file?: { content: Buffer | string; name: string; type: string; field?: string },
    format = 'json',
    headers: Record<string, string> = {},
  ) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
    }
    if (file) {
      const bytes = typeof file.content === 'string' ? file.content : new Uint8Array(file.content);
      form.append(file.field ?? 'media', new Blob([bytes], { type: file.type }), file.name);
    }
    return fetch(`${server.url}${BASE}/requests.${format}`, { method: 'POST', body: form, headers });
  };
  const casesTotal = async () => (await admin.request('GET', '/api/cases?channel=open311&pageSize=1')).body.total;

  test('фото сохраняется вложением заявителя, media_url заявки отдаёт его; атрибуты и повтор параметров как в form-encoded', async () => {
    const response = await multipart(
      validForm({
        ...ATTRIBUTES,
        'attribute[hazards][]': ['water', 'night'],
        description: 'Яма с водой, фото приложено',
      }),
      { content: PNG, name: 'yama.png', type: 'image/png' },
    );
    assert.equal(response.status, 200, await response.clone().text());
    const [created] = await response.json();
    const read = await raw('GET', `${BASE}/requests/${created.service_request_id}.json?jurisdiction_id=zarechny`);
    const [request] = read.json();
    assert.match(request.media_url, /\/open311\/v2\/media\/zarechny\/[0-9a-f-]{36}$/);
    const photo = await fetch(`${server.url}${new URL(request.media_url).pathname}`);
    assert.equal(photo.status, 200);
    assert.equal(photo.headers.get('content-type'), 'image/png');
    assert.equal(photo.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await photo.arrayBuffer()), PNG);
    const found = await admin.request('GET', `/api/cases?channel=open311&q=${encodeURIComponent('фото приложено')}`);
    const card = await admin.request('GET', `/api/cases/${found.body.items[0].id}`);
    assert.equal(card.body.attachments.length, 1);
    assert.equal(card.body.attachments[0].origin, 'resident');
    assert.equal(card.body.attachments[0].fileName, 'yama.png');
    const xml = await raw('GET', `${BASE}/requests/${created.service_request_id}.xml?jurisdiction_id=zarechny`);
    assert.ok(xml.text.includes(request.media_url), 'media_url и в XML');
  });

  test('не фото, подмена типа, файл не в поле media, media вместе с media_url — 400 с параметром, ничего не создано', async () => {
    const before = await casesTotal();
    const cases: Array<[Parameters<typeof multipart>, RegExp]> = [
      [[validForm(ATTRIBUTES), { content: 'это не картинка', name: 'photo.jpg', type: 'image/jpeg' }], /^media: /],
      [[validForm(ATTRIBUTES), { content: PNG, name: 'photo.jpg', type: 'image/jpeg' }], /^media: /],
      [[validForm(ATTRIBUTES), { content: '%PDF-1.4 тест', name: 'scan.pdf', type: 'application/pdf' }], /^media: /],
      [[validForm(ATTRIBUTES), { content: PNG, name: 'a.png', type: 'image/png', field: 'photo' }], /^photo: /],
      [
        [
          validForm({ ...ATTRIBUTES, media_url: 'https://example.ru/a.jpg' }),
          { content: PNG, name: 'a.png', type: 'image/png' },
        ],
        /^media: укажите либо media_url/,
      ],
      [
        [
          { ...validForm(ATTRIBUTES), service_code: '' },
          { content: PNG, name: 'a.png', type: 'image/png' },
        ],
        /^service_code: /,
      ],
    ];
    for (const [args, description] of cases) {
      const response = await multipart(...args);
      const text = await response.text();
      assert.equal(response.status, 400, text);
      assert.match(JSON.parse(text)[0].description, description);
    }
    const xml = await multipart(
      validForm(ATTRIBUTES),
      { content: 'не картинка', name: 'x.png', type: 'image/png' },
      'xml',
    );
    assert.equal(xml.status, 400);
    assert.match(await xml.text(), /<description>media: /);
    const big = await multipart(validForm(ATTRIBUTES), {
      content: Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]),
      name: 'big.png',
      type: 'image/png',
    });
    assert.equal(big.status, 413, await big.clone().text());
    assert.equal(await casesTotal(), before);
    const missing = await fetch(`${server.url}${BASE}/media/zarechny/00000000-0000-4000-8000-000000000000`);
    assert.equal(missing.status, 404);
  });

  test('Idempotency-Key с фото: повтор — тот же ответ, одно сообщение и одно вложение; другое фото — 422', async () => {
    const before = await casesTotal();
    const send = (content: Buffer) =>
      multipart(validForm(ATTRIBUTES), { content, name: 'p.png', type: 'image/png' }, 'json', {
        'Idempotency-Key': 'media-1',
      });
    const first = await send(PNG);
    assert.equal(first.status, 200, await first.clone().text());
    const again = await send(PNG);
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await again.json(), await first.json());
    assert.equal(await casesTotal(), before + 1);
    const stored = await server.server.database.pool.query(
      "select count(*)::int as count from case_attachments where file_name = 'p.png'",
    );
    assert.equal(stored.rows[0].count, 1, 'одно вложение');
    const other = Buffer.from(PNG);
    other[20] = 2; // another photo: a 2-pixel-wide image header
    const changed = await send(other);
    assert.equal(changed.status, 422, await changed.clone().text());
  });
});

describe('Open311: случайный ввод (fast-check)', () => {
  test('слишком длинный или битый адрес — ошибка Open311 (414/400) в JSON и XML, не ответ API сотрудников', async () => {
    const long = encodeURIComponent('ё'.repeat(300));
    const json = await raw('GET', `${BASE}/requests/${long}`);
    assert.equal(json.status, 414);
    assert.deepEqual(
      json.json().map((entry: { code: number }) => entry.code),
      [414],
    );
    const xml = await raw('GET', `${BASE}/requests/${long}.xml`);
    assert.equal(xml.status, 414);
    assert.match(xml.text, /<errors><error><code>414<\/code><description>Слишком длинный/);
    const broken = await raw('GET', `${BASE}/requests/%E0%A4%A.json`);
    assert.ok(broken.status === 400 || broken.status === 404, String(broken.status));
    assert.match(broken.text, /"code":\d+,"description":"/);
  });

  test('мусорные параметры, координаты, огромные описания, неверные типы атрибутов → 400 с полем или 200; никогда 5xx; ничего лишнего', async () => {
    const fc = await import('fast-check');
    const nasty = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        '',
        ' ',
        'NaN',
        'Infinity',
        '-0',
        '1e400',
        '0x1F',
        '55,75',
        '١٢',
        '\u0000',
        '<x>&',
        'null',
        '[]',
        '{"a":1}',
      ),
      fc.double().map(String),
      fc.string({ minLength: 3990, maxLength: 4100 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    const field = fc.constantFrom(
      'service_code',
      'lat',
      'long',
      'address_string',
      'address_id',
      'description',
      'email',
      'phone',
      'first_name',
      'media_url',
      'attribute[depth]',
      'attribute[surface]',
      'attribute[hazards][]',
      'attribute[noticed]',
      'attribute[]',
      'attribute[zzz]',
      'jurisdiction_id',
      'device_id',
    );
    let accepted = 0;
    const before = (await admin.request('GET', '/api/cases?channel=open311&pageSize=1')).body.total;
    await fc.assert(
      fc.asyncProperty(fc.dictionary(field, nasty, { maxKeys: 6 }), fc.boolean(), async (garbage, startValid) => {
        const form = { ...(startValid ? validForm(ATTRIBUTES) : { api_key: keyA }), ...garbage };
        const response = await post(form, Math.random() < 0.5 ? 'json' : 'xml');
        assert.ok(response.status < 500, `${response.status}: ${response.text.slice(0, 300)}`);
        if (response.status === 200) {
          accepted += 1;
          return;
        }
        assert.ok([400, 403, 404].includes(response.status), `${response.status}: ${response.text.slice(0, 200)}`);
        const description = response.text.startsWith('<?xml')
          ? childText(parseXml(response.text).children[0] as never, 'description')
          : response.json()[0].description;
        assert.match(description, /^[a-z_]+(\[[^\]]*\](\[\])?)?:|^Idempotency-Key|^api_key/);
      }),
      { numRuns: 150, seed: 20261206 },
    );
    const after = (await admin.request('GET', '/api/cases?channel=open311&pageSize=1')).body.total;
    assert.equal(after - before, accepted, 'сообщений создано ровно столько, сколько принято');
  });
});
