import { test } from 'node:test';
import { registerBrowserFlowHooks, signIn, WIDE_VIEWPORT } from './case-work.e2e-support.js';

registerBrowserFlowHooks();

test('руководитель загружает темы ЦУР, создаёт автоправило и видит в панели проверки, почему оно сработало', async () => {
  const { context, page } = await signIn((account) => account.role === 'manager', {
    viewport: WIDE_VIEWPORT,
    startPage: '/inbox',
  });
  try {
    await page.getByRole('menuitem', { name: 'Рубрикаторы' }).click();
    await page.getByRole('button', { name: 'Загрузить темы ЦУР / ИМ' }).click();
    await page.getByText('Темы ЦУР / Инцидент менеджмент').first().waitFor();
    await page.getByText(/позиций 385, активных 385/).waitFor();
    await page.getByRole('button', { name: /ДОРОГИ/ }).click();
    await page.getByText(/НЕКАЧЕСТВЕННОЕ ПОКРЫТИЕ АСФАЛЬТОВЫХ ДОРОГ/).waitFor();

    await page.getByRole('menuitem', { name: 'Автоправила' }).click();
    await page.getByRole('button', { name: 'Новое правило' }).click();
    await page.getByLabel('Название правила').fill('Ямы — в дороги');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page
      .getByRole('cell', { name: /Ямы — в дороги/ })
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'История (v1)' }).waitFor();

    await page.getByLabel('Текст сообщения').fill('Огромные ямы у остановки, машины бьют колёса');
    await page.getByRole('button', { name: 'Проверить' }).click();
    const result = page.getByTestId('routing-test-result');
    await result.getByText('сработало', { exact: true }).waitFor();
    await result.getByText(/найдены: «яма»/).waitFor();
    await result.getByText(/категория «Дороги»/).waitFor();

    await page.getByRole('menuitem', { name: 'Массовые проблемы' }).click();
    await page.getByRole('tab', { name: 'Повторные обращения' }).waitFor();
    await page.getByRole('button', { name: /Пересобрать группы/ }).waitFor();
  } finally {
    await context.close();
  }
});
