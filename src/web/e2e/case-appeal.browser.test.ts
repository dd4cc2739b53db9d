import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import type { CaseDetail } from '../../shared/contracts/cases.contract.js';
import {
  apiOf,
  choose,
  loadedResponse,
  openCase,
  performAction,
  registerBrowserFlowHooks,
  requestTo,
  running,
  saveScreenshot,
  signIn,
} from './case-work.e2e-support.js';

registerBrowserFlowHooks();

test('a 59-ФЗ appeal is registered in the UI, forwarded, extended (request and approval) and answered; another goes out with a covering letter', async () => {
  const contexts: BrowserContext[] = [];
  try {
    const managerSession = await signIn('zarechny.mcu');
    contexts.push(managerSession.context);
    const page = managerSession.page;
    await page.goto(`${running().server.url}/cases`);
    await page.getByRole('button', { name: 'Зарегистрировать' }).click();
    const form = page.getByTestId('register-case-modal');
    await choose(page, form.getByLabel('Канал'), 'Письмо');
    await choose(page, form.getByLabel('Вид'), 'Обращение (59-ФЗ)');
    await form
      .getByLabel('Текст')
      .fill('Прошу отремонтировать крышу дома 12 по ул. Школьной: после дождей течёт в подъезде.');
    await form.getByLabel('Адрес').fill('ул. Школьная, 12');
    await form.getByLabel('Заявитель').fill('Сидорова Анна');
    const [createdResponse] = await Promise.all([
      loadedResponse(page, requestTo('/api/cases', 'POST')),
      form.getByRole('button', { name: 'Зарегистрировать' }).click(),
    ]);
    assert.equal(createdResponse.status(), 201, await createdResponse.text());
    const created = (await createdResponse.json()) as CaseDetail;
    assert.equal(created.workflowId, 'appeal');
    await page.waitForURL((url) => url.searchParams.get('caseId') === created.id);

    const registered = await performAction(page, 'register', async (modal) => {
      await modal.getByLabel('Регистрационный номер').fill('Ж-2026/125');
    });
    assert.equal(registered.state, 'registered');

    // По компетенции: to the housing department (another recipient of the municipality).
    const forwarded = await performAction(page, 'forward', async (modal) => {
      await choose(page, modal.getByLabel('Получатель'), 'жилищно', 'Управление жилищно-коммунального хозяйства');
      await modal.getByLabel('Комментарий').fill('Крыши — Управление ЖКХ');
    });
    assert.equal(forwarded.state, 'in_work');
    const answerDeadline = () => forwarded.deadlines.find((deadline) => deadline.kind === 'answer');
    const before = answerDeadline();
    assert.ok(before, 'срок ответа по 59-ФЗ идёт');

    const requested = await performAction(page, 'request-extension', async (modal) => {
      await modal.getByLabel('Причина').fill('Нужен акт обследования кровли подрядчиком');
      await modal.getByLabel('На сколько дней').fill('30');
    });
    assert.equal(requested.lifecycle.isExtensionRequested, true);
    const extended = await performAction(page, 'approve-extension');
    const after = extended.deadlines.find((deadline) => deadline.kind === 'answer');
    assert.ok(after && Date.parse(after.dueAt) > Date.parse(before.dueAt), 'срок ответа продлён');
    assert.equal(extended.lifecycle.isExtensionUsed, true);

    await performAction(page, 'draft-answer', async (modal) => {
      await modal
        .getByTestId('answer-text')
        .fill('Кровля дома 12 по ул. Школьной отремонтирована 20.03, протечки устранены.');
    });
    await performAction(page, 'approve');
    const answered = await performAction(page, 'publish', async (modal) => {
      await choose(page, modal.getByLabel('Результат'), 'Решено');
    });
    assert.equal(answered.state, 'answered');
    assert.equal(answered.result, 'resolved');

    const timeline = page.getByTestId('case-timeline-entry');
    assert.deepEqual(
      await timeline.locator('strong').allTextContents(),
      answered.history.map((entry) => entry.title),
    );
    assert.deepEqual(
      answered.history.map((entry) => entry.action),
      [
        'created',
        'register',
        'forward',
        'request-extension',
        'approve-extension',
        'draft-answer',
        'approve',
        'publish',
      ],
    );
    await timeline.filter({ hasText: 'Нужен акт обследования кровли' }).waitFor();
    await page.getByTestId('case-state').filter({ hasText: answered.stateTitle }).waitFor();
    await saveScreenshot(page, 'case-work-appeal-answered.png');

    // Another appeal with coordinates goes to another organisation: the covering letter is attached.
    const api = await apiOf(page);
    const other = await api.post<CaseDetail>('/api/cases', {
      channel: 'email',
      kind: 'appeal',
      text: 'На федеральной трассе у въезда в посёлок провал асфальта.',
      territory: { address: 'трасса Р-255, 12-й км', latitude: 55.0302, longitude: 82.9204 },
    });
    await openCase(page, other.id);
    await page.getByTestId('case-map-section').waitFor();
    await page.locator('[data-testid="case-map"][data-map-state="ready"]').waitFor();
    await performAction(page, 'register');
    const sent = await performAction(page, 'forward', async (modal) => {
      await modal.getByText('В другую организацию').click();
      await modal.getByLabel('Организация').fill('ФКУ Упрдор «Сибирь»');
      await modal.getByLabel('Сопроводительное письмо').fill('Участок относится к федеральной трассе.');
    });
    assert.equal(sent.state, 'forwarded');
    const letter = sent.attachments.find((attachment) => attachment.origin === 'generated');
    assert.ok(letter, 'сопроводительное письмо приложено');
    const letterLink = page
      .getByTestId('case-attachments')
      .locator(`[data-origin="generated"] [data-file-name="${letter.fileName}"] a`);
    const [download] = await Promise.all([page.waitForEvent('download'), letterLink.click()]);
    assert.equal(download.suggestedFilename(), letter.fileName);
    await page.getByTestId('case-timeline-attachments').filter({ hasText: letter.fileName }).waitFor();
    await saveScreenshot(page, 'case-work-covering-letter.png');
  } finally {
    for (const context of contexts) {
      await context.close();
    }
  }
});
