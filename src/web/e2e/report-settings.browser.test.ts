import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { KpiDefinitionSet, ReportSchedule } from '../../shared/contracts/reports.contract.js';
import {
  answerTo,
  jsonOf,
  registerBrowserFlowHooks,
  saveScreenshot,
  signIn,
  WIDE_VIEWPORT,
} from './case-work.e2e-support.js';

// A script error on the page (the tab once crashed on open) fails the file at its end.
registerBrowserFlowHooks({ failOnScriptErrors: true });

/** The first person of `role`, signed in, on «Аналитика» → «Отчёты». */
async function openReports(role: string): Promise<Page> {
  const { page } = await signIn((account) => account.role === role, { viewport: WIDE_VIEWPORT });
  await page.getByRole('link', { name: 'Аналитика' }).click();
  await page.getByRole('tab', { name: 'Отчёты' }).click();
  return page;
}

test('руководитель МЦУ меняет расписание записки: пятница 18:30, внешний адрес', async () => {
  const page = await openReports('manager');
  const card = page.getByTestId('report-schedule');
  await card.getByText('Следующая записка').waitFor();
  await card.getByLabel('День недели').click();
  await page.getByTitle('пятница').click();
  await card.getByLabel('Время').fill('18:30');
  await card.getByLabel('Внешние адреса e-mail').click();
  await page.keyboard.type('priemnaya@zarechny.ru');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await card.locator('.ant-select-selection-item', { hasText: 'priemnaya@zarechny.ru' }).waitFor();
  const response = await answerTo(page, 'PUT', '/api/analytics/report-schedule', () =>
    card.getByRole('button', { name: 'Сохранить расписание' }).click(),
  );
  assert.equal(response.status(), 200);
  const saved = await jsonOf<ReportSchedule>(response);
  assert.equal(saved.weekday, 5);
  assert.equal(saved.time, '18:30');
  assert.deepEqual(saved.emails, ['priemnaya@zarechny.ru']);
  await card.getByText(/18:30/).first().waitFor();
  await saveScreenshot(page, 'report-schedule.png', { fullPage: true });
});

test('куратор ЦУР правит показатель КПЭ: неверная формула подсвечена, исправленная сохраняется версией', async () => {
  const page = await openReports('cur_curator');
  const card = page.getByTestId('kpi-definitions');
  const formula = card.getByLabel('Формула').first();
  await formula.waitFor();
  await formula.fill('resolved / answred * 100');
  await card.getByText('неизвестная мера «answred»', { exact: false }).waitFor();
  await formula.fill('resolved / answered * 100');
  await card.getByLabel('Основание изменения').fill('Письмо ЦУР');
  const response = await answerTo(page, 'PUT', '/api/analytics/kpi-definitions', () =>
    card.getByRole('button', { name: 'Сохранить новую версию' }).click(),
  );
  assert.equal(response.status(), 200);
  const saved = await jsonOf<KpiDefinitionSet>(response);
  assert.equal(saved.version, 1);
  assert.equal(saved.definitions[0]?.formula, 'resolved / answered * 100');
  await card.getByText('версия 1', { exact: false }).first().waitFor();
  await saveScreenshot(page, 'kpi-definitions.png', { fullPage: true });
});

test('куратор ЦУР восстанавливает прежнюю версию КПЭ из списка версий: она сохраняется новой версией', async () => {
  const page = await openReports('cur_curator');
  const card = page.getByTestId('kpi-definitions');
  const target = card.getByLabel('Цель').first();
  await target.waitFor();
  const saveWithTarget = async (value: string, reason: string) => {
    await target.fill(value);
    await card.getByLabel('Основание изменения').fill(reason);
    const response = await answerTo(page, 'PUT', '/api/analytics/kpi-definitions', () =>
      card.getByRole('button', { name: 'Сохранить новую версию' }).click(),
    );
    assert.equal(response.status(), 200);
    return jsonOf<KpiDefinitionSet>(response);
  };
  const kept = await saveWithTarget('77', 'цель на год');
  const changed = await saveWithTarget('88', 'временно');
  assert.equal(changed.version, (kept.version ?? 0) + 1);

  const versions = page.getByTestId('kpi-versions');
  await versions.getByRole('button', { name: `Восстановить версию ${kept.version}` }).click();
  const response = await answerTo(page, 'POST', `/api/analytics/kpi-definitions/versions/${kept.version}/restore`, () =>
    page.locator('.ant-popconfirm').getByRole('button', { name: 'Восстановить' }).click(),
  );
  assert.equal(response.status(), 200);
  const restored = await jsonOf<KpiDefinitionSet>(response);
  assert.equal(restored.version, (changed.version ?? 0) + 1);
  assert.deepEqual(restored.definitions, kept.definitions);
  await versions.getByText(`Восстановлена версия ${kept.version}`).waitFor();
  assert.equal(await target.inputValue(), '77');
});
