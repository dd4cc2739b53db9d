import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../test-support/test-database.js';
import type { TenantRow } from '../organization/index.js';
import { createTenant, createUser, findTenantBySlug, insertRecipient } from '../organization/index.js';
import { runKpiReminders, runWeeklyReports } from './analytics.jobs.js';
import * as repository from './analytics.repository.js';
import { checkAnswer, reviewAnswer } from './analytics.service.js';
import {
  buildKpiModel,
  buildWeeklyModel,
  renderKpiXlsx,
  renderWeeklyDocx,
  renderWeeklyPdf,
} from './reports.service.js';
import { buildCase } from './test-support/analytics-fixtures.js';
import { extractPdfText } from './test-support/pdf-text.js';

let database: Database;
let tenant: TenantRow;
const WEEK_FROM = '2021-03-22T00:00:00+03:00';
const WEEK_TO = '2021-03-29T00:00:00+03:00';
const NOW = new Date('2021-03-29T09:00:00+03:00');

before(async () => {
  database = await createTestDatabase();
  await createTenant(database, {
    slug: 'otchet',
    name: 'Город Отчётный',
    shortName: 'Отчётный',
    kind: 'municipality',
    parentSlug: null,
    timezone: 'Europe/Moscow',
  });
  const found = await findTenantBySlug(database.pool, 'otchet');
  assert.ok(found);
  tenant = found;
  const roads = await insertRecipient(database.pool, {
    tenantId: tenant.id,
    parentId: null,
    kind: 'department',
    name: 'Отдел дорог',
    shortName: 'Дороги',
  });
  const housing = await insertRecipient(database.pool, {
    tenantId: tenant.id,
    parentId: null,
    kind: 'department',
    name: 'Отдел ЖКХ',
    shortName: 'ЖКХ',
  });
  // Week 2021-W12 (Mon 22.03 — Sun 28.03).
  await buildCase(database.pool, tenant.id, {
    channel: 'pos',
    category: 'Дороги',
    district: 'Центральный',
    recipientId: roads,
    status: 'closed',
    receivedAt: '2021-03-22T10:00:00+03:00',
    dueAt: '2021-04-01T17:30:00+03:00',
    answerStoppedAt: '2021-03-23T10:00:00+03:00',
    reactionStoppedAt: '2021-03-22T10:30:00+03:00',
    result: 'resolved',
    rating: 5,
    answerText: 'Яма у дома 5 по ул. Ленина заделана 23.03.2021, фото приложено.',
    attachments: 1,
    latitude: 55.75,
    longitude: 37.61,
  });
  await buildCase(database.pool, tenant.id, {
    channel: 'pos',
    category: 'Дороги',
    district: 'Центральный',
    recipientId: roads,
    status: 'closed',
    receivedAt: '2021-03-22T10:00:00+03:00',
    dueAt: '2021-03-22T11:00:00+03:00',
    answerStoppedAt: '2021-03-23T10:00:00+03:00',
    reactionStoppedAt: '2021-03-22T11:30:00+03:00',
    result: 'explained',
    rating: 2,
    reopenCount: 1,
    returns: 1,
    answerText: 'Ваше обращение рассмотрено, информация принята к сведению.',
  });
  await buildCase(database.pool, tenant.id, {
    channel: 'im',
    category: 'ЖКХ',
    district: 'Северный',
    recipientId: housing,
    status: 'in_work',
    receivedAt: '2021-03-23T09:00:00+03:00',
    dueAt: '2021-03-23T17:00:00+03:00',
  });
  await buildCase(database.pool, tenant.id, {
    channel: 'im',
    category: 'ЖКХ',
    district: 'Северный',
    recipientId: housing,
    status: 'answered',
    receivedAt: '2021-03-24T10:00:00+03:00',
    dueAt: '2021-03-24T18:00:00+03:00',
    answerStoppedAt: '2021-03-24T12:00:00+03:00',
    result: 'resolved',
    rating: 4,
    answerText: 'Отопление в доме восстановлено бригадой управляющей компании.',
  });
  await buildCase(database.pool, tenant.id, {
    channel: 'regional',
    category: 'Дороги',
    status: 'new',
    receivedAt: '2021-03-26T15:00:00+03:00',
    dueAt: '2099-01-01T00:00:00+03:00',
  });
  // The week before: one answered case of the roads department.
  await buildCase(database.pool, tenant.id, {
    channel: 'pos',
    category: 'Дороги',
    district: 'Центральный',
    recipientId: roads,
    status: 'closed',
    receivedAt: '2021-03-16T10:00:00+03:00',
    dueAt: '2021-03-26T17:30:00+03:00',
    answerStoppedAt: '2021-03-17T10:00:00+03:00',
    result: 'resolved',
    rating: 3,
    answerText: 'Работы выполнены 17.03.2021.',
  });
});

after(async () => {
  await database.close();
});

