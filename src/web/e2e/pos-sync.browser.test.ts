import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { FakePosServer } from '../../server/modules/pos-sync/test-support/fake-pos-server.js';
import type { CaseDetail } from '../../shared/contracts/cases.contract.js';
import type { PosCaseLink, PosSyncStatus } from '../../shared/contracts/pos-sync.contract.js';
import {
  answerTo,
  apiOf,
  jsonOf,
  openCase,
  queryRows,
  registerBrowserFlowHooks,
  running,
  signIn,
} from './case-work.e2e-support.js';

registerBrowserFlowHooks();

/** The project's stand-in for the platform (127.0.0.1), the one the pos-sync tests talk to. */
const platform = new FakePosServer();
before(() => platform.start());
after(() => platform.stop());

/** A case taken by phone (manual entry), as the one signed in on `page`. */
async function registerPhoneCase(page: Page, text: string, phone: string): Promise<CaseDetail> {
  return (await apiOf(page)).post<CaseDetail>('/api/manual-entry', {
    channel: 'phone',
    kind: 'message',
    text,
    category: 'Дороги',
    subcategory: 'Ямы на дорогах',
    territory: { address: 'ул. Школьная, 1' },
    applicant: { name: 'Зайцева Зоя', phone },
  });
}

/** «Синхронизировать сейчас» on the «Интеграция с ПОС» screen: the run's answer. */
async function syncNow(page: Page): Promise<PosSyncStatus> {
  if (new URL(page.url()).pathname !== '/pos-sync') await page.goto(`${running().server.url}/pos-sync`);
  // The button is enabled once the screen knows the integration is set up (click waits for that).
  const run = page.getByRole('button', { name: 'Синхронизировать сейчас' });
  const response = await answerTo(page, 'POST', '/api/pos-sync/run', () => run.click());
  assert.equal(response.status(), 200, await response.text());
  const status = await jsonOf<PosSyncStatus>(response);
  assert.equal(status.lastError, null, status.lastError ?? '');
  return status;
}

const timelineEntry = (page: Page, title: string) => page.getByTestId('case-timeline-entry').filter({ hasText: title });

test('ответственный за ПОС регистрирует в ПОС сообщение, принятое по телефону: очередь, отправка, номер и статус ПОС в карточке', async () => {
  platform.addAppeal({ id: 'P-E2E-1', text: 'Не горит фонарь у школы № 3', subjectId: '10', subsubjectId: '101' });
  const { context, page } = await signIn('zarechny.pos');
  try {
    // The integration is set up on its screen; the first run brings the platform's categories and appeals.
    await page.getByRole('menuitem', { name: 'Интеграция с ПОС' }).click();
    await page.waitForURL((url) => url.pathname === '/pos-sync');
    await page.getByLabel('Адрес API').fill(platform.url);
    await page.getByLabel('Логин').fill(platform.credentials.login);
    await page.getByLabel('Пароль').fill(platform.credentials.password);
    await page.getByLabel('Область доступа (scope)').fill(platform.credentials.scope);
    const saved = await answerTo(page, 'PUT', '/api/pos-sync/settings', () =>
      page.getByRole('button', { name: 'Сохранить' }).click(),
    );
    assert.equal(saved.status(), 200, await saved.text());
    assert.equal((await syncNow(page)).lastSummary.created, 1, 'обращение платформы стало сообщением канала ПОС');

    const phoneCase = await registerPhoneCase(page, 'Яма на дороге у остановки «Школа»', '+7 913 222-33-44');
    await openCase(page, phoneCase.id);
    await page.getByTestId('register-in-pos').click();
    const popconfirm = page.locator('.ant-popconfirm').filter({ hasText: 'Зарегистрировать сообщение в ПОС?' });
    const requested = await answerTo(page, 'POST', `/api/pos-sync/cases/${phoneCase.id}/appeal`, () =>
      popconfirm.getByRole('button', { name: 'Зарегистрировать' }).click(),
    );
    assert.equal(requested.status(), 202, await requested.text());
    // The person is told it is queued, and the card shows it waiting instead of offering the button again.
    await page
      .locator('.ant-message')
      .getByText(`Сообщение № ${phoneCase.number} будет зарегистрировано в ПОС при ближайшей отправке`, {
        exact: false,
      })
      .waitFor();
    await page.getByTestId('pos-link').filter({ hasText: 'Ждёт отправки в ПОС' }).waitFor();
    assert.equal(await page.getByTestId('register-in-pos').count(), 0, 'повторно не предлагается');

    // The outbox holds the registration, with the platform's codes of the case's category.
    const outbox = await queryRows<{ operation: string; status: string; payload: Record<string, unknown> }>(
      'select operation, status, payload from pos_outbox where case_id = $1 order by id',
      [phoneCase.id],
    );
    assert.equal(outbox.length, 1, JSON.stringify(outbox));
    assert.equal(outbox[0]?.operation, 'CREATE_APPEAL');
    assert.equal(outbox[0]?.status, 'pending');
    assert.equal(outbox[0]?.payload.externalId, phoneCase.id);
    assert.equal(outbox[0]?.payload.subjectId, '10');
    assert.equal(outbox[0]?.payload.subsubjectId, '101');
    const api = await apiOf(page);
    assert.equal((await api.get<PosCaseLink>(`/api/pos-sync/cases/${phoneCase.id}`)).state, 'queued');
    assert.equal((await api.get<PosSyncStatus>('/api/pos-sync')).outbox.pending, 1);

    // The next run sends it: the platform has the appeal, the case its number.
    const createdBefore = platform.created.length;
    const delivered = await syncNow(page);
    assert.equal(delivered.lastSummary.delivered, 1, JSON.stringify(delivered.lastSummary));
    assert.equal(platform.created.length, createdBefore + 1);
    assert.equal(platform.created.at(-1)?.externalId, phoneCase.id);
    const [link] = await queryRows<{ externalId: string }>(
      'select external_id as "externalId" from pos_appeals where case_id = $1',
      [phoneCase.id],
    );
    assert.ok(link, 'сообщение связано с обращением ПОС');
    await openCase(page, phoneCase.id);
    await page
      .getByTestId('pos-link')
      .filter({ hasText: `В ПОС № ${link.externalId} · На модерации` })
      .waitFor();
    await timelineEntry(page, 'Зарегистрировано в ПОС')
      .filter({ hasText: `Номер в ПОС: ${link.externalId}` })
      .waitFor();
    assert.equal(await page.getByTestId('register-in-pos').count(), 0);

    // The platform takes it to work: the status comes back to the card and its timeline.
    platform.setStatus(link.externalId, 'TAKE_TO_WORK', 'Принято подрядчиком');
    assert.equal((await api.post<PosSyncStatus>('/api/pos-sync/run', {})).lastError, null);
    await openCase(page, phoneCase.id);
    await page
      .getByTestId('pos-link')
      .filter({ hasText: `В ПОС № ${link.externalId} · Взято в работу` })
      .waitFor();
    await timelineEntry(page, 'Статус в ПОС')
      .filter({ hasText: 'Статус: Взято в работу' })
      .filter({ hasText: 'Принято подрядчиком' })
      .waitFor();

    // A case that came from ПОС itself is not offered for registering.
    const [fromPos] = await queryRows<{ id: string }>(
      "select id from cases where channel = 'pos' and external_id = $1",
      ['P-E2E-1'],
    );
    assert.ok(fromPos);
    await openCase(page, fromPos.id);
    await page.getByTestId('case-actions').waitFor();
    assert.equal(await page.getByTestId('register-in-pos').count(), 0, 'сообщение из ПОС');
  } finally {
    await context.close();
  }
});
