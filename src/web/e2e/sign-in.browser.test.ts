import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { SessionResponse } from '../../shared/contracts/auth.contract.js';
import type { CaseDetail, CaseListResponse, Overview } from '../../shared/contracts/cases.contract.js';
import type { ErrorResponse } from '../../shared/contracts/errors.contract.js';
import {
  demoAccount,
  loadedResponse,
  openBrowserPage,
  registerBrowserFlowHooks,
  requestTo,
  running,
  saveScreenshot,
} from './case-work.e2e-support.js';

const CYRILLIC = /[а-яё]/i;

registerBrowserFlowHooks();

const WIDE_SCREEN = { width: 1440, height: 900 };

/** Submits the sign-in form and hands back the server's answer to it. */
async function submitSignIn(page: Page, login: string, password: string) {
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill(password);
  const [response] = await Promise.all([
    loadedResponse(page, requestTo('/api/auth/login')),
    page.getByRole('button', { name: 'Войти' }).click(),
  ]);
  return response;
}

function digitsOf(text: string | null): string {
  return (text ?? '').replace(/\D/g, '');
}

test('a demo user is sent to sign in, signs in, browses the overview and the cases, and signs out', async () => {
  const { server: testServer } = running();
  const account = demoAccount((candidate) => candidate.role === 'manager');
  const { context, page } = await openBrowserPage(WIDE_SCREEN);
  try {
    await page.goto(testServer.url);
    await page.waitForURL((url) => url.pathname === '/login');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ru');

    // A wrong password: the server's Russian message is shown on the form, and we stay on the sign-in page.
    const rejected = await submitSignIn(page, account.login, `${account.password}-неверный`);
    assert.equal(rejected.status(), 401);
    const rejection = (await rejected.json()) as ErrorResponse;
    assert.match(rejection.error.message, CYRILLIC);
    await page.getByRole('alert').filter({ hasText: rejection.error.message }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/login');

    // The right one: МЦУ staff land on «Входящие», the layout shows who is signed in.
    const accepted = await submitSignIn(page, account.login, account.password);
    assert.equal(accepted.status(), 200);
    const session = (await accepted.json()) as SessionResponse;
    await page.waitForURL((url) => url.pathname === '/inbox');
    const currentUser = page.getByTestId('current-user');
    await currentUser.getByText(session.user.fullName).waitFor();
    await currentUser.getByText(session.user.tenant.name, { exact: false }).waitFor();

    // «/» leads back to the start page; the overview (menu) shows the server's figures.
    await page.goto(testServer.url);
    await page.waitForURL((url) => url.pathname === '/inbox');
    const overviewResponse = loadedResponse(page, requestTo('/api/overview'));
    await page.getByRole('menuitem', { name: 'Обзор' }).click();
    await page.waitForURL((url) => url.pathname === '/overview');
    const overview = (await (await overviewResponse).json()) as Overview;
    assert.ok(overview.total > 0, 'в демо-данных должны быть сообщения');
    const totalCard = page.getByTestId('overview-total');
    await totalCard.locator('.ant-statistic-content').waitFor();
    assert.equal(digitsOf(await totalCard.locator('.ant-statistic-content').textContent()), String(overview.total));
    assert.equal(
      digitsOf(await page.getByTestId('overview-overdue').locator('.ant-statistic-content').textContent()),
      String(overview.overdue),
    );
    await saveScreenshot(page, 'e2e-overview.png', { fullPage: true });

    // The case list: a page of rows from the server.
    const listResponse = loadedResponse(page, requestTo('/api/cases'));
    await page.getByRole('menuitem', { name: 'Сообщения и обращения' }).click();
    await page.waitForURL((url) => url.pathname === '/cases');
    const list = (await (await listResponse).json()) as CaseListResponse;
    assert.ok(list.items.length > 0);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), list.items.length);
    const first = list.items[0];
    assert.ok(first);
    await rows.first().getByText(first.number, { exact: true }).waitFor();

    // A row opens the case card with the full text; the applicant's data is masked when the server says so.
    const detailResponse = loadedResponse(page, requestTo(`/api/cases/${first.id}`));
    await rows.first().click();
    const detail = (await (await detailResponse).json()) as CaseDetail;
    const drawer = page.getByRole('dialog');
    await drawer.getByText(`№ ${detail.number}`).waitFor();
    assert.equal((await drawer.getByTestId('case-text').textContent())?.trim(), detail.text.trim());
    assert.equal(await drawer.getByText('Персональные данные скрыты').isVisible(), detail.isApplicantMasked);
    assert.match(new URL(page.url()).search, new RegExp(`caseId=${first.id}`));
    await saveScreenshot(page, 'e2e-case-drawer.png');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // Signing out ends the session: back on the sign-in page, and the app is closed to this browser.
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('button', { name: 'Войти' }).waitFor();
    await page.goto(`${testServer.url}/profile`);
    await page.waitForURL((url) => url.pathname === '/login');
    assert.equal(new URL(page.url()).searchParams.get('redirect'), '/profile');
  } finally {
    await context.close();
  }
});

test('overview figures lead to the filtered list, and a region user sees the municipality of each case', async () => {
  const { server: testServer } = running();
  const account = demoAccount((candidate) => candidate.role === 'cur_curator');
  const { context, page } = await openBrowserPage(WIDE_SCREEN);
  try {
    await page.goto(`${testServer.url}/login`);
    const accepted = await submitSignIn(page, account.login, account.password);
    assert.equal(accepted.status(), 200);
    // The ЦУР curator watches rather than works the queues: the overview is the start page.
    await page.waitForURL((url) => url.pathname === '/overview');

    // «Просрочено» → the list with only overdue cases, the filter visible in the address bar.
    const listResponse = loadedResponse(page, requestTo('/api/cases'));
    await page.getByRole('link', { name: 'Показать просроченные' }).click();
    await page.waitForURL((url) => url.pathname === '/cases' && url.searchParams.get('isOverdue') === 'true');
    const request = new URL((await listResponse).url());
    assert.equal(request.searchParams.get('isOverdue'), 'true');
    assert.equal(await page.getByRole('checkbox', { name: 'Только просроченные' }).isChecked(), true);
    await page.getByRole('columnheader', { name: 'Муниципалитет' }).waitFor();
    await saveScreenshot(page, 'e2e-region-cases.png');
  } finally {
    await context.close();
  }
});

test('whoever asks their system for less motion gets the interface without animations; the others keep them', async () => {
  const { server: testServer } = running();
  /** The durations of the login field's transitions, in a window with that setting. */
  const motionIn = async (reducedMotion: 'reduce' | 'no-preference') => {
    const { context, page } = await openBrowserPage(undefined, { reducedMotion });
    try {
      await page.goto(`${testServer.url}/login`);
      // The login field: its transitions come from antd's motion tokens alone (buttons and switches also stop
      // for the browser's own reduced-motion query, whatever the app says, so they would not tell).
      const field = page.getByLabel('Логин');
      await field.waitFor();
      return await field.evaluate((element) => getComputedStyle(element).transitionDuration);
    } finally {
      await context.close();
    }
  };
  const isStill = (durations: string) => durations.split(',').every((duration) => Number.parseFloat(duration) === 0);
  const animated = await motionIn('no-preference');
  assert.ok(!isStill(animated), `без запроса — с анимацией (${animated})`);
  const reduced = await motionIn('reduce');
  assert.ok(isStill(reduced), `при запросе меньшего движения — без анимации (${reduced})`);
});
