import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { IssuedApiKey } from '../../shared/contracts/api-keys.contract.js';
import type { SessionResponse } from '../../shared/contracts/auth.contract.js';
import type { ErrorResponse } from '../../shared/contracts/errors.contract.js';
import type { ImportRecordView, ImportReportView } from '../../shared/contracts/intake.contract.js';
import {
  answerTo,
  apiOf,
  choose,
  demoAccount,
  jsonOf,
  loseFirstAnswer,
  queryRows,
  registerBrowserFlowHooks,
  running,
  saveScreenshot,
  signIn,
  WIDE_VIEWPORT,
} from './case-work.e2e-support.js';

registerBrowserFlowHooks({ failOnScriptErrors: true });

/**
 * Windows-1251, as Excel on a Russian Windows saves «CSV (разделители — точки с запятой)»: ASCII as is,
 * А–я from 0xC0, Ё and ё apart. Only what the test file holds.
 */
function windows1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((character) => {
      const code = character.codePointAt(0) ?? 0;
      if (code < 0x80) return code;
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
      if (character === 'Ё') return 0xa8;
      if (character === 'ё') return 0xb8;
      if (character === '№') return 0xb9;
      throw new Error(`нет в Windows-1251 для теста: ${character}`);
    }),
  );
}

/** A ПОС back-office export: two good lines and, on line 4, a date the platform never writes. */
const POS_EXPORT = [
  'Номер;Категория;Подкатегория;Факт;Организация;Дата поступления;Фактическая дата завершения;Статус;Тип решения;Оценка',
  'ЕЕ-1001;Дороги;Ямы;Яма у школы № 3;Управление дорог;01.03.2026 10:00;05.03.2026 12:00;Решено;Решено;5',
  'ЕЕ-1002;Дороги;Освещение;Не горит фонарь у подъезда;Управление дорог;02.03.2026 09:30;;В работе;;',
  'ЕЕ-1003;Дороги;Ямы;Яма во дворе;Управление дорог;вчера;;В работе;;',
].join('\r\n');

/** «07.12.2026 09:54» in `timeZone`. */
function wallClock(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
}

async function countImported(tenantSlug: string): Promise<number> {
  const [row] = await queryRows<{ count: string }>(
    `select count(*) from cases c join tenants t on t.id = c.tenant_id
      where t.slug = $1 and c.channel = 'pos' and c.external_id like 'ЕЕ-%'`,
    [tenantSlug],
  );
  return Number(row?.count ?? 0);
}

function reportFigure(report: Locator, label: string): Locator {
  return report.locator('.ant-descriptions-row').filter({ hasText: label }).locator('.ant-descriptions-item-content');
}

async function uploadExport(page: Page) {
  return answerTo(page, 'POST', '/api/intake/imports/pos', () =>
    page.getByRole('button', { name: 'Загрузить' }).click(),
  );
}

