import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/test-support/test-server.js';
import { launchChromium } from './chromium.e2e-support.js';

const projectRoot = path.resolve(import.meta.dirname, '../../..');
const bundleIndex = path.join(projectRoot, 'dist/web/index.html');

let server: TestServer | undefined;
let browser: Browser | undefined;

before(async () => {
  assert.ok(fs.existsSync(bundleIndex), `Нет собранного интерфейса (${bundleIndex}): выполните «npm run build».`);
  server = await startTestServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signInAsManager(): Promise<Page> {
  assert.ok(server && browser, 'сервер и браузер запущены');
  const account = server.demoUsers.find((item) => item.role === 'manager');
  assert.ok(account, 'в демо есть руководитель МЦУ');
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

test('руководитель загружает темы ЦУР, создаёт автоправило и видит в панели проверки, почему оно сработало', async () => {
  const page = await signInAsManager();
  await page.getByRole('menuitem', { name: 'Рубрикаторы' }).click();
  await page.getByRole('button', { name: 'Загрузить темы ЦУР / ИМ' }).click();
  await page.getByText('Темы ЦУР / Инцидент менеджмент').first().waitFor();
  await page.getByText(/позиций 385, активных 385/).waitFor();
  await page.getByRole('button', { name: /ДОРОГИ/ }).click();
  await page.getByText(/НЕКАЧЕСТВЕННОЕ ПОКРЫТИЕ АСФАЛЬТОВЫХ ДОРОГ/).waitFor();

  await page.getByRole('menuitem', { name: 'Автоправила' }).click();
  await page.getByRole('button', { name: 'Новое правило' }).click();
  await page.getByLabel('Название правила').fill('Ямы — в дороги');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page
    .getByRole('cell', { name: /Ямы — в дороги/ })
    .first()
    .waitFor();
  await page.getByRole('button', { name: 'История (v1)' }).waitFor();

  await page.getByLabel('Текст сообщения').fill('Огромные ямы у остановки, машины бьют колёса');
  await page.getByRole('button', { name: 'Проверить' }).click();
  const result = page.getByTestId('routing-test-result');
  await result.getByText('сработало', { exact: true }).waitFor();
  await result.getByText(/найдены: «яма»/).waitFor();
  await result.getByText(/категория «Дороги»/).waitFor();

  await page.getByRole('menuitem', { name: 'Массовые проблемы' }).click();
  await page.getByRole('tab', { name: 'Повторные обращения' }).waitFor();
  await page.getByRole('button', { name: /Пересобрать группы/ }).waitFor();
  await page.context().close();
});
