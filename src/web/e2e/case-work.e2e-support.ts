import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import zlib from 'node:zlib';
import type { Browser, BrowserContext, Locator, Page, Request, Response } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/test-support/test-server.js';
import type { SessionResponse } from '../../shared/contracts/auth.contract.js';
import type { CaseDetail } from '../../shared/contracts/cases.contract.js';
import { launchChromium } from './chromium.e2e-support.js';

const projectRoot = path.resolve(import.meta.dirname, '../../..');
const bundleIndex = path.join(projectRoot, 'dist/web/index.html');
const screenshotDirectory = path.join(projectRoot, '.tmp');

let server: TestServer | undefined;
let browser: Browser | undefined;
/** Script errors of the file's pages, when the file asked to fail on them. */
let scriptErrors: string[] | undefined;

export type BrowserFlowOptions = {
  /**
   * Fail the file at its end if any of its pages had a script error or logged one to the console (React's
   * error boundary reports a render error there); a failed resource (a 401 before signing in) is expected.
   */
  failOnScriptErrors?: boolean;
};

/**
 * What every browser flow shares: the test server and Debian's Chromium (started once per file),
 * signing in, the card's actions, file uploads. Call `registerBrowserFlowHooks()` at the top of a test file.
 */
export function registerBrowserFlowHooks(options: BrowserFlowOptions = {}): void {
  before(() => startBrowserAndServer(options));
  after(stopBrowserAndServer);
  if (options.failOnScriptErrors) {
    after(() => assert.deepEqual(scriptErrors, [], 'ошибки скриптов на странице'));
  }
}

async function startBrowserAndServer(options: BrowserFlowOptions) {
  assert.ok(fs.existsSync(bundleIndex), `Нет собранного интерфейса (${bundleIndex}): выполните «npx vite build».`);
  fs.mkdirSync(screenshotDirectory, { recursive: true });
  scriptErrors = options.failOnScriptErrors ? [] : undefined;
  server = await startTestServer();
  browser = await launchChromium();
}

async function stopBrowserAndServer() {
  await browser?.close();
  await server?.stop();
}

export function running(): { server: TestServer; browser: Browser } {
  assert.ok(server && browser, 'сервер и браузер должны быть запущены в before()');
  return { server, browser };
}

/** Rows of a query on the test server's database: what a flow checks was (or was not) written. */
export async function queryRows<Row>(sql: string, values: unknown[] = []): Promise<Row[]> {
  return (await running().server.server.database.pool.query(sql, values)).rows as Row[];
}

/**
 * The first request to `url` reaches the server and is answered there, but the answer is lost on its way back
 * to the page (a mobile network, a proxy): the page sees a failed request. Later requests pass untouched.
 */
export async function loseFirstAnswer(page: Page, url: string, expectedStatus = 201): Promise<void> {
  let isLost = false;
  await page.route(url, async (route) => {
    if (isLost) return route.continue();
    isLost = true;
    const delivered = await route.fetch();
    assert.equal(delivered.status(), expectedStatus, `сервер ответил на первый запрос ${url}`);
    await route.abort('connectionreset');
  });
}

export type DemoAccount = TestServer['demoUsers'][number];

/** Laptop-sized (issue 5: usable at 1366×768); a wider screen where a flow checks a wide layout. */
const LAPTOP_VIEWPORT = { width: 1366, height: 768 } as const;
export const WIDE_VIEWPORT = { width: 1440, height: 900 } as const;

/** A demo account by login or by a test of its role and tenant. */
export function demoAccount(who: string | ((account: DemoAccount) => boolean)): DemoAccount {
  const account = running().server.demoUsers.find((candidate) =>
    typeof who === 'string' ? candidate.login === who : who(candidate),
  );
  assert.ok(account, `в демо-данных нет учётной записи ${typeof who === 'string' ? who : 'с такой ролью'}`);
  return account;
}

