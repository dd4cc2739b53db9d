import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/test-support/test-server.js';
import type { KpiDefinitionSet, ReportSchedule } from '../../shared/contracts/reports.contract.js';
import { launchChromium } from './chromium.e2e-support.js';

const projectRoot = path.resolve(import.meta.dirname, '../../..');
const bundleIndex = path.join(projectRoot, 'dist/web/index.html');
const screenshotDirectory = path.join(projectRoot, '.tmp');

let server: TestServer | undefined;
let browser: Browser | undefined;
const pageErrors: string[] = [];

before(async () => {
  assert.ok(fs.existsSync(bundleIndex), `Нет собранного интерфейса (${bundleIndex}): выполните «npm run build».`);
  fs.mkdirSync(screenshotDirectory, { recursive: true });
  server = await startTestServer();
  browser = await launchChromium();
});

after(async () => {
  assert.deepEqual(pageErrors, [], 'ошибки скриптов на странице');
  await browser?.close();
  await server?.stop();
});

async function openReports(role: string): Promise<Page> {
  assert.ok(server && browser);
  const account = server.demoUsers.find((item) => item.role === role);
  assert.ok(account);
  const context = await browser.newContext({
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  // A script error on the page (the tab once crashed on open) fails the test at its end.
  // (React's error boundary reports a render error to the console; a 401 before signing in is expected.)
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (entry) => {
    if (entry.type() === 'error' && !entry.text().startsWith('Failed to load resource')) pageErrors.push(entry.text());
  });
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Логин').fill(account.login);
  await page.getByLabel('Пароль').fill(account.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.getByRole('link', { name: 'Аналитика' }).click();
  await page.getByRole('tab', { name: 'Отчёты' }).click();
  return page;
}

const isApi = (pathname: string, method: string) => (response: { url(): string; request(): { method(): string } }) =>
  new URL(response.url()).pathname === pathname && response.request().method() === method;

test('руководитель МЦУ меняет расписание записки: пятница 18:30, внешний адрес', async () => {
  const page = await openReports('manager');
  const card = page.getByTestId('report-schedule');
  await card.getByText('Следующая записка').waitFor();
  await card.getByLabel('День недели').click();
  await page.getByTitle('пятница').click();
  await card.getByLabel('Время').fill('18:30');
  await card.getByLabel('Внешние адреса e-mail').click();
  await page.keyboard.type('priemnaya@zarechny.ru');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await card.locator('.ant-select-selection-item', { hasText: 'priemnaya@zarechny.ru' }).waitFor();
  const [response] = await Promise.all([
    page.waitForResponse(isApi('/api/analytics/report-schedule', 'PUT')),
    card.getByRole('button', { name: 'Сохранить расписание' }).click(),
  ]);
  assert.equal(response.status(), 200);
  const saved = (await response.json()) as ReportSchedule;
  assert.equal(saved.weekday, 5);
  assert.equal(saved.time, '18:30');
  assert.deepEqual(saved.emails, ['priemnaya@zarechny.ru']);
  await card.getByText(/18:30/).first().waitFor();
  await page.screenshot({ path: path.join(screenshotDirectory, 'report-schedule.png'), fullPage: true });
});

test('куратор ЦУР правит показатель КПЭ: неверная формула подсвечена, исправленная сохраняется версией', async () => {
  const page = await openReports('cur_curator');
  const card = page.getByTestId('kpi-definitions');
  const formula = card.getByLabel('Формула').first();
  await formula.waitFor();
  await formula.fill('resolved / answred * 100');
  await card.getByText('неизвестная мера «answred»', { exact: false }).waitFor();
  await formula.fill('resolved / answered * 100');
  await card.getByLabel('Основание изменения').fill('Письмо ЦУР');
  const [response] = await Promise.all([
    page.waitForResponse(isApi('/api/analytics/kpi-definitions', 'PUT')),
    card.getByRole('button', { name: 'Сохранить новую версию' }).click(),
  ]);
  assert.equal(response.status(), 200);
  const saved = (await response.json()) as KpiDefinitionSet;
  assert.equal(saved.version, 1);
  assert.equal(saved.definitions[0]?.formula, 'resolved / answered * 100');
  await card.getByText('версия 1', { exact: false }).first().waitFor();
  await page.screenshot({ path: path.join(screenshotDirectory, 'kpi-definitions.png'), fullPage: true });
});

test('куратор ЦУР восстанавливает прежнюю версию КПЭ из списка версий: она сохраняется новой версией', async () => {
  const page = await openReports('cur_curator');
  const card = page.getByTestId('kpi-definitions');
  const target = card.getByLabel('Цель').first();
  await target.waitFor();
  const saveWithTarget = async (value: string, reason: string) => {
    await target.fill(value);
    await card.getByLabel('Основание изменения').fill(reason);
    const [response] = await Promise.all([
      page.waitForResponse(isApi('/api/analytics/kpi-definitions', 'PUT')),
      card.getByRole('button', { name: 'Сохранить новую версию' }).click(),
    ]);
    assert.equal(response.status(), 200);
    return (await response.json()) as KpiDefinitionSet;
  };
  const kept = await saveWithTarget('77', 'цель на год');
  const changed = await saveWithTarget('88', 'временно');
  assert.equal(changed.version, (kept.version ?? 0) + 1);

  const versions = page.getByTestId('kpi-versions');
  await versions.getByRole('button', { name: `Восстановить версию ${kept.version}` }).click();
  const [response] = await Promise.all([
    page.waitForResponse(isApi(`/api/analytics/kpi-definitions/versions/${kept.version}/restore`, 'POST')),
    page.locator('.ant-popconfirm').getByRole('button', { name: 'Восстановить' }).click(),
  ]);
  assert.equal(response.status(), 200);
  const restored = (await response.json()) as KpiDefinitionSet;
  assert.equal(restored.version, (changed.version ?? 0) + 1);
  assert.deepEqual(restored.definitions, kept.definitions);
  await versions.getByText(`Восстановлена версия ${kept.version}`).waitFor();
  assert.equal(await target.inputValue(), '77');
});