async function directCount(condition: string): Promise<number> {
  const result = await database.pool.query<{ count: number }>(
    `select count(*)::int as count from cases c where c.tenant_id = $1 and c.received_at >= $2 and c.received_at < $3 and (${condition})`,
    [tenant.id, WEEK_FROM, WEEK_TO],
  );
  return result.rows[0]?.count ?? -1;
}

describe('еженедельная записка: каждая цифра сверена с прямым подсчётом', () => {
  test('показатели недели совпадают с подсчётом по тем же сообщениям', async () => {
    const model = await buildWeeklyModel(database, tenant, '2021-W12', NOW);
    const figure = (label: string) => model.figures.find((item) => item.label === label);
    assert.equal(figure('Поступило сообщений и обращений')?.current, await directCount('true'));
    assert.equal(figure('Поступило сообщений и обращений')?.previous, 1);
    assert.equal(figure('Дан ответ')?.current, await directCount(`c.status in ('answered', 'closed')`));
    // On time: answered at or before the answer timer's due time.
    const onTime = await database.pool.query<{ count: number }>(
      `select count(*)::int as count from cases c join case_timers t on t.tenant_id = c.tenant_id and t.case_id = c.id and t.kind = 'answer'
        where c.tenant_id = $1 and c.received_at >= $2 and c.received_at < $3 and t.stopped_at <= t.due_at and c.status in ('answered', 'closed')`,
      [tenant.id, WEEK_FROM, WEEK_TO],
    );
    assert.equal(figure('Ответ в срок')?.current, onTime.rows[0]?.count);
    assert.equal(figure('Ответ в срок')?.current, 2);
    // Late: answered after the due time (1) + still open past due (1).
    assert.equal(figure('С нарушением срока')?.current, 2);
    assert.equal(figure('Доля ответов в срок')?.current, 50);
    assert.equal(figure('«Решено»')?.current, await directCount(`c.result = 'resolved'`));
    assert.equal(figure('«Разъяснено»')?.current, await directCount(`c.result = 'explained'`));
    assert.equal(figure('Доля «Решено»')?.current, 66.7);
    const ratings = await database.pool.query<{ mean: number; high: number; rated: number }>(
      `select avg(rating)::float as mean, count(*) filter (where rating >= 4)::int as high, count(rating)::int as rated
         from cases c where c.tenant_id = $1 and c.received_at >= $2 and c.received_at < $3`,
      [tenant.id, WEEK_FROM, WEEK_TO],
    );
    const row = ratings.rows[0];
    assert.ok(row);
    assert.equal(figure('Средняя оценка заявителей')?.current, Math.round(row.mean * 100) / 100);
    assert.equal(figure('Доля оценок 4–5')?.current, Math.round((1000 * row.high) / row.rated) / 10);
    // The one «отписка»: «рассмотрено, принято к сведению», no action, date or attachment.
    assert.equal(figure('«Отписки» среди ответов')?.current, 1);
    // Working time on 08:30–17:30: Mon 10:00 → Tue 10:00 = 9 h (twice), Wed 10:00 → 12:00 = 2 h; median 9.
    assert.equal(figure('Медиана срока ответа')?.current, 9);
    // First reactions 30 and 90 working minutes: median 60 minutes = 1 h.
    assert.equal(figure('Медиана первой реакции')?.current, 1);
    assert.equal(
      model.current.overdueNow,
      await directCount(`c.status in ('new','moderation','in_work','answer_review') and c.due_at < now()`),
    );
    const perDayTotal = model.daily.series.reduce(
      (sum, series) => sum + series.values.reduce((left, right) => left + right, 0),
      0,
    );
    assert.equal(perDayTotal, 5);
    assert.equal(model.best.length, 2, 'оцениваются только получатели с двумя и более сообщениями');
    assert.match(model.massProblems, /пока не ведётся/);
  });

  test('DOCX открывается: document.xml содержит заголовок и цифры', async () => {
    const model = await buildWeeklyModel(database, tenant, '2021-W12', NOW);
    const docx = await renderWeeklyDocx(model);
    const zip = await JSZip.loadAsync(docx);
    const xml = await zip.file('word/document.xml')?.async('string');
    assert.ok(xml, 'нет word/document.xml');
    assert.match(xml, /Еженедельная аналитическая записка: Город Отчётный/);
    assert.match(xml, /Доля ответов в срок/);
    assert.match(xml, /50 %/);
    assert.ok(
      Object.keys(zip.files).some((name) => name.startsWith('word/media/') && name.endsWith('.svg')),
      'нет диаграммы SVG',
    );
    assert.ok(
      Object.keys(zip.files).some((name) => name.startsWith('word/media/') && name.endsWith('.png')),
      'нет запасного PNG',
    );
  });

  test('PDF: русский текст извлекается из документа (шрифт Roboto)', async () => {
    const model = await buildWeeklyModel(database, tenant, '2021-W12', NOW);
    const pdf = await renderWeeklyPdf(model, { compress: false });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = extractPdfText(pdf);
    assert.match(text, /Еженедельная аналитическая записка/);
    assert.match(text, /Решённые массовые проблемы/);
    assert.match(text, /Доля ответов в срок/);
    assert.match(pdf.toString('latin1'), /Roboto/);
  });

  test('отчёт КПЭ: значения по определениям и XLSX читается', async () => {
    const model = await buildKpiModel(database, tenant, '2021-Q1', new Date('2021-04-10T09:00:00+03:00'));
    assert.equal(model.dueDate, '2021-04-05');
    assert.equal(model.isLate, true);
    const onTime = model.results.find((item) => item.name === 'Доля ответов в срок');
    // Quarter: 3 answered on time (incl. the week before), 2 late.
    assert.equal(onTime?.actual, 60);
    assert.equal(onTime?.isMet, false);
    const satisfaction = model.results.find((item) => item.name === 'Удовлетворённость (оценки 4–5) на ПОС');
    // ПОС ratings 5, 2, 3: one of three is 4–5.
    assert.equal(satisfaction?.actual, 33.33);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderKpiXlsx(model)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('КПЭ');
    assert.ok(sheet);
    const names: string[] = [];
    sheet.eachRow((row) => names.push(String(row.getCell(1).value)));
    assert.ok(names.includes('Доля ответов в срок'));
    assert.ok(
      names.some((name) => name.includes('ПРОСРОЧЕН')) || String(sheet.getCell('A3').value).includes('ПРОСРОЧЕН'),
    );
  });
});

