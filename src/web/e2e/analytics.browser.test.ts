import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/test-support/test-server.js';
import type { Dashboard, DrillDownResponse } from '../../shared/contracts/analytics.contract.js';
import { launchChromium } from './chromium.e2e-support.js';

const projectRoot = path.resolve(import.meta.dirname, '../../..');
const bundleIndex = path.join(projectRoot, 'dist/web/index.html');
const screenshotDirectory = path.join(projectRoot, '.tmp');

let server: TestServer | undefined;
let browser: Browser | undefined;

before(async () => {
  assert.ok(fs.existsSync(bundleIndex), `Нет собранного интерфейса (${bundleIndex}): выполните «npm run build».`);
  fs.mkdirSync(screenshotDirectory, { recursive: true });
  server = await startTestServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signInAsManager(): Promise<Page> {
  assert.ok(server && browser);
  const account = server.demoUsers.find((item) => item.role === 'manager');
  assert.ok(account);
  const context = await browser.newContext({
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Логин').fill(account.login);
  await page.getByLabel('Пароль').fill(account.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL((url) => url.pathname === '/inbox');
  return page;
}

test('аналитика: цифра панели открывает список сообщений за ней; карта работает без сервера тайлов', async () => {
  const page = await signInAsManager();
  const [dashboardResponse] = await Promise.all([
    page.waitForResponse((response) => new URL(response.url()).pathname === '/api/analytics/dashboard'),
    page.getByRole('link', { name: 'Аналитика' }).click(),
  ]);
  const dashboard = (await dashboardResponse.json()) as Dashboard;
  await page.getByText('Открыто сейчас').first().waitFor();
  const [drillResponse] = await Promise.all([
    page.waitForResponse((response) => new URL(response.url()).pathname === '/api/analytics/cases'),
    page.getByText('Открыто сейчас').first().click(),
  ]);
  const drill = (await drillResponse.json()) as DrillDownResponse;
  assert.equal(drill.total, dashboard.openNow);
  const dialog = page.getByRole('dialog');
  await dialog.getByText(`Открыто сейчас: ${dashboard.openNow}`).waitFor();
  assert.ok((await dialog.locator('tbody tr.ant-table-row').count()) > 0);
  await page.screenshot({ path: path.join(screenshotDirectory, 'analytics-drill.png') });
  await dialog.getByRole('button', { name: 'Close' }).or(dialog.getByLabel('Close')).first().click();

  await page.getByRole('tab', { name: 'Тепловая карта' }).click();
  await page.locator('.maplibregl-canvas').waitFor();
  await page.locator('section[data-ready="true"]').waitFor();
  await page.getByText('Район × тема').waitFor();
  await page.screenshot({ path: path.join(screenshotDirectory, 'analytics-heatmap.png'), fullPage: true });

  await page.getByRole('tab', { name: 'Рейтинг' }).click();
  await page.getByRole('button', { name: 'Печать' }).waitFor();
});