test('ответственный за ПОС загружает выгрузку в Windows-1251: строка с ошибкой названа, ничего не записано; с пропуском — отчёт; повтор ничего не дублирует', async () => {
  const account = demoAccount((candidate) => candidate.role === 'coordinator_pos' && candidate.tenant === 'zarechny');
  const { context, page } = await signIn(account.login, { startPage: '/inbox' });
  try {
    await page.getByRole('menuitem', { name: 'Импорт' }).click();
    await page.waitForURL((url) => url.pathname === '/intake');
    await page.getByRole('heading', { name: 'Импорт выгрузок' }).waitFor();
    assert.equal(await page.getByRole('radio', { name: 'Выгрузка ПОС' }).isChecked(), true);
    // The ИМ format is not offered to the ПОС coordinator (the server would refuse it: 403).
    assert.equal(await page.getByRole('radio', { name: 'Выгрузка Инцидент менеджмента' }).count(), 0);

    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'выгрузка ПОС.csv', mimeType: 'text/csv', buffer: windows1251(POS_EXPORT) });
    await page.getByText('выгрузка ПОС.csv').waitFor();

    // All or nothing: one bad line refuses the file, names the line and its reason, and writes nothing.
    const refused = await uploadExport(page);
    assert.equal(refused.status(), 422);
    const refusal = await jsonOf<ErrorResponse>(refused);
    assert.equal(refusal.error.code, 'IMPORT_REJECTED');
    const rejection = page.getByTestId('intake-rejection');
    await rejection.getByText(refusal.error.message).waitFor();
    const badLine = rejection.locator('tr.ant-table-row').filter({ hasText: 'Строка 4' });
    await badLine.waitFor();
    assert.match(
      (await badLine.textContent()) ?? '',
      /«Дата поступления» — «вчера» не дата; нужна, например, 10\.03\.2024/,
    );
    assert.equal(await countImported('zarechny'), 0);

    // With «skip the bad lines» the good ones are written, and the report still names the bad one.
    await page.getByRole('checkbox', { name: 'Пропустить ошибочные строки (записать остальные)' }).check();
    const accepted = await uploadExport(page);
    assert.equal(accepted.status(), 201);
    const report = await jsonOf<ImportReportView>(accepted);
    assert.deepEqual([report.created, report.present, report.rejectedCount], [2, 0, 1]);
    const reportView = page.getByTestId('intake-report');
    await reportView.getByText('Загружено, часть строк пропущена').waitFor();
    assert.equal((await reportFigure(reportView, 'Создано сообщений').textContent())?.trim(), '2');
    assert.equal((await reportFigure(reportView, 'Отклонено строк').textContent())?.trim(), '1');
    await reportView.locator('tr.ant-table-row').filter({ hasText: 'Строка 4' }).waitFor();
    assert.equal(await countImported('zarechny'), 2);
    const [imported] = await queryRows<{ text: string }>(
      `select c.text from cases c join tenants t on t.id = c.tenant_id
        where t.slug = 'zarechny' and c.channel = 'pos' and c.external_id = 'ЕЕ-1001'`,
      [],
    );
    assert.match(imported?.text ?? '', /Яма у школы № 3/, 'кириллица из Windows-1251 прочитана верно');
    await saveScreenshot(page, 'intake-report.png', { fullPage: true });

    // The same file again: nothing new, the two are «already present».
    const repeated = await jsonOf<ImportReportView>(await uploadExport(page));
    assert.deepEqual([repeated.created, repeated.present], [0, 2]);
    await reportFigure(reportView, 'Уже были (не изменены)').filter({ hasText: '2' }).waitFor();
    assert.equal(await countImported('zarechny'), 2);

    // The journal keeps every run, newest first, with who ran it.
    const journal = page.locator('.ant-card').filter({ hasText: 'Журнал импорта' }).locator('tr.ant-table-row');
    await journal.nth(2).waitFor();
    const outcomes = await journal.evaluateAll((rows) => rows.map((row) => row.textContent ?? ''));
    assert.match(outcomes[0] ?? '', /Загружено/);
    assert.match(outcomes[1] ?? '', /часть строк пропущена/);
    assert.match(outcomes[2] ?? '', /Отклонено, ничего не записано/);
    const me = (await (await page.request.get(`${running().server.url}/api/auth/me`)).json()) as SessionResponse;
    // «Когда» is the municipality's wall clock (Asia/Novokuznetsk for the demo), as every other screen shows it,
    // whatever zone the browser is in (Moscow here).
    const [latest] = await apiOf(page).then((api) => api.get<ImportRecordView[]>('/api/intake/imports'));
    assert.ok(latest);
    assert.notEqual(me.user.tenant.timezone, 'Europe/Moscow');
    assert.ok(
      outcomes[0]?.includes(wallClock(latest.finishedAt, me.user.tenant.timezone)),
      `${outcomes[0]} — ${latest.finishedAt} в ${me.user.tenant.timezone}`,
    );
    assert.ok(
      outcomes.every(
        (row) => row.includes('выгрузка ПОС.csv') && row.includes(`${me.user.fullName} (${me.user.login})`),
      ),
      `${me.user.fullName}: ${outcomes.join(' | ')}`,
    );
  } finally {
    await context.close();
  }
});