describe('решение человека об «отписке», задания записки и напоминаний', () => {
  test('человек переопределяет вывод правил: цифры меняются, решение в аудите', async () => {
    const manager = await createUser(database, {
      tenantSlug: 'otchet',
      login: 'otchet.manager',
      password: 'очень-длинный-пароль',
      fullName: 'Руководитель Отчётного',
      position: null,
      roles: ['manager'],
    });
    const context: AuthContext = {
      userId: manager.id,
      login: 'otchet.manager',
      fullName: 'Руководитель Отчётного',
      roles: ['manager'],
      ownRoles: ['manager'],
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, kind: 'municipality', timezone: tenant.timezone },
      actingForUserIds: [manager.id],
      recipientIds: [],
      visibleTenantIds: [tenant.id],
      sessionTokenHash: 'test',
      csrfToken: 'test',
    };
    const found = await database.pool.query<{ id: string }>(
      `select id from cases where tenant_id = $1 and lifecycle->'draftAnswer'->>'text' like '%принята к сведению%'`,
      [tenant.id],
    );
    const caseId = found.rows[0]?.id;
    assert.ok(caseId);
    const before = await checkAnswer(database, context, caseId);
    assert.equal(before.detected?.isOtpiska, true);
    const origin = { ipAddress: '127.0.0.1', requestId: 'test' };
    const after = await reviewAnswer(
      database,
      context,
      caseId,
      { isOtpiska: false, comment: 'Разъяснение по существу' },
      origin,
    );
    assert.equal(after.review?.isOtpiska, false);
    const model = await buildWeeklyModel(database, tenant, '2021-W12', NOW);
    assert.equal(model.figures.find((item) => item.label === '«Отписки» среди ответов')?.current, 0);
    const audit = await database.pool.query<{ count: number }>(
      `select count(*)::int as count from audit_log where action = 'analytics.answer_reviewed' and object_id = $1`,
      [caseId],
    );
    assert.equal(audit.rows[0]?.count, 1);
    await reviewAnswer(database, context, caseId, { isOtpiska: true }, origin);
    await repository.setSubscription(database.pool, tenant.id, manager.id, true);

    // Monday 29.03.2021: the note of 2021-W12 is generated once and the subscriber told once.
    assert.equal(await runWeeklyReports(database, NOW), 1);
    assert.equal(await runWeeklyReports(database, NOW), 0, 'повторный запуск ничего не делает');
    const notes = await database.pool.query<{ count: number }>(
      `select count(*)::int as count from notifications where user_id = $1 and kind = 'analytics.report'`,
      [manager.id],
    );
    assert.equal(notes.rows[0]?.count, 1);
    assert.equal(await repository.hasReport(database.pool, tenant.id, 'weekly', '2021-W12'), true);

    // 03.04.2021 — two days before the Q1 KPI report is due (05.04): a reminder; 07.04 — overdue.
    assert.ok((await runKpiReminders(database, new Date('2021-04-03T10:00:00+03:00'))) >= 1);
    assert.ok((await runKpiReminders(database, new Date('2021-04-07T10:00:00+03:00'))) >= 1);
    const reminders = await database.pool.query<{ title: string }>(
      `select title from notifications where user_id = $1 and kind = 'analytics.kpi_due' order by created_at`,
      [manager.id],
    );
    assert.ok(reminders.rows.some((row) => row.title.includes('нужно представить') && row.title.includes('2021-Q1')));
    assert.ok(reminders.rows.some((row) => row.title.includes('просрочен') && row.title.includes('2021-Q1')));
  });
});
