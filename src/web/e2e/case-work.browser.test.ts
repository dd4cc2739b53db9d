import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import type { AnswerTemplate, CaseDetail } from '../../shared/contracts/cases.contract.js';
import type { Person } from '../../shared/contracts/organization.contract.js';
import {
  apiOf,
  buildPhoto,
  choose,
  loadedResponse,
  openCase,
  performAction,
  registerBrowserFlowHooks,
  requestTo,
  running,
  saveScreenshot,
  signIn,
  uploadThroughDropzone,
  waitForLoadedImage,
} from './case-work.e2e-support.js';

registerBrowserFlowHooks();

test('an ИМ message is registered, taken, assigned, answered with a template and an evidence photo, approved, approved at ЦУР, published and reopened by the author', async () => {
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
      loadedResponse(im, requestTo('/api/cases', 'POST')),
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
    // The executor writes the answer from the template and drops a photo of the work done into the editor.
    let photoId = '';
    // The editor loads the templates when it opens; choosing before they arrive raced on a loaded machine.
    const templatesLoaded = loadedResponse(worker, requestTo('/api/answer-templates', 'GET'));
    const drafted = await performAction(worker, 'draft-answer', async (modal) => {
      await templatesLoaded;
      await modal.getByLabel('Шаблон ответа').waitFor({ state: 'visible' });
      const rendered = loadedResponse(worker, (request) =>
        new URL(request.url()).pathname.endsWith(`/api/answer-templates/${template.id}/render`),
      );
      await choose(worker, modal.getByLabel('Шаблон ответа'), template.title);
      await rendered;
      await modal.getByTestId('answer-text').filter({ hasText: created.number }).waitFor();
      const photo = await uploadThroughDropzone(worker, modal, {
        name: 'двор после уборки.png',
        mimeType: 'image/png',
        buffer: buildPhoto(48, 32, [60, 140, 60]),
      });
      photoId = photo.id;
      const picked = modal
        .getByTestId('attachment-picker')
        .locator(`[data-testid="attachment-item"][data-file-name="${photo.fileName}"]`);
      await picked.locator('input[type=checkbox]:checked').waitFor({ state: 'attached' });
    });
    assert.equal(drafted.state, 'answer_review');
    assert.deepEqual((drafted.lifecycle.draftAnswer as { attachmentIds: string[] }).attachmentIds, [photoId]);
    const draftText = String((drafted.lifecycle.draftAnswer as { text: string }).text);
    assert.match(draftText, new RegExp(created.number));
    assert.match(draftText, /ул\. Мира, 5/);

    // The coordinator approves; ЦУР approves; the coordinator publishes with «Решено».
    await openCase(im, created.id);
    await im.getByTestId('case-draft-answer').filter({ hasText: created.number }).waitFor();
    // The evidence is shown with the answer: the thumbnail loads and opens a preview.
    const evidence = im.getByTestId('case-draft-answer-attachments').getByTestId('attachment-thumbnail').locator('img');
    await waitForLoadedImage(evidence.first());
    await evidence.first().click();
    await im.locator('.ant-image-preview').first().waitFor();
    await im.keyboard.press('Escape');
    await im.locator('.ant-image-preview').first().waitFor({ state: 'hidden' });
    await im
      .getByTestId('case-attachments')
      .locator('[data-testid="attachment-item"][data-file-name="двор после уборки.png"]')
      .waitFor();
    await saveScreenshot(im, 'case-work-evidence.png');
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

    // The author's comment arrives through the channel (relayed by the connector's API call): the case
    // reopens and the card shows it back in work with the executor.
    await api.post<CaseDetail>(`/api/cases/${created.id}/actions/resident-comment`, {
      text: 'Мусор снова не вывезли, контейнеры переполнены.',
    });
    await openCase(im, created.id);
    await im.getByTestId('case-state').filter({ hasText: 'У исполнителя' }).waitFor();
    const reopened = await api.get<CaseDetail>(`/api/cases/${created.id}`);
    assert.equal(reopened.state, 'assigned');
    assert.equal(reopened.status, 'in_work');
    await entries.filter({ hasText: 'Мусор снова не вывезли' }).waitFor();
    assert.equal(await entries.locator('strong').last().textContent(), 'Комментарий заявителя');
    await openCase(worker, created.id);
    await worker.getByTestId('case-actions').locator('[data-action="draft-answer"]').waitFor();
  } finally {
    for (const context of contexts) {
      await context.close();
    }
  }
});
