import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registerBrowserFlowHooks, running, saveScreenshot, signIn } from './case-work.e2e-support.js';

registerBrowserFlowHooks();

test('журнал обращений: зарегистрировать обращение, увидеть номер, открыть карточку', async () => {
  const { server } = running();
  const { context, page } = await signIn('zarechny.mcu');
  try {
    await page.getByRole('menuitem', { name: 'Журнал обращений' }).click();
    await page.waitForURL((url) => url.pathname === '/appeals');
    await page.getByTestId('register-appeal').click();
    const modal = page.getByTestId('register-case-modal');
    await modal.getByLabel('Текст').fill('Прошу отремонтировать крыльцо поликлиники на улице Мира, 7');
    await modal.getByLabel('Заявитель (ФИО)').fill('Воронцова Вера Викторовна');
    await modal.getByLabel('Почтовый адрес заявителя').fill('ул. Мира, 9, кв. 4');
    await modal.getByLabel('Вид обращения').click();
    await page.getByTitle('Жалоба').click();
    // Ctrl+Enter saves from the keyboard.
    await modal.getByLabel('Текст').press('Control+Enter');

    const card = page.getByTestId('registration-card');
    await card.waitFor();
    const number = (await card.getByTestId('registration-number').textContent())?.trim() ?? '';
    assert.match(number, new RegExp(`^ОГ-${new Date().getFullYear()}-\\d{6}$`));
    assert.ok((await card.textContent())?.includes('Воронцова Вера Викторовна'));
    assert.ok((await card.textContent())?.includes('Жалоба'));
    await page.keyboard.press('Escape');

    const row = page.getByTestId('journal-number').filter({ hasText: number });
    await row.waitFor();
    await row.click();
    await card.waitFor();
    assert.equal((await card.getByTestId('registration-number').textContent())?.trim(), number);
    await saveScreenshot(page, 'appeal-registry.png');

    const pdf = await page.request.get(
      `${server.url}/api/appeals/${new URL((await page.getByRole('link', { name: 'PDF' }).getAttribute('href')) ?? '', server.url).pathname.split('/')[3]}/card.pdf`,
    );
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
  } finally {
    await context.close();
  }
});
