import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaseListResponse } from '../../shared/contracts/cases.contract.js';
import {
  apiOf,
  loseFirstAnswer,
  openBrowserPage,
  queryRows,
  registerBrowserFlowHooks,
  running,
  saveScreenshot,
  signIn,
} from './case-work.e2e-support.js';

registerBrowserFlowHooks();

test('житель подаёт сообщение через форму, видит его по секретной ссылке, после ответа оценивает', async () => {
  const { server } = running();
  // The resident's own window: not signed in, its script errors fail the flow like everyone else's.
  const { context: resident, page } = await openBrowserPage();
  await page.goto(`${server.url}/m/zarechny/form`);
  await page.getByText('Сообщить о проблеме —').waitFor();
  const opened = Date.now();

  await page.getByLabel('Категория').click();
  await page.locator('.ant-select-item-option').first().click();
  await page.getByLabel('Что случилось').fill('Во дворе дома 9 по улице Гагарина сломаны качели');
  await page.getByLabel('Адрес или ориентир').fill('ул. Гагарина, 9');
  await page.getByLabel('Как к вам обращаться').fill('Ольга');
  // The server refuses a form sent sooner than OTKLIK_FORM_MIN_SECONDS (3 s) after it was opened.
  await page.waitForTimeout(Math.max(0, 3_300 - (Date.now() - opened)));

  // The first sending reaches the server, but its answer is lost on the way back (a mobile network): the
  // resident sees an error and sends again — and gets the one message the server took, not a second.
  const formCases = async () =>
    (
      await queryRows<{ count: string }>(
        `select count(*) from cases c join tenants t on t.id = c.tenant_id where t.slug = 'zarechny' and c.channel = 'form'`,
      )
    )[0]?.count;
  const before = Number(await formCases());
  await loseFirstAnswer(page, '**/api/public/m/zarechny/messages');
  await page.getByRole('button', { name: 'Отправить' }).click();
  await page.getByText('Сервер недоступен. Проверьте подключение и повторите.').waitFor();
  assert.equal(Number(await formCases()), before + 1, 'первая отправка записана');
  await page.getByRole('button', { name: 'Отправить' }).click();

  const link = page.getByTestId('status-link');
  await link.waitFor();
  const number = /№ (\d{4}-\d{6})/.exec((await page.getByText(/Сообщение № .* принято/).textContent()) ?? '')?.[1];
  assert.ok(number, 'номер сообщения на странице ответа');
  assert.equal(Number(await formCases()), before + 1, 'повтор не создал второго сообщения');
  await link.click();
  await page.waitForURL(/\/m\/zarechny\/status\//);
  await page.getByText(`Сообщение № ${number}`).waitFor();
  assert.equal(await page.getByTestId('public-status').textContent(), 'Принято, ждёт рассмотрения');
  await page.getByText('Сообщение зарегистрировано').waitFor();
  await saveScreenshot(page, 'public-status-new.png');

  // Staff answer it (take, draft, approve, publish).
  const staff = await signIn('zarechny.mcu');
  const api = await apiOf(staff.page);
  const found = await api.get<CaseListResponse>(`/api/cases?channel=form&q=${encodeURIComponent(number)}`);
  const caseId = found.items[0]?.id;
  assert.ok(caseId);
  for (const [action, body] of [
    ['take', {}],
    ['comment', { text: 'Служебное: бригада Петрова' }],
    ['draft-answer', { text: 'Качели отремонтированы 12 числа.' }],
    ['approve', {}],
    ['publish', { result: 'resolved' }],
  ] as const) {
    await api.post(`/api/cases/${caseId}/actions/${action}`, body);
  }
  await staff.context.close();

  await page.reload();
  await page.getByTestId('public-answer').getByText('Качели отремонтированы 12 числа.').waitFor();
  assert.equal(await page.getByText('Служебное').count(), 0, 'внутренний комментарий не виден жителю');
  await page.locator('.ant-rate-star').nth(3).click();
  await page.getByLabel('Комментарий к оценке').fill('Спасибо, быстро');
  await page.getByRole('button', { name: 'Отправить оценку' }).click();
  await page.getByText('Ваша оценка: 4 из 5. Спасибо!').waitFor();
  await page.getByText('Оценка заявителя: 4').waitFor();
  await saveScreenshot(page, 'public-status-rated.png');
  await resident.close();
});
