import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { ErrorResponse } from '../../shared/contracts/errors.contract.js';
import type {
  AuditPage,
  CompositionImportReport,
  Person,
  Recipient,
  Tenant,
} from '../../shared/contracts/organization.contract.js';
import {
  answerTo,
  jsonOf,
  loadedResponse,
  registerBrowserFlowHooks,
  requestTo,
  running,
  saveScreenshot,
  signIn,
} from './case-work.e2e-support.js';

let scratchDirectory: string | undefined;

registerBrowserFlowHooks();
before(() => {
  scratchDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-composition-'));
});
after(() => {
  if (scratchDirectory) fs.rmSync(scratchDirectory, { recursive: true, force: true });
});

const WIDE_SCREEN = { viewport: { width: 1440, height: 900 } };

function tableRow(page: Page, text: string): Locator {
  return page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: text });
}

/** Picks an option of an AntD Select or TreeSelect by typing into its search and clicking the match. */
async function choose(page: Page, field: Locator, optionText: string) {
  await field.click();
  await field.fill(optionText);
  // Closed drop-downs stay in the page, hidden: only the open one's option is visible.
  await page
    .locator('.ant-select-dropdown')
    .getByTitle(optionText, { exact: true })
    .filter({ visible: true })
    .first()
    .click();
}

function writeTemporaryFile(name: string, content: string): string {
  assert.ok(scratchDirectory);
  const file = path.join(scratchDirectory, name);
  fs.writeFileSync(file, content, 'utf8');
  return file;
}