test('администратор выдаёт ключ Open311, клиент подаёт с ним заявку, после отзыва ключ не принимается', async () => {
  const { server } = running();
  const { context, page } = await signIn('zarechny.admin', { startPage: '/inbox' });
  try {
    await page.getByRole('menuitem', { name: 'Open311 и ключи API' }).click();
    await page.waitForURL((url) => url.pathname === '/integrations');
    await page.getByRole('button', { name: 'Выдать ключ' }).click();
    const form = page.getByRole('dialog', { name: 'Новый ключ API' });
    await form.getByRole('button', { name: 'Выдать' }).click();
    await form.getByText('Укажите, для кого ключ').waitFor();
    await form.getByLabel('Для кого (клиент, система)').fill('Мобильное приложение «Наш двор»');
    const issuedAnswer = await answerTo(page, 'POST', '/api/api-keys', () =>
      form.getByRole('button', { name: 'Выдать' }).click(),
    );
    const issued = await jsonOf<IssuedApiKey>(issuedAnswer);
    const shown = page.getByTestId('issued-key');
    await shown.waitFor();
    assert.equal((await shown.textContent())?.trim(), issued.key, 'ключ показан целиком');
    await page.getByRole('button', { name: 'Я сохранил ключ' }).click();
    const row = page.locator('tr.ant-table-row').filter({ hasText: 'Мобильное приложение «Наш двор»' });
    await row.getByText('Действует').waitFor();
    assert.equal(
      await row.getByText(issued.key).count(),
      0,
      'в списке — только начало ключа, сам ключ больше не показывается',
    );

    // A client of the municipality files a request with the key (Open311, form-encoded).
    const services = (await (
      await page.request.get(`${server.url}/open311/v2/services.json?jurisdiction_id=zarechny`)
    ).json()) as Array<{ service_code: string }>;
    const serviceCode = services[0]?.service_code;
    assert.ok(serviceCode, 'у муниципалитета есть услуги Open311');
    const file = (key: string) =>
      page.request.post(`${server.url}/open311/v2/requests.json`, {
        form: {
          jurisdiction_id: 'zarechny',
          api_key: key,
          service_code: serviceCode,
          lat: '56.8516',
          long: '60.6122',
          address_string: 'ул. Ленина, 5',
          description: 'Не убран снег во дворе дома 5 по улице Ленина',
        },
      });
    const filed = await file(issued.key);
    assert.ok(filed.ok(), `${filed.status()} ${await filed.text()}`);
    const [created] = (await filed.json()) as Array<{ service_request_id: string }>;
    assert.ok(created?.service_request_id);

    // Revoked: the row says so at once, and the next request with the key is refused with the reason.
    await row.getByRole('button', { name: 'Отозвать' }).click();
    await answerTo(page, 'POST', `/api/api-keys/${issued.id}/revoke`, () =>
      page.locator('.ant-popconfirm').getByRole('button', { name: 'Отозвать' }).click(),
    );
    await row.getByText(/Отозван \d/).waitFor();
    assert.equal(await row.getByRole('button', { name: 'Отозвать' }).count(), 0);
    await saveScreenshot(page, 'integrations-api-keys.png');
    const refused = await file(issued.key);
    assert.equal(refused.status(), 403);
    const [reason] = (await refused.json()) as Array<{ code: number; description: string }>;
    assert.equal(reason?.code, 403);
    assert.match(reason?.description ?? '', /api_key: .*отозван/);
  } finally {
    await context.close();
  }
});

