import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestHttpClient } from '../../server/test-support/http-client.js';
import { apiOf, demoAccount, openCase, registerBrowserFlowHooks, running, signIn } from './case-work.e2e-support.js';

// Who is offered «Зарегистрировать в ПОС» (the registration itself: pos-sync.browser.test.ts; a file of its own
// so that each stays under the per-file time limit on a loaded machine).
registerBrowserFlowHooks();

test('координатору ИМ регистрация в ПОС не предлагается (и сервер её не примет); администратор видит кнопку и без шагов процесса', async () => {
  const manager = new TestHttpClient(running().server.url);
  const managerAccount = demoAccount('zarechny.mcu');
  await manager.signIn(managerAccount.login, managerAccount.password);
  const taken = await manager.request('POST', '/api/manual-entry', {
    json: {
      channel: 'phone',
      kind: 'message',
      text: 'Разбит асфальт во дворе дома 12',
      category: 'Дороги',
      territory: { address: 'ул. Школьная, 12' },
      applicant: { name: 'Зайцева Зоя', phone: '+7 913 555-66-77' },
    },
  });
  assert.equal(taken.status, 201, JSON.stringify(taken.body));
  const caseId: string = taken.body.id;

  const coordinator = await signIn('zarechny.im');
  try {
    await openCase(coordinator.page, caseId);
    // The card's actions are there (the ИМ coordinator works the case), the ПОС button is not.
    await coordinator.page.getByTestId('case-actions').locator('[data-action]').first().waitFor();
    assert.equal(await coordinator.page.getByTestId('register-in-pos').count(), 0);
    const refused = await (await apiOf(coordinator.page)).send('POST', `/api/pos-sync/cases/${caseId}/appeal`);
    assert.equal(refused.status(), 403, await refused.text());
  } finally {
    await coordinator.context.close();
  }

  // The administrator keeps the integration but takes no steps of the case: the button is offered all the same.
  const admin = await signIn('zarechny.admin');
  try {
    await openCase(admin.page, caseId);
    await admin.page.getByText('доступных действий нет', { exact: false }).waitFor();
    await admin.page.getByTestId('register-in-pos').waitFor();
  } finally {
    await admin.context.close();
  }
});
