import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dashboard, DrillDownResponse } from '../../shared/contracts/analytics.contract.js';
import {
  answerTo,
  jsonOf,
  registerBrowserFlowHooks,
  saveScreenshot,
  signIn,
  WIDE_VIEWPORT,
} from './case-work.e2e-support.js';

registerBrowserFlowHooks();

test('аналитика: цифра панели открывает список сообщений за ней; карта работает без сервера тайлов', async () => {
  const { context, page } = await signIn((account) => account.role === 'manager', {
    viewport: WIDE_VIEWPORT,
    startPage: '/inbox',
  });
  try {
    const dashboard = await jsonOf<Dashboard>(
      await answerTo(page, 'GET', '/api/analytics/dashboard', () =>
        page.getByRole('link', { name: 'Аналитика' }).click(),
      ),
    );
    await page.getByText('Открыто сейчас').first().waitFor();
    const drill = await jsonOf<DrillDownResponse>(
      await answerTo(page, 'GET', '/api/analytics/cases', () => page.getByText('Открыто сейчас').first().click()),
    );
    assert.equal(drill.total, dashboard.openNow);
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Открыто сейчас: ${dashboard.openNow}`).waitFor();
    assert.ok((await dialog.locator('tbody tr.ant-table-row').count()) > 0);
    await saveScreenshot(page, 'analytics-drill.png');
    await dialog.getByRole('button', { name: 'Close' }).or(dialog.getByLabel('Close')).first().click();

    await page.getByRole('tab', { name: 'Тепловая карта' }).click();
    await page.locator('.maplibregl-canvas').waitFor();
    await page.locator('section[data-ready="true"]').waitFor();
    await page.getByText('Район × тема').waitFor();
    await saveScreenshot(page, 'analytics-heatmap.png', { fullPage: true });

    await page.getByRole('tab', { name: 'Рейтинг' }).click();
    await page.getByRole('button', { name: 'Печать' }).waitFor();
  } finally {
    await context.close();
  }
});
