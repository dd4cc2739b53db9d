import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { notifyPeople } from '../../../server/modules/notifications/index.js';
import { startTestServer, type TestServer } from '../../../server/test-support/test-server.js';
import { launchChromium } from '../../e2e/chromium.e2e-support.js';

const projectRoot = path.resolve(import.meta.dirname, '../../../..');
const bundleIndex = path.join(projectRoot, 'dist/web/index.html');
const screenshotDirectory = path.join(projectRoot, '.tmp');

let server: TestServer;
let browser: Browser;

before(async () => {
  assert.ok(fs.existsSync(bundleIndex), `Нет собранного интерфейса (${bundleIndex}): выполните «npx vite build».`);
  fs.mkdirSync(screenshotDirectory, { recursive: true });
  server = await startTestServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('колокольчик: счётчик приходит сам, клик открывает сообщение; настройки сохраняются в профиле', async () => {
  const pool = server.server.database.pool;
  const executor = await pool.query<{ id: string; tenantId: string }>(
    `select id, tenant_id as "tenantId" from users where login = 'zarechny.executor'`,
  );
  const person = executor.rows[0];
  assert.ok(person);
  const someCase = await pool.query<{ id: string; number: string }>(
    'select id, number from cases where tenant_id = $1 order by received_at desc limit 1',
    [person.tenantId],
  );
  const caseRow = someCase.rows[0];
  assert.ok(caseRow);

  const context = await browser.newContext({
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1440, height: 900 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Логин').fill('zarechny.executor');
  await page.getByLabel('Пароль').fill('demo-otklik');
  await page.getByRole('button', { name: 'Войти' }).click();
  const bell = page.getByTestId('notification-bell');
  await bell.waitFor();
  assert.equal(await bell.getAttribute('aria-label'), 'Уведомления. Непрочитанных уведомлений нет');

  // Written as the SLA job would write it: the open page learns of it through the stream, without reloading.
  await notifyPeople(server.server.database, {
    tenantId: person.tenantId,
    userIds: [person.id],
    kind: 'sla.breach',
    title: `Нарушен срок ответа по сообщению ${caseRow.number}`,
    body: 'Срок ответа истёк. Ответьте заявителю.',
    caseId: caseRow.id,
  });
  await page.getByRole('banner').locator('.ant-badge-count').filter({ hasText: '1' }).waitFor();
  assert.equal(await bell.getAttribute('aria-label'), 'Уведомления. Непрочитанных уведомлений: 1');

  await bell.click();
  const item = page.getByRole('button', { name: new RegExp(`Нарушен срок ответа по сообщению ${caseRow.number}`) });
  await item.waitFor();
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(screenshotDirectory, 'notification-bell.png') });
  await item.click();
  await page.waitForURL((url) => url.pathname === '/cases' && url.searchParams.get('caseId') === caseRow.id);
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="notification-bell"]')?.getAttribute('aria-label') ===
      'Уведомления. Непрочитанных уведомлений нет',
  );

  await page.goto(`${server.url}/profile`);
  const card = page.locator('.ant-card').filter({ hasText: 'Уведомления' });
  await card.waitFor();
  await card.getByRole('switch').nth(1).click();
  await card.getByRole('button', { name: 'Сохранить' }).click();
  await card.getByText('Укажите идентификатор чата, чтобы получать уведомления в Telegram').waitFor();
  await card.getByPlaceholder('123456789').fill('123456789');
  await card.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByText('Настройки уведомлений сохранены.').waitFor();
  await page.screenshot({ path: path.join(screenshotDirectory, 'notification-preferences.png'), fullPage: true });
  const stored = await pool.query<{ chatId: string; isTelegramEnabled: boolean }>(
    `select telegram_chat_id as "chatId", is_telegram_enabled as "isTelegramEnabled" from notification_preferences where user_id = $1`,
    [person.id],
  );
  assert.deepEqual(stored.rows[0], { chatId: '123456789', isTelegramEnabled: true });
  await context.close();
});
