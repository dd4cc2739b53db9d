import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { CaseListResponse } from '../../shared/contracts/cases.contract.js';
import type { ErrorResponse } from '../../shared/contracts/errors.contract.js';
import type { CaseTimer, DayOff, ScheduleView, SlaPolicyList } from '../../shared/contracts/sla.contract.js';
import { CASE_TIMER_KIND_TITLES } from '../../shared/sla/sla-policy.js';
import { formatDurationInRussian } from '../features/sla/api/sla-format.js';
import {
  answerTo,
  type DemoAccount,
  jsonOf,
  loadedResponse,
  registerBrowserFlowHooks,
  requestTo,
  running,
  saveScreenshot,
  signIn,
} from './case-work.e2e-support.js';

/** The colours of the time left: red once overdue, green while the time runs (TimeLeft.tsx). */
const OVERDUE_COLOR = 'rgb(207, 19, 34)';
const RUNNING_COLOR = 'rgb(56, 158, 13)';
/** A municipality's own day off in the year grid (YearGrid.tsx). */
const LOCAL_DAY_OFF_BACKGROUND = 'rgb(114, 46, 209)';

registerBrowserFlowHooks();

const WIDE_SCREEN = { viewport: { width: 1440, height: 900 } };

/** The first municipality's administrator (may edit the calendar, schedules and policies) and its head (reads). */
const isAdmin = (account: DemoAccount) => account.role === 'admin';
const isHead = (account: DemoAccount) => account.role === 'head';

async function colorOf(locator: Locator): Promise<string> {
  return locator.evaluate((element) => getComputedStyle(element).color);
}