test('администратор заводит услугу Open311 с атрибутами; клиент видит их в описании услуги, и заявка без обязательного отклоняется', async () => {
  const { server } = running();
  const { context, page } = await signIn('zarechny.admin', { viewport: WIDE_VIEWPORT, startPage: '/inbox' });
  try {
    await page.goto(`${server.url}/integrations`);
    await page.getByRole('tab', { name: 'Услуги Open311' }).click();
    await page.getByRole('button', { name: 'Добавить услугу' }).click();
    const newService = page.getByRole('dialog', { name: 'Новая услуга' });
    await newService.getByLabel('Код (латиница, цифры)').fill('snow');
    await newService.getByLabel('Название').fill('Уборка снега во дворах');
    const added = await answerTo(page, 'POST', '/api/open311/services', () =>
      newService.getByRole('button', { name: 'Добавить' }).click(),
    );
    assert.equal(added.status(), 201, await added.text());
    const row = page.locator('tr.ant-table-row').filter({ hasText: 'Уборка снега во дворах' });
    await row.waitFor();

    // Two attributes: a required choice from a list, and an optional number. The list's values appear only for
    // a list type.
    await row.getByRole('button', { name: 'Атрибуты' }).click();
    const drawer = page.getByRole('dialog', { name: 'Атрибуты услуги «Уборка снега во дворах»' });
    await drawer.getByRole('button', { name: 'Добавить атрибут' }).click();
    const first = drawer.locator('.ant-card').nth(0);
    await first.getByLabel('Код').fill('place');
    assert.equal(await first.getByLabel('Значения списка (по строке: код=название)').count(), 0, 'у строки нет списка');
    await choose(page, first.getByLabel('Тип'), 'Один из списка');
    await first.getByText('Обязательный').click();
    await first.getByLabel('Вопрос заявителю').fill('Где не убран снег?');
    await drawer.getByRole('button', { name: 'Сохранить' }).click();
    await first.getByText('Перечислите значения списка').waitFor();
    await first.getByLabel('Значения списка (по строке: код=название)').fill('yard=Двор\nroad=Проезд к дому');
    await drawer.getByRole('button', { name: 'Добавить атрибут' }).click();
    const second = drawer.locator('.ant-card').nth(1);
    await second.getByLabel('Код').fill('depth');
    await choose(page, second.getByLabel('Тип'), 'Число');
    await second.getByLabel('Вопрос заявителю').fill('Высота сугроба, см');
    const saved = await answerTo(page, 'PUT', '/api/open311/services/snow/attributes', () =>
      drawer.getByRole('button', { name: 'Сохранить' }).click(),
    );
    assert.ok(saved.ok(), `${saved.status()} ${await saved.text()}`);
    await row.getByText('place, depth').waitFor();

    // What a client of the municipality reads (GeoReport v2 service definition).
    const definition = (await (
      await page.request.get(`${server.url}/open311/v2/services/snow.json?jurisdiction_id=zarechny`)
    ).json()) as {
      service_code: string;
      attributes: Array<{ code: string; datatype: string; required: boolean; description: string; values?: unknown[] }>;
    };
    assert.equal(definition.service_code, 'snow');
    assert.deepEqual(
      definition.attributes.map(({ code, datatype, required, description, values }) => ({
        code,
        datatype,
        required,
        description,
        values,
      })),
      [
        {
          code: 'place',
          datatype: 'singlevaluelist',
          required: true,
          description: 'Где не убран снег?',
          values: [
            { key: 'yard', name: 'Двор' },
            { key: 'road', name: 'Проезд к дому' },
          ],
        },
        // Not a list: no values (the specification gives them to lists only).
        { code: 'depth', datatype: 'number', required: false, description: 'Высота сугроба, см', values: undefined },
      ],
    );

    // A request without the required attribute is refused with its name; with it, accepted.
    const { key } = await (await apiOf(page)).post<IssuedApiKey>('/api/api-keys', { name: 'Проверка атрибутов' });
    const file = (attributes: Record<string, string>) =>
      page.request.post(`${server.url}/open311/v2/requests.json`, {
        form: {
          jurisdiction_id: 'zarechny',
          api_key: key,
          service_code: 'snow',
          address_string: 'ул. Ленина, 5',
          description: 'Двор не чистят третий день',
          ...attributes,
        },
      });
    const refused = await file({ 'attribute[depth]': '40' });
    assert.equal(refused.status(), 400);
    const [reason] = (await refused.json()) as Array<{ description: string }>;
    assert.match(reason?.description ?? '', /attribute\[place\]: обязательный атрибут: Где не убран снег\?/);
    const wrongValue = await file({ 'attribute[place]': 'roof' });
    assert.equal(wrongValue.status(), 400);
    const accepted = await file({ 'attribute[place]': 'yard', 'attribute[depth]': '40' });
    assert.ok(accepted.ok(), `${accepted.status()} ${await accepted.text()}`);
    await saveScreenshot(page, 'integrations-services.png');
  } finally {
    await context.close();
  }
});

test('оператор регистрирует звонок; ответ потерялся, оператор нажимает ещё раз — одно сообщение, без предупреждения о своей же попытке', async () => {
  const { server } = running();
  const phoneCases = async () =>
    Number(
      (
        await queryRows<{ count: string }>(
          `select count(*) from cases c join tenants t on t.id = c.tenant_id
            where t.slug = 'zarechny' and c.channel = 'phone' and c.applicant_phone = $1`,
          ['+7 (913) 404-40-40'],
        )
      )[0]?.count ?? 0,
    );
  const { context, page } = await signIn('zarechny.mcu', { startPage: '/inbox' });
  try {
    await page.goto(`${server.url}/cases`);
    await page.getByRole('button', { name: 'Зарегистрировать' }).click();
    const form = page.getByTestId('register-case-modal');
    await choose(page, form.getByLabel('Канал'), 'Телефон');
    await form.getByLabel('Текст').fill('Звонок: у дома 8 по улице Строителей прорвало трубу, вода течёт по дороге.');
    await form.getByLabel('Адрес').fill('ул. Строителей, 8');
    await form.getByLabel('Заявитель').fill('Орлова Вера');
    await form.getByLabel('Телефон').fill('+7 (913) 404-40-40');

    // The first attempt is written, but its answer is lost on the way back.
    await loseFirstAnswer(page, '**/api/manual-entry');
    await form.getByRole('button', { name: 'Зарегистрировать' }).click();
    await form.getByText('Сервер недоступен').waitFor();
    assert.equal(await phoneCases(), 1);

    const retried = await answerTo(page, 'POST', '/api/manual-entry', () =>
      form.getByRole('button', { name: 'Зарегистрировать' }).click(),
    );
    assert.equal(retried.status(), 201, await retried.text());
    const created = (await retried.json()) as { number: string };
    await page.getByText(`Зарегистрировано: № ${created.number}`).waitFor();
    assert.equal(await page.getByTestId('duplicates-warning').count(), 0, 'без предупреждения о повторе');
    assert.equal(await phoneCases(), 1, 'повтор не создал второго сообщения');
  } finally {
    await context.close();
  }
});
