import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/test-support/test-server.js';
import type { SessionResponse } from '../../shared/contracts/auth.contract.js';
import type { AnswerTemplate, CaseDetail } from '../../shared/contracts/cases.contract.js';
import type { Person } from '../../shared/contracts/organization.contract.js';

const projectRoot = path.resolve(import.meta.dirname, '../../..');
const bundleIndex = path.join(projectRoot, 'dist/web/index.html');
const screenshotDirectory = path.join(projectRoot, '.tmp');

let server: TestServer | undefined;
let browser: Browser | undefined;

before(async () => {
  assert.ok(fs.existsSync(bundleIndex), `Нет собранного интерфейса (${bundleIndex}): выполните «npx vite build».`);
  fs.mkdirSync(screenshotDirectory, { recursive: true });
  server = await startTestServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function running(): { server: TestServer; browser: Browser } {
  assert.ok(server && browser, 'сервер и браузер должны быть запущены в before()');
  return { server, browser };
}

/** A person signed in through the form, on a laptop-sized screen (issue 5: usable at 1366×768). */
async function signIn(login: string): Promise<{ context: BrowserContext; page: Page }> {
  const account = running().server.demoUsers.find((candidate) => candidate.login === login);
  assert.ok(account, `в демо-данных нет учётной записи ${login}`);
  const context = await running().browser.newContext({
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1366, height: 768 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${running().server.url}/login`);
  await page.getByLabel('Логин').fill(account.login);
  await page.getByLabel('Пароль').fill(account.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  return { context, page };
}

/** The signed-in person's API: the page's cookies, and the CSRF token from «who am I». */
async function apiOf(page: Page) {
  const base = running().server.url;
  const me = (await (await page.request.get(`${base}/api/auth/me`)).json()) as SessionResponse;
  return {
    get: async <T>(pathname: string): Promise<T> => {
      const response = await page.request.get(`${base}${pathname}`);
      assert.equal(response.status(), 200, `GET ${pathname}: ${await response.text()}`);
      return (await response.json()) as T;
    },
    post: async <T>(pathname: string, body: unknown): Promise<T> => {
      const response = await page.request.post(`${base}${pathname}`, {
        data: body,
        headers: { 'x-csrf-token': me.csrfToken },
      });
      assert.ok(response.ok(), `POST ${pathname}: ${response.status()} ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}

async function openCase(page: Page, caseId: string) {
  await page.goto(`${running().server.url}/cases?caseId=${caseId}`);
  await page.getByTestId('case-state').waitFor();
}

/** Picks an option of an AntD Select by typing into its search and clicking the visible match. */
async function choose(page: Page, field: Locator, search: string, optionText = search) {
  await field.click();
  if (await field.isEditable()) {
    await field.fill(search);
  }
  await page
    .locator('.ant-select-dropdown .ant-select-item-option')
    .filter({ hasText: optionText, visible: true })
    .first()
    .click();
}

/** Clicks an allowed action in the card, submits its form and waits for the server's answer. */
async function performAction(page: Page, action: string, fill: (modal: Locator) => Promise<void> = async () => {}) {
  await page.getByTestId('case-actions').locator(`[data-action="${action}"]`).click();
  const modal = page.getByTestId('case-action-modal').locator('.ant-modal');
  await modal.waitFor();
  await fill(modal);
  const [response] = await Promise.all([
    page.waitForResponse(
      (candidate) =>
        candidate.request().method() === 'POST' && new URL(candidate.url()).pathname.endsWith(`/actions/${action}`),
    ),
    modal.locator('.ant-modal-footer .ant-btn-primary').click(),
  ]);
  assert.equal(response.status(), 200, `${action}: ${await response.text()}`);
  const updated = (await response.json()) as CaseDetail;
  await page.getByTestId('case-state').filter({ hasText: updated.stateTitle }).waitFor();
  await modal.waitFor({ state: 'detached' });
  return updated;
}

async function saveScreenshot(page: Page, name: string) {
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
  await page.screenshot({ path: path.join(screenshotDirectory, name), animations: 'disabled' });
}

test('an ИМ message is registered, taken, assigned, answered with a template, approved, approved at ЦУР and published', async () => {
  const contexts: BrowserContext[] = [];
  try {
    // The ИМ coordinator registers the message by hand; its card opens.
    const coordinator = await signIn('zarechny.im');
    contexts.push(coordinator.context);
    const im = coordinator.page;
    await im.goto(`${running().server.url}/cases`);
    await im.getByRole('button', { name: 'Зарегистрировать' }).click();
    const form = im.getByTestId('register-case-modal');
    await choose(im, form.getByLabel('Канал'), 'Инцидент', 'Инцидент менеджмент');
    await form.getByLabel('Текст').fill('Во дворе дома 5 по ул. Мира третью неделю не вывозят мусор.');
    await form.getByLabel('Категория').fill('Вывоз мусора');
    await form.getByLabel('Адрес').fill('ул. Мира, 5');
    await form.getByLabel('Заявитель').fill('Петров Пётр');
    const [createdResponse] = await Promise.all([
      im.waitForResponse(
        (candidate) => candidate.request().method() === 'POST' && new URL(candidate.url()).pathname === '/api/cases',
      ),
      form.getByRole('button', { name: 'Зарегистрировать' }).click(),
    ]);
    assert.equal(createdResponse.status(), 201, await createdResponse.text());
    const created = (await createdResponse.json()) as CaseDetail;
    assert.equal(created.channel, 'im');
    await im.waitForURL((url) => url.searchParams.get('caseId') === created.id);
    await im.getByTestId('case-state').filter({ hasText: created.stateTitle }).waitFor();

    // A template for the topic, and the executor to assign.
    const api = await apiOf(im);
    const template = await api.post<AnswerTemplate>('/api/answer-templates', {
      title: 'Вывоз мусора — выполнено',
      topic: 'Вывоз мусора',
      body: 'По сообщению № {{номер}} ({{адрес}}) мусор вывезен. Исполнитель: {{исполнитель}}.',
    });
    const executors = await api.get<Person[]>('/api/people?role=executor');
    const executor = executors.find((person) => person.login === 'zarechny.executor');
    assert.ok(executor, 'в демо-данных нет zarechny.executor');

    await performAction(im, 'take');
    const assigned = await performAction(im, 'assign', async (modal) => {
      await choose(im, modal.getByLabel('Исполнитель'), executor.fullName);
    });
    assert.equal(assigned.state, 'assigned');
    await saveScreenshot(im, 'case-work-assigned.png');

    // The executor writes the answer from the template.
    const executorSession = await signIn('zarechny.executor');
    contexts.push(executorSession.context);
    const worker = executorSession.page;
    await openCase(worker, created.id);
    const drafted = await performAction(worker, 'draft-answer', async (modal) => {
      const rendered = worker.waitForResponse((candidate) =>
        new URL(candidate.url()).pathname.endsWith(`/api/answer-templates/${template.id}/render`),
      );
      await choose(worker, modal.getByLabel('Шаблон ответа'), template.title);
      await rendered;
      await modal.getByTestId('answer-text').filter({ hasText: created.number }).waitFor();
    });
    assert.equal(drafted.state, 'answer_review');
    const draftText = String((drafted.lifecycle.draftAnswer as { text: string }).text);
    assert.match(draftText, new RegExp(created.number));
    assert.match(draftText, /ул\. Мира, 5/);

    // The coordinator approves; ЦУР approves; the coordinator publishes with «Решено».
    await openCase(im, created.id);
    await im.getByTestId('case-draft-answer').filter({ hasText: created.number }).waitFor();
    await performAction(im, 'approve');

    const curatorSession = await signIn('demo-region.curator');
    contexts.push(curatorSession.context);
    await openCase(curatorSession.page, created.id);
    await performAction(curatorSession.page, 'approve-cur');

    await openCase(im, created.id);
    const published = await performAction(im, 'publish', async (modal) => {
      await choose(im, modal.getByLabel('Результат'), 'Решено');
    });
    assert.equal(published.result, 'resolved');

    // The timeline lists every step, oldest first, with the answer and the result.
    const entries = im.getByTestId('case-timeline-entry');
    const expected = published.history.map((entry) => entry.title);
    assert.deepEqual(await entries.locator('strong').allTextContents(), expected);
    for (const action of ['take', 'assign', 'draft-answer', 'approve', 'approve-cur', 'publish']) {
      assert.ok(
        published.history.some((entry) => entry.action === action),
        `в истории нет шага ${action}`,
      );
    }
    await entries.filter({ hasText: 'Результат: Решено' }).waitFor();
    await entries.filter({ hasText: executor.fullName }).first().waitFor();
    await im.getByTestId('case-timeline').scrollIntoViewIfNeeded();
    await saveScreenshot(im, 'case-work-published.png');
  } finally {
    for (const context of contexts) {
      await context.close();
    }
  }
});