/**
 * A fresh browser window (its own cookies), not signed in. It asks for reduced motion, which the app honours by
 * turning antd's animations off, so nothing is caught mid-animation; `reducedMotion: 'no-preference'` for a
 * flow that checks the animated look.
 */
export async function openBrowserPage(
  viewport: { width: number; height: number } = LAPTOP_VIEWPORT,
  options: { reducedMotion?: 'reduce' | 'no-preference' } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await running().browser.newContext({
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport,
    reducedMotion: options.reducedMotion ?? 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors = scriptErrors;
  if (errors) {
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (entry) => {
      if (entry.type() === 'error' && !entry.text().startsWith('Failed to load resource')) errors.push(entry.text());
    });
  }
  return { context, page };
}

/**
 * A person signed in through the form, landed on their start page: «Входящие», or the overview for the head
 * and ЦУР; `startPage` where the flow checks that it is this one.
 */
export async function signIn(
  who: string | ((account: DemoAccount) => boolean),
  options: { viewport?: { width: number; height: number }; startPage?: '/inbox' | '/overview' } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const account = demoAccount(who);
  const { context, page } = await openBrowserPage(options.viewport);
  await page.goto(`${running().server.url}/login`);
  await page.getByLabel('Логин').fill(account.login);
  await page.getByLabel('Пароль').fill(account.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  const { startPage } = options;
  await page.waitForURL((url) =>
    startPage ? url.pathname === startPage : url.pathname === '/inbox' || url.pathname === '/overview',
  );
  return { context, page };
}

/**
 * The response to the next request matching `isWanted` that the page read to its end. A screen that closes
 * cancels its queries, and a request cancelled after its headers arrived still fires `response`, with no
 * body to read (seen in CI: the inbox's list of recipients, cancelled as the organisation page opened, was
 * taken for the organisation's own). Waiting for `requestfinished` skips those.
 */
export async function loadedResponse(
  page: Page,
  isWanted: (request: Request) => boolean,
  options: { timeout?: number } = {},
): Promise<Response> {
  const request = await page.waitForEvent('requestfinished', { predicate: isWanted, ...options });
  const response = await request.response();
  assert.ok(response, `нет ответа на ${request.method()} ${request.url()}`);
  return response;
}

/** A test of a request by its path and, if given, its method. */
export function requestTo(pathname: string, method?: string): (request: Request) => boolean {
  return (request) => (!method || request.method() === method) && new URL(request.url()).pathname === pathname;
}

/** The answer to the next request to `pathname` (and `method`), started by `action`. */
export async function answerTo(page: Page, method: string, pathname: string, action: () => Promise<unknown>) {
  const [response] = await Promise.all([loadedResponse(page, requestTo(pathname, method)), action()]);
  return response;
}

export async function jsonOf<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/**
 * The signed-in person's API: the page's cookies, and the CSRF token from «who am I». `get` and `post` expect
 * success and answer the body; `send` answers whatever the server said (for a refusal a test expects).
 */
export async function apiOf(page: Page) {
  const base = running().server.url;
  const me = (await (await page.request.get(`${base}/api/auth/me`)).json()) as SessionResponse;
  const send = (method: 'GET' | 'POST' | 'PUT', pathname: string, body?: unknown) =>
    page.request.fetch(`${base}${pathname}`, {
      method,
      ...(method === 'GET' ? {} : { data: body ?? {}, headers: { 'x-csrf-token': me.csrfToken } }),
    });
  return {
    send,
    get: async <T>(pathname: string): Promise<T> => {
      const response = await send('GET', pathname);
      assert.equal(response.status(), 200, `GET ${pathname}: ${await response.text()}`);
      return (await response.json()) as T;
    },
    post: async <T>(pathname: string, body: unknown): Promise<T> => {
      const response = await send('POST', pathname, body);
      assert.ok(response.ok(), `POST ${pathname}: ${response.status()} ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}

export async function openCase(page: Page, caseId: string) {
  await page.goto(`${running().server.url}/cases?caseId=${caseId}`);
  await page.getByTestId('case-state').waitFor();
}

/**
 * Picks an option of an AntD Select by typing into its search and clicking the visible match, then waits
 * until the select shows it. A click that lands while the list is still opening (or on a list that is
 * closing) can pick nothing; the pick is then made again, so the form is never sent with the old value.
 */
export async function choose(page: Page, field: Locator, search: string, optionText = search) {
  const select = field.locator(
    'xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
  );
  for (let attempt = 1; ; attempt += 1) {
    await field.click();
    if (await field.isEditable()) {
      await field.fill(search);
    }
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: optionText, visible: true })
      .first()
      .click();
    if ((await select.count()) === 0) return;
    try {
      await select.filter({ hasText: optionText }).waitFor({ timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw new Error(`Поле не приняло вариант «${optionText}»`, { cause: error });
    }
  }
}

/** Clicks an allowed action in the card, submits its form and waits for the server's answer. */
export async function performAction(
  page: Page,
  action: string,
  fill: (modal: Locator) => Promise<void> = async () => {},
) {
  await page.getByTestId('case-actions').locator(`[data-action="${action}"]`).click();
  const modal = page.getByTestId('case-action-modal').locator('.ant-modal');
  await modal.waitFor();
  await fill(modal);
  const isActionPost = (request: Request) =>
    request.method() === 'POST' && new URL(request.url()).pathname.endsWith(`/actions/${action}`);
  const answer = loadedResponse(page, isActionPost, { timeout: 60_000 });
  // On a loaded machine a click can land while the dialog is still opening and send nothing (seen in CI:
  // no request at all). The button is clicked again only while no request has gone out, so nothing is sent twice.
  let isSent = false;
  const noteRequest = (request: Request) => {
    if (isActionPost(request)) isSent = true;
  };
  page.on('request', noteRequest);
  try {
    for (let attempt = 1; !isSent && attempt <= 3; attempt += 1) {
      await modal.locator('.ant-modal-footer .ant-btn-primary').click();
      await page.waitForRequest(isActionPost, { timeout: 5_000 }).catch(() => undefined);
    }
  } finally {
    page.off('request', noteRequest);
  }
  const response = await answer;
  assert.equal(response.status(), 200, `${action}: ${await response.text()}`);
  const updated = (await response.json()) as CaseDetail;
  await page.getByTestId('case-state').filter({ hasText: updated.stateTitle }).waitFor();
  await modal.waitFor({ state: 'detached' });
  return updated;
}

/** A solid-colour PNG (a stand-in for a photo of the work done). */
export function buildPhoto(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Drops a file on an attachment dropzone inside `scope` and waits for the server to store it. */
export async function uploadThroughDropzone(
  page: Page,
  scope: Locator,
  file: { name: string; mimeType: string; buffer: Buffer },
) {
  const [response] = await Promise.all([
    loadedResponse(
      page,
      (request) => request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/attachments'),
    ),
    scope.getByTestId('attachment-dropzone').locator('input[type=file]').setInputFiles(file),
  ]);
  assert.equal(response.status(), 201, `загрузка ${file.name}: ${await response.text()}`);
  return (await response.json()) as { id: string; fileName: string; url: string };
}

/** Waits until the image really loaded (the server served it and the browser decoded it). */
export async function waitForLoadedImage(image: Locator) {
  await image.waitFor();
  await image.evaluate(
    (element) =>
      new Promise<void>((resolve, reject) => {
        const picture = element as HTMLImageElement;
        if (picture.complete && picture.naturalWidth > 0) return resolve();
        picture.addEventListener('load', () => resolve(), { once: true });
        picture.addEventListener('error', () => reject(new Error(`не загрузилось: ${picture.src}`)), { once: true });
      }),
  );
}

/** For a person to look at (in .tmp/, not compared): taken once loading indicators are gone and motion stopped. */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
  await page.screenshot({ path: path.join(screenshotDirectory, name), animations: 'disabled', ...options });
}
