import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestHttpClient } from '../../server/test-support/http-client.js';
import type { InboxCounts, InboxPage } from '../../shared/contracts/inbox.contract.js';
import {
  apiOf,
  demoAccount,
  registerBrowserFlowHooks,
  running,
  saveScreenshot,
  signIn,
} from './case-work.e2e-support.js';

registerBrowserFlowHooks();

test('координатор ИМ: очереди со счётчиками, поиск, массовое «взять в работу», карточка с клавиатуры', async () => {
  // «Входящие» is where МЦУ staff land after signing in.
  const { context, page } = await signIn('zarechny.im', { startPage: '/inbox' });
  try {
    const api = await apiOf(page);
    // Two fresh ИМ posts to take in bulk; the search finds them by a stemmed word.
    const first = await api.post<{ id: string; number: string }>('/api/cases', {
      channel: 'im',
      kind: 'message',
      text: 'Провалы асфальта и глубокие ямы на улице Прибрежной',
    });
    const second = await api.post<{ id: string; number: string }>('/api/cases', {
      channel: 'im',
      kind: 'message',
      text: 'Во дворе дома 9 огромная яма, машины не проедут',
    });

    // Queue counts match the server's, and the live stream brings the new posts without a reload.
    const counts = await api.get<InboxCounts>('/api/inbox/counts');
    const newCount = page.getByTestId('inbox-count-new');
    await newCount.waitFor();
    await page.waitForFunction(
      (expected) =>
        document.querySelector('[data-testid="inbox-count-new"]')?.textContent?.replace(/\s/g, '') === expected,
      String(counts.counts.new),
    );
    const firstPage = await api.get<InboxPage>('/api/inbox?queue=new&limit=50');
    assert.ok(
      firstPage.items.some((item) => item.id === first.id),
      'новое — в очереди «Новые»',
    );
    await page.locator(`[data-case-id="${first.id}"]`).waitFor();
    await saveScreenshot(page, 'inbox-1366.png');

    // «/» goes to the search field; the stemmed search finds both posts («ямы» / «яма»).
    await page.keyboard.press('/');
    const searchBox = page.getByRole('searchbox', { name: 'Поиск' });
    assert.equal(await searchBox.evaluate((element) => element === document.activeElement), true, '«/» — в поиск');
    await searchBox.fill('ямы');
    await searchBox.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'ямы');
    await page.locator(`[data-case-id="${first.id}"]`).waitFor();
    await page.locator(`[data-case-id="${second.id}"]`).waitFor();
    const rows = page.locator('tr.inbox-row');
    // The previous list stays on screen until the search's answer replaces it: wait for that, then count.
    await page
      .waitForFunction(() => document.querySelectorAll('tr.inbox-row').length === 2, undefined, { timeout: 10_000 })
      .catch(() => undefined);
    assert.equal(await rows.count(), 2, `найдены ровно два сообщения: ${JSON.stringify(await rows.allInnerTexts())}`);

    // Keyboard: leave the field, j to the first row, x selects, j, x selects the second; bulk take.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.locator('tr.inbox-row-cursor').waitFor();
    await page.getByTestId('inbox-selected').getByText('Выбрано: 2').waitFor();
    await page.getByRole('button', { name: 'Взять в работу' }).click();
    await page.getByTestId('inbox-bulk-summary').getByText('Выполнено: 2, не выполнено: 0.').waitFor();
    await page.getByRole('button', { name: 'Понятно' }).click();
    const mine = await api.get<InboxPage>('/api/inbox?queue=mine&limit=100');
    assert.ok(mine.items.some((item) => item.id === first.id) && mine.items.some((item) => item.id === second.id));

    // The «Мои» tab lists them; k/Enter opens the case card from the keyboard.
    await page.getByTestId('inbox-tab-mine').click();
    await page.waitForURL((url) => url.searchParams.get('queue') === 'mine');
    await page.locator(`[data-case-id="${second.id}"]`).waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const ids = await page
      .locator('tr.inbox-row')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-case-id')));
    const target = ids.indexOf(first.id);
    assert.ok(target >= 0);
    for (let step = 0; step <= target; step += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('caseId') === first.id);
    await page.getByTestId('case-text').getByText('Провалы асфальта').waitFor();
    await saveScreenshot(page, 'inbox-case-card.png');
  } finally {
    await context.close();
  }
});

test('исполнитель: сообщение, переназначенное другому получателю, уходит из открытых «Входящих» без перезагрузки', async () => {
  const { server: testServer } = running();
  const pool = testServer.server.database.pool;
  const executor = (
    await pool.query<{ id: string; tenantId: string; recipientId: string }>(
      `select id, tenant_id as "tenantId", recipient_id as "recipientId" from users where login = 'zarechny.executor'`,
    )
  ).rows[0];
  assert.ok(executor);
  const other = (
    await pool.query<{ id: string }>(
      'select id from recipients where tenant_id = $1 and id <> $2 order by name limit 1',
      [executor.tenantId, executor.recipientId],
    )
  ).rows[0];
  assert.ok(other, 'в муниципалитете есть другой получатель');
  const coordinator = new TestHttpClient(testServer.url);
  const coordinatorAccount = demoAccount('zarechny.im');
  await coordinator.signIn(coordinatorAccount.login, coordinatorAccount.password);
  const act = async (pathname: string, json: Record<string, unknown>) => {
    const response = await coordinator.request('POST', pathname, { json });
    assert.ok(response.status === 200 || response.status === 201, `${pathname}: ${JSON.stringify(response.body)}`);
    return response.body as { id: string };
  };
  const created = await act('/api/cases', {
    channel: 'im',
    kind: 'message',
    text: 'Сломан светильник в подъезде дома 4',
  });
  await act(`/api/cases/${created.id}/actions/take`, {});
  await act(`/api/cases/${created.id}/actions/assign`, { executorId: executor.id });

  const { context, page } = await signIn('zarechny.executor', { startPage: '/inbox' });
  try {
    await page.goto(`${testServer.url}/inbox?queue=all`);
    const row = page.locator(`[data-case-id="${created.id}"]`);
    await row.waitFor();
    // A mark on the window: it survives only if the page is not reloaded.
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await act(`/api/cases/${created.id}/actions/reassign`, { recipientId: other.id });
    await row.waitFor({ state: 'detached' });
    assert.equal(
      await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true),
      true,
      'строка ушла живым обновлением, без перезагрузки',
    );
  } finally {
    await context.close();
  }
});
