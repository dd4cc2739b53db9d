import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/test-support/test-server.js';
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

test('журнал обращений: зарегистрировать обращение, увидеть номер, открыть карточку', async () => {
  assert.ok(server && browser);
  const context = await browser.newContext({
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1366, height: 768 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  try {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Логин').fill('zarechny.mcu');
    await page.getByLabel('Пароль').fill('demo-otklik');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL((url) => url.pathname === '/inbox' || url.pathname === '/overview');

    await page.getByRole('menuitem', { name: 'Журнал обращений' }).click();
    await page.waitForURL((url) => url.pathname === '/appeals');
    await page.getByTestId('register-appeal').click();
    const modal = page.getByTestId('register-case-modal');
    await modal.getByLabel('Текст').fill('Прошу отремонтировать крыльцо поликлиники на улице Мира, 7');
    await modal.getByLabel('Заявитель (ФИО)').fill('Воронцова Вера Викторовна');
    await modal.getByLabel('Почтовый адрес заявителя').fill('ул. Мира, 9, кв. 4');
    await modal.getByLabel('Вид обращения').click();
    await page.getByTitle('Жалоба').click();
    // Ctrl+Enter saves from the keyboard.
    await modal.getByLabel('Текст').press('Control+Enter');

    const card = page.getByTestId('registration-card');
    await card.waitFor();
    const number = (await card.getByTestId('registration-number').textContent())?.trim() ?? '';
    assert.match(number, new RegExp(`^ОГ-${new Date().getFullYear()}-\\d{6}$`));
    assert.ok((await card.textContent())?.includes('Воронцова Вера Викторовна'));
    assert.ok((await card.textContent())?.includes('Жалоба'));
    await page.keyboard.press('Escape');

    const row = page.getByTestId('journal-number').filter({ hasText: number });
    await row.waitFor();
    await row.click();
    await card.waitFor();
    assert.equal((await card.getByTestId('registration-number').textContent())?.trim(), number);
    await page.screenshot({ path: path.join(screenshotDirectory, 'appeal-registry.png') });

    const pdf = await page.request.get(
      `${server.url}/api/appeals/${new URL((await page.getByRole('link', { name: 'PDF' }).getAttribute('href')) ?? '', server.url).pathname.split('/')[3]}/card.pdf`,
    );
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
  } finally {
    await context.close();
  }
});