test('the administrator builds the organisation: a department, a person in it, a composition, and finds it in the audit', async () => {
  const { context, page } = await signIn((account) => account.role === 'admin', WIDE_SCREEN);
  try {
    // The recipients tree, with the administration at the top.
    const recipientsResponse = loadedResponse(page, requestTo('/api/recipients', 'GET'));
    await page.getByRole('menuitem', { name: 'Организация' }).click();
    await page.waitForURL((url) => url.pathname === '/organization');
    const recipients = await jsonOf<Recipient[]>(await recipientsResponse);
    const administration = recipients.find((recipient) => recipient.kind === 'administration');
    assert.ok(administration, 'в демо-данных должна быть администрация');
    await tableRow(page, administration.name).waitFor();

    // A new department under the administration.
    const departmentName = 'Отдел цифрового развития';
    await tableRow(page, administration.name).getByTitle('Добавить подчинённого получателя').click();
    const recipientModal = page.getByRole('dialog', { name: 'Новый получатель' });
    assert.equal(await recipientModal.getByText(administration.name).isVisible(), true, 'родитель подставлен');
    await recipientModal.getByLabel('Наименование', { exact: true }).fill(departmentName);
    await recipientModal.getByLabel('Краткое наименование').fill('ОЦР');
    const createdRecipient = await answerTo(page, 'POST', '/api/recipients', () =>
      recipientModal.getByRole('button', { name: 'Добавить' }).click(),
    );
    assert.equal(createdRecipient.status(), 201);
    const department = await jsonOf<Recipient>(createdRecipient);
    assert.equal(department.parentId, administration.id);
    assert.equal(department.kind, 'department');
    await tableRow(page, departmentName).getByText('Отдел, управление, комитет').waitFor();
    await saveScreenshot(page, 'e2e-organization-recipients.png');

    // A person in it, with the executor role and a sign-in.
    await page.getByRole('tab', { name: 'Сотрудники' }).click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'people');
    await page.getByRole('button', { name: 'Добавить сотрудника' }).click();
    const drawer = page.getByRole('dialog', { name: 'Новый сотрудник' });
    const fullName = 'Орлова Вера Андреевна';
    await drawer.getByLabel('ФИО', { exact: true }).fill(fullName);
    await drawer.getByLabel('Должность').fill('Главный специалист');
    await drawer.getByLabel('E-mail').fill('orlova@zarechny.example.ru');
    await choose(page, drawer.getByLabel('Ответственный получатель'), departmentName);
    await choose(page, drawer.getByLabel('Роли', { exact: true }), 'Исполнитель');
    await drawer.getByLabel('Логин', { exact: true }).fill('zarechny.orlova');
    // A login without a password is caught on the form, before the server is asked.
    await drawer.getByRole('button', { name: 'Добавить' }).click();
    await drawer.getByText('Задайте пароль: без него по логину не войти').waitFor();
    await drawer.getByLabel('Пароль', { exact: true }).fill('orlova-password-1');
    const createdPerson = await answerTo(page, 'POST', '/api/people', () =>
      drawer.getByRole('button', { name: 'Добавить' }).click(),
    );
    assert.equal(createdPerson.status(), 201);
    const person = await jsonOf<Person>(createdPerson);
    assert.deepEqual(person.roles, ['executor']);
    assert.equal(person.recipientId, department.id);
    assert.equal(person.login, 'zarechny.orlova');
    await drawer.waitFor({ state: 'hidden' });
    const personRow = tableRow(page, fullName);
    await personRow.getByText('Исполнитель', { exact: true }).waitFor();
    await personRow.getByText(departmentName).waitFor();
    await personRow.getByText('zarechny.orlova').waitFor();
    await saveScreenshot(page, 'e2e-organization-people.png');

    // Switched off: the row says so, and the server has the person inactive.
    await personRow.getByText('Отключить', { exact: true }).click();
    const deactivated = await answerTo(page, 'PATCH', `/api/people/${person.id}`, () =>
      page.locator('.ant-popconfirm').getByRole('button', { name: 'Отключить' }).click(),
    );
    assert.equal(deactivated.status(), 200);
    assert.equal((await jsonOf<Person>(deactivated)).isActive, false);
    await personRow.getByText('Отключён', { exact: true }).waitFor();
    await personRow.getByText('Включить', { exact: true }).waitFor();

    // The composition: a table with a bad line is refused with the line named, a good one becomes a new version.
    await page.getByRole('tab', { name: 'Состав МЦУ' }).click();
    await page.getByRole('button', { name: 'Загрузить состав' }).click();
    const importModal = page.getByRole('dialog', { name: 'Загрузка состава МЦУ' });
    await importModal.getByText('ФИО; Должность; Роль; Блок').first().waitFor();
    const badFile = writeTemporaryFile(
      'состав-с-ошибкой.csv',
      'ФИО;Должность;Роль;Блок\nОрлова Вера Андреевна;Главный специалист;Исполнитель;\nЛосев Пётр Ильич;Заместитель главы;Король;Социальная политика\n',
    );
    await importModal.locator('input[type=file]').setInputFiles(badFile);
    await importModal.getByLabel('Номер акта').fill('45-п');
    await importModal.getByLabel('Дата акта').fill('21.11.2025');
    await importModal.getByLabel('Дата акта').press('Enter');
    const refused = await answerTo(page, 'POST', '/api/compositions/import', () =>
      importModal.getByRole('button', { name: 'Загрузить' }).click(),
    );
    assert.equal(refused.status(), 400);
    const refusal = await jsonOf<ErrorResponse>(refused);
    const lineError = refusal.error.fields?.find((field) => field.message.startsWith('Строка 3'));
    assert.ok(lineError, 'сервер называет строку с ошибкой');
    await importModal.getByText(lineError.message).waitFor();
    await saveScreenshot(page, 'e2e-composition-import-error.png');

    const goodFile = writeTemporaryFile(
      'состав.csv',
      'ФИО;Должность;Роль;Блок\nОрлова Вера Андреевна;Главный специалист;Исполнитель;\nЛосев Пётр Ильич;Заместитель главы;Руководитель отраслевого блока;Цифровая экономика\n',
    );
    await importModal.locator('input[type=file]').setInputFiles(goodFile);
    const imported = await answerTo(page, 'POST', '/api/compositions/import', () =>
      importModal.getByRole('button', { name: 'Загрузить' }).click(),
    );
    assert.equal(imported.status(), 201);
    const report = await jsonOf<CompositionImportReport>(imported);
    assert.equal(report.composition.actNumber, '45-п');
    assert.equal(report.composition.actDate, '2025-11-21');
    assert.equal(report.composition.memberCount, 2);
    await importModal.getByText(`Загружена версия ${report.composition.version} состава`).waitFor();
    await importModal
      .getByTestId('composition-import-report')
      .getByText(String(report.createdPeople))
      .first()
      .waitFor();
    await saveScreenshot(page, 'e2e-composition-import-report.png');
    await importModal.getByRole('button', { name: 'Готово' }).click();
    const versionRow = tableRow(page, `Версия ${report.composition.version}`);
    await versionRow.getByText('45-п').waitFor();
    assert.equal(
      await versionRow.getByRole('link', { name: 'CSV' }).getAttribute('href'),
      `/api/compositions/${report.composition.id}/export?format=csv`,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      versionRow.getByRole('link', { name: 'Скачать XLSX' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    // The version's members in the side panel.
    await versionRow.getByText(`Версия ${report.composition.version}`).click();
    const compositionDrawer = page.getByRole('dialog', { name: `Состав МЦУ, версия ${report.composition.version}` });
    await compositionDrawer.getByText('Лосев Пётр Ильич').waitFor();
    await compositionDrawer.getByText('Цифровая экономика').waitFor();
    await saveScreenshot(page, 'e2e-composition-drawer.png');
    await page.keyboard.press('Escape');
    await compositionDrawer.waitFor({ state: 'hidden' });

    // The audit log: the person's creation, found by the object's id, with what was written.
    const firstAuditPage = loadedResponse(page, requestTo('/api/audit'));
    await page.getByRole('menuitem', { name: 'Журнал аудита' }).click();
    await page.waitForURL((url) => url.pathname === '/audit');
    await firstAuditPage;
    const filteredResponse = loadedResponse(page, (request) => {
      const url = new URL(request.url());
      return url.pathname === '/api/audit' && url.searchParams.get('objectId') === person.id;
    });
    await page.getByLabel('Идентификатор объекта').fill(person.id);
    await page.getByLabel('Идентификатор объекта').press('Enter');
    const filtered = await filteredResponse;
    assert.equal(new URL(page.url()).searchParams.get('objectId'), person.id);
    const auditPage = await jsonOf<AuditPage>(filtered);
    const creation = auditPage.items.find((entry) => entry.action === 'person.created');
    assert.ok(creation, 'создание сотрудника записано в журнал');
    assert.ok(
      auditPage.items.some((entry) => entry.action !== 'person.created'),
      'отключение тоже записано в журнал',
    );
    const creationRow = tableRow(page, 'Сотрудник: создание');
    await creationRow.waitFor();
    await creationRow.locator('.ant-table-row-expand-icon').click();
    const details = page.getByTestId('audit-entry-details');
    await details.getByText('Стало').waitFor();
    await details.getByText(fullName, { exact: false }).first().waitFor();
    await saveScreenshot(page, 'e2e-audit.png');
  } finally {
    await context.close();
  }
});

test('the head of the municipality reads the organisation without edit controls and has no audit log', async () => {
  const { context, page } = await signIn((account) => account.role === 'head', WIDE_SCREEN);
  try {
    await page.getByRole('menuitem', { name: 'Организация' }).waitFor();
    assert.equal(await page.getByRole('menuitem', { name: 'Журнал аудита' }).count(), 0);

    const recipientsResponse = loadedResponse(page, requestTo('/api/recipients', 'GET'));
    await page.getByRole('menuitem', { name: 'Организация' }).click();
    const recipients = await jsonOf<Recipient[]>(await recipientsResponse);
    assert.ok(recipients.length > 0);
    await page.getByText('только просмотр').waitFor();
    const firstRecipient = recipients[0];
    assert.ok(firstRecipient);
    await page.locator('.ant-table-tbody').getByText(firstRecipient.name).first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Добавить получателя' }).count(), 0);
    assert.equal(await page.getByText('Изменить', { exact: true }).count(), 0);

    const peopleResponse = loadedResponse(page, requestTo('/api/people', 'GET'));
    await page.getByRole('tab', { name: 'Сотрудники' }).click();
    const people = await jsonOf<Person[]>(await peopleResponse);
    assert.ok(people.length > 0);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Добавить сотрудника' }).count(), 0);
    assert.equal(await page.getByText('Отключить', { exact: true }).count(), 0);
    assert.equal(await page.getByText('Удалить', { exact: true }).count(), 0);
    await page.getByRole('tab', { name: 'Состав МЦУ' }).click();
    await page.locator('.ant-table').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Загрузить состав' }).count(), 0);
    await saveScreenshot(page, 'e2e-organization-head.png');

    // Typed by hand, the audit address is refused on the page as well.
    await page.goto(`${running().server.url}/audit`);
    await page.getByText('Нет доступа').waitFor();
  } finally {
    await context.close();
  }
});

test('the region curator picks a municipality and reads its organisation', async () => {
  const { context, page } = await signIn((account) => account.role === 'cur_curator', WIDE_SCREEN);
  try {
    const tenantsResponse = loadedResponse(page, requestTo('/api/tenants', 'GET'));
    const firstRecipients = loadedResponse(page, requestTo('/api/recipients', 'GET'));
    await page.getByRole('menuitem', { name: 'Организация' }).click();
    const municipalities = (await jsonOf<Tenant[]>(await tenantsResponse)).filter(
      (tenant) => tenant.kind === 'municipality',
    );
    assert.ok(municipalities.length >= 2, 'ЦУР видит несколько муниципалитетов');
    const [first, second] = municipalities;
    assert.ok(first && second);
    assert.equal(new URL((await firstRecipients).url()).searchParams.get('tenantId'), first.id);

    const secondRecipients = await answerTo(page, 'GET', '/api/recipients', () =>
      choose(page, page.getByLabel('Муниципалитет'), second.name),
    );
    assert.equal(new URL(secondRecipients.url()).searchParams.get('tenantId'), second.id);
    assert.equal(new URL(page.url()).searchParams.get('tenantId'), second.id);
    const recipients = await jsonOf<Recipient[]>(secondRecipients);
    assert.ok(recipients.every((recipient) => recipient.tenantId === second.id));
    assert.equal(await page.getByRole('button', { name: 'Добавить получателя' }).count(), 0);
    await saveScreenshot(page, 'e2e-organization-region.png');
  } finally {
    await context.close();
  }
});
