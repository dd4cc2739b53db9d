import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { upsertRubricator, upsertRubricatorItems } from '../rubricators/index.js';
import { renderCardPdf } from './registration-card.pdf.js';
import { extractPdfText } from './test-support/pdf-text.js';

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

const year = () => new Date().getFullYear();

function appeal(overrides: Record<string, unknown> = {}) {
  return {
    receiptForm: 'letter',
    appealType: 'complaint',
    text: 'Прошу отремонтировать дорогу у дома 5 по улице Ленина, на дороге глубокие ямы',
    applicant: { name: 'Петров Пётр Петрович', address: 'г. Заречный, ул. Ленина, д. 5, кв. 1' },
    ...overrides,
  };
}

async function register(body: Record<string, unknown>, login = 'zarechny.mcu') {
  return (await as(login)).request('POST', '/api/appeals', { json: body });
}

describe('журнал регистрации обращений по 59-ФЗ', () => {
  test('повтор той же отправки обращения — та же карточка, одна запись журнала; без идентификатора — новое', async () => {
    const mcu = await as('zarechny.mcu');
    const journalTotal = async () => (await mcu.request('GET', '/api/appeals/journal?pageSize=1')).body.total as number;
    const before = await journalTotal();
    const sent = appeal({
      text: 'Прошу убрать сухое дерево во дворе дома 11 по улице Мира: ветки падают на детскую площадку',
      submissionId: crypto.randomUUID(),
    });
    const first = await register(sent);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const retried = await register(sent);
    assert.equal(retried.status, 201, JSON.stringify(retried.body));
    assert.equal(retried.body.caseId, first.body.caseId);
    assert.equal(retried.body.number, first.body.number);
    assert.equal(await journalTotal(), before + 1);
    // The same text as a different вид of appeal is a new sending, registered on its own.
    const otherType = await register({ ...sent, appealType: 'proposal' });
    assert.equal(otherType.status, 201, JSON.stringify(otherType.body));
    assert.notEqual(otherType.body.number, first.body.number);
    assert.equal(await journalTotal(), before + 2);
  });

  test('ввод и регистрация: номер ОГ-ГГГГ-NNNNNN, состояние «Зарегистрировано», контроль 3 и 7 дней', async () => {
    const created = await register(appeal());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(created.body.number, new RegExp(`^ОГ-${year()}-\\d{6}$`));
    assert.equal(created.body.state, 'registered');
    assert.equal(created.body.channel, 'letter');
    assert.equal(created.body.isRepeat, false);
    assert.equal(created.body.controls.registration.state, 'met');
    assert.equal(created.body.controls.notice.state, 'running');
    assert.equal(created.body.controls.answer.state, 'running');
    const answerDue = Date.parse(created.body.controls.answer.dueAt);
    assert.ok(answerDue - Date.parse(created.body.registeredAt) >= 29 * 86_400_000, 'ответ — 30 дней от регистрации');

    const caseCard = await (await as('zarechny.mcu')).request('GET', `/api/cases/${created.body.caseId}`);
    assert.equal(caseCard.body.lifecycle.registrationNumber, created.body.number);
    assert.equal(caseCard.body.kind, 'appeal');

    const audit = await server.server.database.pool.query(
      `select action from audit_log where object_id = $1 order by id`,
      [created.body.caseId],
    );
    const actions = audit.rows.map((row) => row.action);
    for (const action of ['case.created', 'case.register', 'appeal.registered'])
      assert.ok(actions.includes(action), action);
  });

  test('параллельные регистрации получают разные номера подряд', async () => {
    // Real concurrency needs a real server: the embedded PGlite is one backend behind a socket, and
    // concurrent transactions of the pool interleave there (see docs/appeals.md). On PGlite the same
    // registrations run one after another; on PostgreSQL (TEST_DATABASE_URL) all at once.
    const isParallel = Boolean(process.env.TEST_DATABASE_URL);
    await as('zarechny.mcu');
    await as('zarechny.pos');
    const send = (index: number) =>
      register(
        appeal({
          text: `Параллельное обращение номер ${index} о графике вывоза снега`,
          applicant: { name: `Параллельный Заявитель ${index}`, address: `ул. Мира, ${index}` },
        }),
        index % 2 === 0 ? 'zarechny.mcu' : 'zarechny.pos',
      );
    const indexes = Array.from({ length: 12 }, (_, index) => index);
    const responses = isParallel
      ? await Promise.all(indexes.map(send))
      : await indexes.reduce<Promise<Awaited<ReturnType<typeof send>>[]>>(
          async (done, index) => [...(await done), await send(index)],
          Promise.resolve([]),
        );
    responses.forEach((response, index) => {
      assert.equal(response.status, 201, `${index}: ${JSON.stringify(response.body)}`);
    });
    const sequences = responses.map((response) => Number(String(response.body.number).slice(-6))).sort((a, b) => a - b);
    assert.equal(new Set(sequences).size, 12, `номера: ${sequences}`);
    assert.equal((sequences.at(-1) ?? 0) - (sequences[0] ?? 0), 11, 'без пропусков');
  });

  test('повторное: тот же заявитель и похожий вопрос — да; другой адрес или другой вопрос — нет', async () => {
    const first = await register(
      appeal({ applicant: { name: 'Сидорова Анна Ивановна', address: 'ул. Садовая, 7', phone: '+7 913 111-22-33' } }),
    );
    assert.equal(first.status, 201);
    const repeat = await register(
      appeal({
        text: 'Повторно прошу отремонтировать дорогу у дома: ямы на дороге так и не засыпаны',
        applicant: { name: 'сидорова  анна ивановна', address: 'улица Садовая 7' },
      }),
    );
    assert.equal(repeat.status, 201, JSON.stringify(repeat.body));
    assert.equal(repeat.body.isRepeat, true);
    assert.deepEqual(
      repeat.body.repeatOf.map((item: { number: string }) => item.number),
      [first.body.number],
    );
    const byPhone = await register(
      appeal({
        text: 'Дорога у дома в ямах, отремонтируйте дорогу',
        applicant: { name: 'Сидорова Анна Ивановна', address: 'ул. Другая, 1', phone: '89131112233' },
      }),
    );
    assert.equal(byPhone.body.isRepeat, true, 'совпал телефон');

    const otherAddress = await register(
      appeal({ applicant: { name: 'Сидорова Анна Ивановна', address: 'ул. Лесная, 3' } }),
    );
    assert.equal(otherAddress.body.isRepeat, false, 'однофамилица с другим адресом');
    const otherSubject = await register(
      appeal({
        text: 'Не вывозят мусор с контейнерной площадки третью неделю',
        applicant: { name: 'Сидорова Анна Ивановна', address: 'ул. Садовая, 7' },
      }),
    );
    assert.equal(otherSubject.body.isRepeat, false, 'другой вопрос');
    const check = await (await as('zarechny.mcu')).request('POST', '/api/appeals/repeat-check', {
      json: {
        applicant: { name: 'Сидорова Анна Ивановна', address: 'ул. Садовая, 7' },
        text: 'Отремонтируйте дорогу, ямы у дома',
      },
    });
    assert.equal(check.status, 200);
    assert.equal(check.body.isRepeat, true);
    assert.equal(check.body.periodDays, 365);

    // A period of one day still finds today's appeals; the settings are audited.
    const settings = await (await as('zarechny.mcu')).request('PUT', '/api/appeals/settings', {
      json: { numberPrefix: 'ОГ', repeatPeriodDays: 0 },
    });
    assert.equal(settings.status, 400);
    assert.match(JSON.stringify(settings.body.error.fields), /repeatPeriodDays/);
  });

  test('код классификатора: формат и наличие в рубрикаторе fz59', async () => {
    const badPattern = await register(appeal({ classifierCode: '0002.14.0143' }));
    assert.equal(badPattern.status, 400);
    assert.equal(badPattern.body.error.fields[0].field, 'classifierCode');

    const tenant = await server.server.database.pool.query("select id from tenants where slug = 'zarechny'");
    const tenantId = tenant.rows[0].id;
    const rubricator = await upsertRubricator(server.server.database.pool, {
      tenantId,
      code: 'fz59',
      name: 'Типовой общероссийский тематический классификатор обращений',
      source: 'fz59',
    });
    await upsertRubricatorItems(server.server.database.pool, tenantId, rubricator.id, [
      { code: '0003', name: 'Экономика', parentCode: null, description: null, level: 1, sortOrder: 1 },
      {
        code: '0003.0009',
        name: 'Хозяйственная деятельность',
        parentCode: '0003',
        description: null,
        level: 2,
        sortOrder: 1,
      },
      { code: '0003.0009.0097', name: 'Транспорт', parentCode: '0003.0009', description: null, level: 3, sortOrder: 1 },
      {
        code: '0003.0009.0097.0685',
        name: 'Ремонт и содержание дорог',
        parentCode: '0003.0009.0097',
        description: null,
        level: 4,
        sortOrder: 1,
      },
    ]);
    const unknown = await register(appeal({ classifierCode: '0002.0014.0143.0416' }));
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.fields[0].field, 'classifierCode');
    const known = await register(
      appeal({
        classifierCode: '0003.0009.0097.0685',
        appealType: 'proposal',
        receiptForm: 'email',
        isCollective: true,
        signatoryCount: 25,
        text: 'Предлагаем расширить тротуар на улице Школьной',
        applicant: { name: 'Инициативная группа жителей', address: null, email: 'group@example.org' },
      }),
    );
    assert.equal(known.status, 201, JSON.stringify(known.body));
    assert.equal(known.body.classifierName, 'Ремонт и содержание дорог');
    assert.equal(known.body.channel, 'email');
  });

  test('неверный ввод — 400 с полем, ничего не записано', async () => {
    const before = await server.server.database.pool.query('select count(*)::int as count from cases');
    const cases: Array<[Record<string, unknown>, string]> = [
      [appeal({ isCollective: true, signatoryCount: 1 }), 'signatoryCount'],
      [appeal({ signatoryCount: 3 }), 'isCollective'],
      [appeal({ applicant: { name: 'Без Адреса' } }), 'applicant.address'],
      [appeal({ receiptForm: 'email', applicant: { name: 'Без Почты' } }), 'applicant.email'],
      [appeal({ appealType: 'petition' }), 'appealType'],
      [appeal({ receiptForm: 'fax' }), 'receiptForm'],
      [appeal({ text: '   ' }), 'text'],
      [appeal({ applicant: { name: '', address: 'ул. Мира, 1' } }), 'applicant.name'],
    ];
    for (const [body, field] of cases) {
      const response = await register(body);
      assert.equal(response.status, 400, `${field}: ${JSON.stringify(response.body)}`);
      assert.ok(
        response.body.error.fields.some((item: { field: string }) => item.field === field),
        `${field}: ${JSON.stringify(response.body.error.fields)}`,
      );
    }
    const afterCount = await server.server.database.pool.query('select count(*)::int as count from cases');
    assert.equal(afterCount.rows[0].count, before.rows[0].count);
    const forbidden = await register(appeal(), 'zarechny.executor');
    assert.equal(forbidden.status, 403);
  });

  test('регистрация поступившего обращения; повторная регистрация — 409, сообщение — 400', async () => {
    const mcu = await as('zarechny.mcu');
    const received = await mcu.request('POST', '/api/cases', {
      json: { channel: 'letter', kind: 'appeal', text: 'Прошу установить скамейку во дворе дома 12' },
    });
    assert.equal(received.status, 201);
    assert.equal(received.body.state, 'received');
    const body = {
      caseId: received.body.id,
      receiptForm: 'letter',
      appealType: 'proposal',
      applicant: { name: 'Орлов Олег Олегович', address: 'ул. Мира, 12' },
    };
    const registered = await mcu.request('POST', '/api/appeals/registrations', { json: body });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    assert.equal(registered.body.state, 'registered');
    const again = await mcu.request('POST', '/api/appeals/registrations', { json: body });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'APPEAL_ALREADY_REGISTERED');
    const message = await mcu.request('POST', '/api/cases', {
      json: { channel: 'phone', kind: 'message', text: 'Не горит фонарь' },
    });
    const wrong = await mcu.request('POST', '/api/appeals/registrations', {
      json: { ...body, caseId: message.body.id },
    });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.fields[0].field, 'caseId');
  });

  test('журнал: фильтры, маскирование для главы, чужой муниципалитет не видит, выгрузка CSV и XLSX', async () => {
    const mcu = await as('zarechny.mcu');
    const all = await mcu.request('GET', '/api/appeals/journal?pageSize=200');
    assert.equal(all.status, 200);
    assert.ok(all.body.total >= 20, `всего ${all.body.total}`);
    const total = all.body.total;
    const check = async (query: string, predicate: (entry: Record<string, unknown>) => boolean) => {
      const response = await mcu.request('GET', `/api/appeals/journal?pageSize=200&${query}`);
      assert.equal(response.status, 200, `${query}: ${JSON.stringify(response.body)}`);
      assert.ok(response.body.items.length > 0, `${query}: пусто`);
      assert.ok(response.body.items.length < total, `${query}: фильтр ничего не отсеял`);
      for (const entry of response.body.items) assert.ok(predicate(entry), `${query}: ${JSON.stringify(entry)}`);
      return response.body.items;
    };
    await check('appealType=proposal', (entry) => entry.appealType === 'proposal');
    await check('receiptForm=email', (entry) => entry.receiptForm === 'email');
    await check('isRepeat=true', (entry) => entry.isRepeat === true);
    await check('isCollective=true', (entry) => entry.isCollective === true);
    await check('classifierCode=0003.0009', (entry) => String(entry.classifierCode).startsWith('0003.0009.'));
    const byNumber = await mcu.request(
      'GET',
      `/api/appeals/journal?q=${encodeURIComponent(String(all.body.items[0].number).toLowerCase())}`,
    );
    assert.equal(byNumber.body.total, 1, 'поиск номера без учёта регистра');
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const empty = await mcu.request('GET', `/api/appeals/journal?from=${tomorrow}`);
    assert.equal(empty.body.total, 0);
    const badPeriod = await mcu.request('GET', `/api/appeals/journal?from=2026-13-01`);
    assert.equal(badPeriod.status, 400);
    assert.equal(badPeriod.body.error.fields[0].field, 'from');
    assert.equal(
      all.body.items.find((entry: { applicantName: string }) => entry.applicantName === 'Петров Пётр Петрович')
        ?.isApplicantMasked,
      false,
    );

    const head = await as('zarechny.glava');
    const masked = await head.request('GET', '/api/appeals/journal?pageSize=200');
    assert.equal(masked.status, 200);
    assert.ok(masked.body.items.every((entry: { isApplicantMasked: boolean }) => entry.isApplicantMasked));
    assert.ok(!JSON.stringify(masked.body).includes('Петров Пётр Петрович'));
    const foreign = await as('sosnovsky.mcu');
    assert.equal((await foreign.request('GET', '/api/appeals/journal')).body.total, 0);
    const foreignCard = await foreign.request('GET', `/api/appeals/${all.body.items[0].caseId}/card`);
    assert.equal(foreignCard.status, 404);

    const csv = await mcu.request('GET', '/api/appeals/journal/export?format=csv&appealType=proposal');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.match(lines[0] ?? '', /^Рег\. номер;Дата регистрации/);
    assert.ok(lines.length >= 3);
    assert.ok(lines.slice(1).every((line) => line.includes(';Предложение;')));

    const xlsx = await fetch(`${server.url}/api/appeals/journal/export?format=xlsx`, {
      headers: { cookie: (mcu as unknown as { cookie: string }).cookie },
    });
    assert.equal(xlsx.status, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Журнал обращений');
    assert.ok(sheet);
    assert.equal(sheet.rowCount, total + 1);
    const exported = await server.server.database.pool.query(
      "select count(*)::int as count from audit_log where action = 'appeal.journal_exported'",
    );
    assert.equal(exported.rows[0].count, 2);
  });

  test('регистрационная карточка: JSON, PDF с кириллицей', async () => {
    const created = await register(
      appeal({
        text: 'Жалоба на шум от кафе «Ромашка» по ночам',
        applicant: { name: 'Ёлкина Юлия Щукина', address: 'ул. Цветочная, 3' },
      }),
    );
    const mcu = await as('zarechny.mcu');
    const card = await mcu.request('GET', `/api/appeals/${created.body.caseId}/card`);
    assert.equal(card.status, 200);
    assert.equal(card.body.text, 'Жалоба на шум от кафе «Ромашка» по ночам');
    const pdf = await renderCardPdf(card.body, 'Asia/Novokuznetsk', { compress: false });
    const text = extractPdfText(pdf).replaceAll('\n', '');
    for (const expected of [
      'Регистрационная карточка обращения гражданина',
      created.body.number,
      'Жалоба на шум от кафе «Ромашка» по ночам',
      'Ёлкина Юлия Щукина',
      'Жалоба',
      'Письмо',
    ]) {
      assert.ok(text.includes(expected), `нет «${expected}» в PDF: ${text.slice(0, 400)}`);
    }
    const http = await mcu.request('GET', `/api/appeals/${created.body.caseId}/card.pdf`);
    assert.equal(http.status, 200);
    assert.equal(http.headers.get('content-type'), 'application/pdf');
    assert.ok(String(http.body).startsWith('%PDF-'));
    const missing = await mcu.request('GET', '/api/appeals/00000000-0000-4000-8000-000000000000/card');
    assert.equal(missing.status, 404, JSON.stringify(missing.body));
  });
});