/** Types a time into an AntD picker and confirms it with Enter, as a person does. */
async function typeTime(page: Page, field: Locator, text: string) {
  await field.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

test('an administrator adds a local day off and sees it in the year grid beside the federal holidays', async () => {
  const { context, page } = await signIn(isAdmin, WIDE_SCREEN);
  try {
    await page.getByRole('menuitem', { name: 'Сроки и календарь' }).click();
    await page.waitForURL((url) => url.pathname === '/sla');
    await page.getByRole('button', { name: 'Следующий год' }).waitFor();

    // 2026 ships with the product: holidays come with their names.
    await page.goto(`${running().server.url}/sla?year=2026`);
    await page.getByTestId('calendar-badges').getByText('Поставляется с продуктом').waitFor();
    const christmas = page.locator('[data-date="2026-01-07"]');
    assert.equal(await christmas.getAttribute('data-kind'), 'holiday');
    await christmas.hover();
    await page.locator('.ant-tooltip').filter({ hasText: 'Рождество Христово' }).waitFor();
    assert.equal(await page.locator('[data-date="2026-04-30"]').getAttribute('data-kind'), 'shortened');
    assert.equal(await page.locator('[data-date="2026-03-09"]').getAttribute('data-kind'), 'transferredDayOff');
    await page.getByTestId('calendar-totals').getByText('Рабочих дней: 247', { exact: false }).waitFor();

    // A click on a day opens its editor; the local day off is saved at once.
    const cityDay = page.locator('[data-date="2026-12-15"]');
    assert.equal(await cityDay.getAttribute('data-local'), null);
    await cityDay.click();
    const editor = page.getByTestId('day-editor');
    await editor.getByLabel('Повод местного выходного').fill('День города');
    const added = await answerTo(page, 'POST', '/api/calendar/days-off', () =>
      editor.getByRole('button', { name: 'Сделать местным выходным' }).click(),
    );
    assert.equal(added.status(), 201);
    const daysOff = await jsonOf<DayOff[]>(added);
    assert.deepEqual(
      daysOff.find((dayOff) => dayOff.date === '2026-12-15'),
      { date: '2026-12-15', note: 'День города' },
    );
    await page.locator('[data-date="2026-12-15"][data-local="true"]').waitFor();
    assert.equal(
      await cityDay.evaluate((element) => getComputedStyle(element).backgroundColor),
      LOCAL_DAY_OFF_BACKGROUND,
    );
    await page.getByTestId('local-days-off').getByText('День города').waitFor();
    await page.getByTestId('calendar-totals').getByText('местных выходных: 1', { exact: false }).waitFor();

    // The same date again: the server's Russian answer is shown, not a silent failure.
    await page.getByLabel('Дата местного выходного').fill('15.12.2026');
    await page.getByLabel('Дата местного выходного').press('Enter');
    const conflict = await answerTo(page, 'POST', '/api/calendar/days-off', () =>
      page.getByTestId('local-days-off').getByRole('button', { name: 'Добавить' }).click(),
    );
    assert.equal(conflict.status(), 409);
    const conflictError = await jsonOf<ErrorResponse>(conflict);
    await page.getByTestId('local-days-off').getByText(conflictError.error.message).waitFor();
    await saveScreenshot(page, 'e2e-sla-calendar.png');
  } finally {
    await context.close();
  }
});

test('an administrator gives the МЦУ schedule a lunch break and checks a deadline by it', async () => {
  const { context, page } = await signIn(isAdmin, WIDE_SCREEN);
  try {
    await page.goto(`${running().server.url}/sla?tab=schedules&schedule=mcu`);
    const monday = page.locator('[data-weekday="monday"]');
    await typeTime(page, monday.getByLabel('Понедельник, период 1: конец'), '12:30');
    await monday.getByRole('button', { name: 'Добавить период: Понедельник' }).click();
    await typeTime(page, monday.getByLabel('Понедельник, период 2: начало'), '13:18');
    await typeTime(page, monday.getByLabel('Понедельник, период 2: конец'), '17:30');
    await monday.getByText('так же на все будни').click();
    const saved = await answerTo(page, 'PUT', '/api/sla/schedules/mcu', () =>
      page.getByTestId('schedule-editor').getByRole('button', { name: 'Сохранить' }).click(),
    );
    assert.equal(saved.status(), 200);
    const schedules = await jsonOf<ScheduleView[]>(saved);
    const mcu = schedules.find((schedule) => schedule.id === 'mcu');
    assert.ok(mcu);
    assert.equal(mcu.isOverridden, true);
    const lunchDay = [
      { from: '08:30', to: '12:30' },
      { from: '13:18', to: '17:30' },
    ];
    assert.deepEqual(mcu.week.monday, lunchDay);
    assert.deepEqual(mcu.week.friday, lunchDay);
    assert.deepEqual(mcu.week.saturday, []);
    const listItem = page.locator('[data-schedule-id="mcu"]');
    await listItem.getByText('изменён').waitFor();
    await listItem.getByText('пн–пт 08:30–12:30, 13:18–17:30; сб–вс выходной').waitFor();

    // «Проверить срок»: 8 working hours from Tuesday 08:30 end at 17:18 with the 48-minute lunch break.
    const check = page.getByTestId('deadline-check');
    const start = check.getByLabel(/Начало/);
    await start.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('10.03.2026 08:30');
    await page.keyboard.press('Enter');
    await check.getByLabel('Срок').fill('8h');
    await check.getByRole('button', { name: 'Рассчитать' }).click();
    // A wrong duration is named on its field, in the words the server uses.
    await check.getByText('«8h» — не срок', { exact: false }).waitFor();
    await check.getByLabel('Срок').fill('8wh');
    const preview = await answerTo(page, 'GET', '/api/sla/deadline', () =>
      check.getByRole('button', { name: 'Рассчитать' }).click(),
    );
    assert.equal(preview.status(), 200);
    const query = new URL(preview.url()).searchParams;
    assert.equal(query.get('scheduleId'), 'mcu');
    assert.match(query.get('start') ?? '', /^2026-03-10T08:30:00[+-]\d{2}:\d{2}$/);
    assert.equal(query.get('duration'), '8wh');
    const result = await jsonOf<{ deadline: string; workingMinutes: number }>(preview);
    assert.equal(result.workingMinutes, 480);
    await check.getByTestId('deadline-result').getByText('вт, 10.03.2026 17:18', { exact: false }).waitFor();
    await saveScreenshot(page, 'e2e-sla-schedules.png');

    // The built-in schedule comes back as it ships.
    await page.getByRole('button', { name: 'Вернуть исходный' }).click();
    const reverted = await answerTo(page, 'DELETE', '/api/sla/schedules/mcu', () =>
      page.locator('.ant-popconfirm').getByRole('button', { name: 'Вернуть' }).click(),
    );
    assert.equal(reverted.status(), 204);
    await listItem.getByText('пн–пт 08:30–17:30; сб–вс выходной').waitFor();
    assert.equal(await listItem.getByText('изменён').count(), 0);
  } finally {
    await context.close();
  }
});

test('an administrator moves a policy and saves the list; a rejected list shows the error beside its policy', async () => {
  const { context, page } = await signIn(isAdmin, WIDE_SCREEN);
  try {
    const loaded = loadedResponse(page, requestTo('/api/sla/policies', 'GET'));
    await page.goto(`${running().server.url}/sla?tab=policies`);
    const { policies, isDefault } = await jsonOf<SlaPolicyList>(await loaded);
    assert.equal(isDefault, true);
    await page.getByText('Действуют стандартные политики').waitFor();
    const [first, second] = policies;
    assert.ok(first && second && policies.length >= 3);
    const card = (index: number) => page.getByTestId(`policy-${index}`);
    /** The card at `index` is the policy named `name` (the name alone: a channel may be called the same). */
    const cardNamed = (index: number, name: string) =>
      card(index)
        .getByTestId('policy-name')
        .filter({ hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
    await cardNamed(0, first.name).waitFor();
    const firstTimer = first.timers[0];
    assert.ok(firstTimer);
    await card(0).getByText(formatDurationInRussian(firstTimer.duration), { exact: true }).first().waitFor();

    await card(0)
      .getByRole('button', { name: `Ниже: ${first.name}` })
      .click();
    await cardNamed(0, second.name).waitFor();
    await cardNamed(1, first.name).waitFor();
    const saved = await answerTo(page, 'PUT', '/api/sla/policies', () =>
      page.getByRole('button', { name: 'Сохранить', exact: true }).click(),
    );
    assert.equal(saved.status(), 200);
    const after = await jsonOf<SlaPolicyList>(saved);
    assert.deepEqual(
      after.policies.map((policy) => policy.name),
      [second.name, first.name, ...policies.slice(2).map((policy) => policy.name)],
    );
    assert.equal(after.isDefault, false);
    await page.getByText('Политики сроков сохранены').waitFor();
    assert.equal(await page.getByText('Действуют стандартные политики').count(), 0);
    // Start the second part from the saved list as the server has it (a fresh page, no local state).
    await page.reload();
    await cardNamed(0, second.name).waitFor();

    // The catch-all moved up: the server refuses, and its error stands beside the policy it names.
    const last = policies.length - 1;
    const catchAll = policies[last];
    assert.ok(catchAll);
    await card(last)
      .getByRole('button', { name: `Выше: ${catchAll.name}` })
      .click();
    await cardNamed(last - 1, catchAll.name).waitFor();
    const rejected = await answerTo(page, 'PUT', '/api/sla/policies', () =>
      page.getByRole('button', { name: 'Сохранить', exact: true }).click(),
    );
    assert.equal(rejected.status(), 400);
    const rejection = await jsonOf<ErrorResponse>(rejected);
    assert.equal(rejection.error.fields?.[0]?.field, `policies.${last}.match`);
    await page.getByText(rejection.error.message).first().waitFor();
    await page.getByTestId(`policy-errors-${last}`).getByText('Нужна политика без условий').waitFor();
    await saveScreenshot(page, 'e2e-sla-policies.png');
    await page.getByRole('button', { name: 'Отменить изменения' }).click();
    await cardNamed(last, catchAll.name).waitFor();
  } finally {
    await context.close();
  }
});

test('the list of cases shows the time left of every case, coloured by its state, and the card lists the timers', async () => {
  const { context, page } = await signIn(isAdmin, WIDE_SCREEN);
  try {
    const listed = loadedResponse(page, requestTo('/api/cases', 'GET'));
    await page.goto(`${running().server.url}/cases?pageSize=200`);
    const list = await jsonOf<CaseListResponse>(await listed);
    const count = (state: string) => list.items.filter((item) => item.sla?.state === state).length;
    assert.ok(count('overdue') > 0, 'в демо-данных должны быть просроченные сообщения');
    assert.ok(count('running') > 0);
    const cells = (state: string) => page.locator(`.ant-table-tbody [data-sla-state="${state}"]`);
    await cells('overdue').first().waitFor();
    for (const state of ['running', 'warning', 'overdue', 'paused', 'stopped']) {
      assert.equal(await cells(state).count(), count(state), `ячеек «${state}» столько же, сколько в ответе`);
    }

    const overdue = cells('overdue').first();
    assert.match((await overdue.textContent()) ?? '', /^просрочено/);
    assert.equal(await colorOf(overdue), OVERDUE_COLOR);
    const runningCell = cells('running').first();
    assert.match((await runningCell.textContent()) ?? '', /^осталось/);
    assert.equal(await colorOf(runningCell), RUNNING_COLOR);
    if (count('stopped') > 0) assert.equal(await cells('stopped').first().textContent(), 'выполнено');

    // The tooltip names the timer and the exact due time.
    const overdueCase = list.items.find((item) => item.sla?.state === 'overdue');
    assert.ok(overdueCase?.sla);
    const overdueRow = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: overdueCase.number });
    await overdueRow.locator('[data-sla-state="overdue"]').hover();
    const tooltip = page.locator('.ant-tooltip').filter({ hasText: 'Срок:' });
    await tooltip.getByText(CASE_TIMER_KIND_TITLES[overdueCase.sla.kind], { exact: false }).waitFor();
    await saveScreenshot(page, 'e2e-sla-cases.png');

    // The case card lists every timer of the case.
    const timersAnswer = loadedResponse(page, requestTo(`/api/cases/${overdueCase.id}/timers`));
    await overdueRow.getByText(overdueCase.number, { exact: true }).click();
    const timers = await jsonOf<CaseTimer[]>(await timersAnswer);
    assert.ok(timers.length > 0);
    const section = page.getByRole('dialog').getByTestId('case-timers');
    await section.getByText('Сроки').waitFor();
    await section.locator('[data-sla-state="overdue"]').first().waitFor();
    assert.equal(await section.locator('.ant-table-tbody tr.ant-table-row').count(), timers.length);
    for (const timer of timers) {
      await section.getByText(CASE_TIMER_KIND_TITLES[timer.kind], { exact: true }).waitFor();
    }
    await saveScreenshot(page, 'e2e-sla-case-timers.png');
  } finally {
    await context.close();
  }
});

test('the head reads the calendar, the schedules and the policies without edit controls', async () => {
  const { context, page } = await signIn(isHead, WIDE_SCREEN);
  try {
    await page.getByRole('menuitem', { name: 'Сроки и календарь' }).click();
    await page.waitForURL((url) => url.pathname === '/sla');
    await page.getByText('только просмотр').waitFor();
    await page.getByTestId('year-grid').waitFor();
    assert.equal(await page.locator('button[data-date]').count(), 0, 'дни не нажимаются');
    assert.ok((await page.locator('span[data-date]').count()) >= 365);
    for (const name of ['Сохранить год', 'Импорт праздников из iCalendar', 'Добавить']) {
      assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, `нет кнопки «${name}»`);
    }

    await page.getByRole('tab', { name: 'Графики работы' }).click();
    await page.getByTestId('schedule-editor').waitFor();
    for (const name of ['Сохранить', 'Новый график', 'Вернуть исходный']) {
      assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, `нет кнопки «${name}»`);
    }
    assert.equal(await page.getByLabel('Понедельник, период 1: начало').isDisabled(), true);
    // Checking a deadline changes nothing and is open to everyone.
    await page.getByTestId('deadline-check').getByRole('button', { name: 'Рассчитать' }).waitFor();

    await page.getByRole('tab', { name: 'Политики сроков' }).click();
    await page.getByTestId('policy-0').waitFor();
    for (const name of ['Сохранить', 'Добавить политику', 'Изменить', 'Удалить']) {
      assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, `нет кнопки «${name}»`);
    }
    await page.getByTestId('policy-0').getByRole('button', { name: 'Подробнее' }).click();
    await page.getByRole('dialog').getByText('Таймеры', { exact: true }).waitFor();
    assert.equal(await page.getByRole('dialog').getByRole('button', { name: 'Применить' }).count(), 0);
    await saveScreenshot(page, 'e2e-sla-head.png');
  } finally {
    await context.close();
  }
});

test('a region user (ЦУР) is not offered the section: calendars and schedules are a municipality’s own', async () => {
  const { context, page } = await signIn((account) => account.role === 'cur_curator', WIDE_SCREEN);
  try {
    await page.getByRole('menuitem', { name: 'Сообщения и обращения' }).waitFor();
    assert.equal(await page.getByRole('menuitem', { name: 'Сроки и календарь' }).count(), 0);
    await page.goto(`${running().server.url}/sla`);
    await page.getByText('Нет доступа').first().waitFor();
  } finally {
    await context.close();
  }
});
