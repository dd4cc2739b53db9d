import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notifyPeople } from '../../../server/modules/notifications/index.js';
import {
  queryRows,
  registerBrowserFlowHooks,
  running,
  saveScreenshot,
  signIn,
  WIDE_VIEWPORT,
} from '../../e2e/case-work.e2e-support.js';

registerBrowserFlowHooks();

test('колокольчик: счётчик приходит сам, клик открывает сообщение; настройки сохраняются в профиле', async () => {
  const { server } = running();
  const [person] = await queryRows<{ id: string; tenantId: string }>(
    `select id, tenant_id as "tenantId" from users where login = 'zarechny.executor'`,
  );
  assert.ok(person);
  const [caseRow] = await queryRows<{ id: string; number: string }>(
    'select id, number from cases where tenant_id = $1 order by received_at desc limit 1',
    [person.tenantId],
  );
  assert.ok(caseRow);

  const { context, page } = await signIn('zarechny.executor', { viewport: WIDE_VIEWPORT, startPage: '/inbox' });
  try {
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
    await saveScreenshot(page, 'notification-bell.png');
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
    await saveScreenshot(page, 'notification-preferences.png', { fullPage: true });
    const stored = await queryRows<{ chatId: string; isTelegramEnabled: boolean }>(
      `select telegram_chat_id as "chatId", is_telegram_enabled as "isTelegramEnabled" from notification_preferences where user_id = $1`,
      [person.id],
    );
    assert.deepEqual(stored[0], { chatId: '123456789', isTelegramEnabled: true });
  } finally {
    await context.close();
  }
});
