import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaseDetail } from '../../shared/contracts/cases.contract.js';
import { apiOf, openCase, registerBrowserFlowHooks, saveScreenshot, signIn } from './case-work.e2e-support.js';

registerBrowserFlowHooks();

test('руководитель обучает модель на истории демо и применяет подсказку рубрики в карточке одним щелчком', async () => {
  const { context, page } = await signIn('zarechny.mcu');
  await page.getByRole('menuitem', { name: 'Модели классификатора' }).click();
  await page.getByText('Моделей ещё нет — нажмите «Переобучить».').waitFor();
  await page.getByTestId('triage-train').click();
  await page.getByRole('cell', { name: /Первая модель/ }).waitFor({ timeout: 170_000 });
  await page.getByText('Активна', { exact: true }).waitFor();
  await saveScreenshot(page, 'triage-models.png');

  const api = await apiOf(page);
  const created = await api.post<CaseDetail>('/api/cases', {
    channel: 'phone',
    kind: 'message',
    text: 'Во дворе не вывозят мусор, контейнеры переполнены уже неделю',
  });
  assert.equal(created.category, null);
  await openCase(page, created.id);
  const panel = page.getByTestId('case-suggestions');
  await panel.getByText(/Модель версии 1/).waitFor();
  const category = panel.locator('[data-target="category"]');
  const first = category.getByTestId('case-suggestion').first();
  const label = (await first.locator('.ant-typography').first().textContent())?.trim() ?? '';
  assert.ok(label.length > 0, 'у первой подсказки рубрики есть название');
  await first.getByRole('button', { name: 'Применить' }).click();
  await page.getByText(`Рубрика: «${label}» применено.`).waitFor();
  await category.getByText('уже указано').waitFor();
  await panel.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'triage-suggestions.png');
  const card = await api.get<CaseDetail>(`/api/cases/${created.id}`);
  assert.equal(card.category, label);
  assert.ok(card.history.some((entry) => entry.action === 'classified' && entry.title === 'Классификатор'));
  await context.close();
});
