import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Role } from '../../../shared/roles.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../test-support/test-database.js';
import { createTenant, createUser, findTenantBySlug, type TenantRow } from '../organization/index.js';
import { runKpiReminders, runWeeklyReports } from './analytics.jobs.js';
import * as repository from './analytics.repository.js';
import * as settingsRepository from './report-settings.repository.js';
import { getKpiDefinitions, getSchedule, updateKpiDefinitions, updateSchedule } from './report-settings.service.js';
import { generateKpiReport } from './reports.service.js';
import { buildCase } from './test-support/analytics-fixtures.js';

let database: Database;
const tenants: Record<string, TenantRow> = {};
const people: Record<string, string> = {};
const origin = { ipAddress: '127.0.0.1', requestId: 'test' };

function contextOf(login: string, tenant: TenantRow, roles: Role[], visibleTenantIds = [tenant.id]): AuthContext {
  const userId = people[login];
  assert.ok(userId, login);
  return {
    userId,
    login,
    fullName: login,
    roles,
    ownRoles: roles,
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, kind: tenant.kind, timezone: tenant.timezone },
    actingForUserIds: [userId],
    recipientIds: [],
    visibleTenantIds,
    sessionTokenHash: 'test',
    csrfToken: 'test',
  };
}

async function count(sql: string, values: unknown[]): Promise<number> {
  const result = await database.pool.query<{ count: number }>(sql, values);
  return result.rows[0]?.count ?? 0;
}

const weeklyReports = (tenant: TenantRow) =>
  count(`select count(*)::int as count from analytics_reports where tenant_id = $1 and kind = 'weekly'`, [tenant.id]);

before(async () => {
  database = await createTestDatabase();
  await createTenant(database, {
    slug: 'kraj',
    name: 'Край Расписаний',
    shortName: 'Край',
    kind: 'region',
    parentSlug: null,
    timezone: 'Europe/Moscow',
  });
  const municipalities = [
    { slug: 'ponedelnik', timezone: 'Europe/Moscow' },
    { slug: 'pyatnica', timezone: 'Asia/Novokuznetsk' },
    { slug: 'vyklyuchen', timezone: 'Europe/Moscow' },
  ];
  for (const item of municipalities) {
    await createTenant(database, {
      slug: item.slug,
      name: `Город ${item.slug}`,
      shortName: item.slug,
      kind: 'municipality',
      parentSlug: 'kraj',
      timezone: item.timezone,
    });
  }
  for (const slug of ['kraj', ...municipalities.map((item) => item.slug)]) {
    const found = await findTenantBySlug(database.pool, slug);
    assert.ok(found);
    tenants[slug] = found;
  }
  const accounts: Array<{ tenant: string; login: string; roles: Role[]; email?: string }> = [
    { tenant: 'ponedelnik', login: 'pn.manager', roles: ['manager'], email: 'manager@ponedelnik.ru' },
    { tenant: 'ponedelnik', login: 'pn.head', roles: ['head'] },
    { tenant: 'ponedelnik', login: 'pn.executor', roles: ['executor'] },
    { tenant: 'pyatnica', login: 'pt.admin', roles: ['admin'] },
    { tenant: 'vyklyuchen', login: 'vy.manager', roles: ['manager'] },
    { tenant: 'kraj', login: 'kraj.curator', roles: ['cur_curator'] },
  ];
  for (const account of accounts) {
    const user = await createUser(database, {
      tenantSlug: account.tenant,
      login: account.login,
      password: 'очень-длинный-пароль',
      fullName: account.login,
      position: null,
      roles: account.roles,
    });
    people[account.login] = user.id;
    if (account.email) await database.pool.query('update users set email = $2 where id = $1', [user.id, account.email]);
  }
  // Q1 2021 of «ponedelnik»: three ПОС answers, two on time; ratings 5 and 2.
  const ponedelnik = tenants.ponedelnik as TenantRow;
  for (const [index, isOnTime] of [true, true, false].entries()) {
    await buildCase(database.pool, ponedelnik.id, {
      channel: 'pos',
      category: 'Дороги',
      district: 'Центральный',
      status: 'closed',
      receivedAt: `2021-02-0${index + 1}T10:00:00+03:00`,
      dueAt: isOnTime ? '2021-02-20T10:00:00+03:00' : `2021-02-0${index + 1}T12:00:00+03:00`,
      answerStoppedAt: `2021-02-0${index + 2}T10:00:00+03:00`,
      rating: index === 0 ? 5 : index === 1 ? 2 : null,
      result: 'resolved',
    });
  }
});

after(async () => {
  await database.close();
});

describe('расписание еженедельной записки', () => {
  test('настройка: по умолчанию понедельник 07:00 пояса муниципалитета; глава читает, меняют руководитель и администратор', async () => {
    const ponedelnik = tenants.ponedelnik as TenantRow;
    const head = contextOf('pn.head', ponedelnik, ['head']);
    const shown = await getSchedule(database, head, new Date('2021-03-29T06:00:00+03:00'));
    assert.equal(shown.isDefault, true);
    assert.equal(shown.weekday, 1);
    assert.equal(shown.time, '07:00');
    assert.equal(shown.timezone, 'Europe/Moscow');
    assert.equal(shown.nextWeek, '2021-W12');
    await assert.rejects(
      updateSchedule(
        database,
        head,
        { weekday: 1, time: '07:00', timezone: 'Europe/Moscow', isEnabled: true, subscriberUserIds: [], emails: [] },
        origin,
      ),
      { code: 'FORBIDDEN' },
    );
    await assert.rejects(getSchedule(database, contextOf('pn.executor', ponedelnik, ['executor'])), {
      code: 'FORBIDDEN',
    });
    // Someone of another municipality cannot be a subscriber: 400 naming the list item.
    const manager = contextOf('pn.manager', ponedelnik, ['manager']);
    await assert.rejects(
      updateSchedule(
        database,
        manager,
        {
          weekday: 1,
          time: '07:00',
          timezone: 'Europe/Moscow',
          isEnabled: true,
          subscriberUserIds: [people['pn.head'] as string, people['pt.admin'] as string],
          emails: [],
        },
        origin,
      ),
      (error: { code?: string; fields?: Array<{ field: string }> }) =>
        error.code === 'VALIDATION_FAILED' && error.fields?.[0]?.field === 'subscriberUserIds.1',
    );
    const saved = await updateSchedule(
      database,
      manager,
      {
        weekday: 1,
        time: '07:00',
        timezone: 'Europe/Moscow',
        isEnabled: true,
        subscriberUserIds: [people['pn.manager'] as string, people['pn.head'] as string],
        emails: ['Glava.Press@Ponedelnik.ru', 'glava.press@ponedelnik.ru'],
      },
      origin,
    );
    assert.equal(saved.isDefault, false);
    assert.deepEqual(saved.emails, ['glava.press@ponedelnik.ru']);
    assert.equal(saved.subscribers.length, 2);
    assert.equal(
      await count(
        `select count(*)::int as count from audit_log where action = 'analytics.report_schedule_updated' and tenant_id = $1`,
        [ponedelnik.id],
      ),
      1,
    );

    const pyatnica = tenants.pyatnica as TenantRow;
    await updateSchedule(
      database,
      contextOf('pt.admin', pyatnica, ['admin']),
      {
        weekday: 5,
        time: '18:30',
        timezone: 'Asia/Novokuznetsk',
        isEnabled: true,
        subscriberUserIds: [people['pt.admin'] as string],
        emails: [],
      },
      origin,
    );
    const vyklyuchen = tenants.vyklyuchen as TenantRow;
    await updateSchedule(
      database,
      contextOf('vy.manager', vyklyuchen, ['manager']),
      {
        weekday: 1,
        time: '07:00',
        timezone: 'Europe/Moscow',
        isEnabled: false,
        subscriberUserIds: [people['vy.manager'] as string],
        emails: ['off@vyklyuchen.ru'],
      },
      origin,
    );
  });

  test('задание: до назначенного времени — ничего, в срок — одна записка, повтор и два процесса — без дублей', async () => {
    const ponedelnik = tenants.ponedelnik as TenantRow;
    const pyatnica = tenants.pyatnica as TenantRow;
    const vyklyuchen = tenants.vyklyuchen as TenantRow;
    assert.equal(await runWeeklyReports(database, new Date('2021-03-29T06:59:00+03:00')), 0);
    assert.equal(await weeklyReports(ponedelnik), 0);

    assert.equal(await runWeeklyReports(database, new Date('2021-03-29T07:00:00+03:00')), 1);
    assert.equal(await runWeeklyReports(database, new Date('2021-03-29T07:05:00+03:00')), 0, 'повтор ничего не делает');
    assert.equal(await weeklyReports(ponedelnik), 2, 'DOCX и PDF за 2021-W12');
    assert.equal(await repository.hasReport(database.pool, ponedelnik.id, 'weekly', '2021-W12'), true);
    assert.equal(await weeklyReports(pyatnica), 0, 'у «Пятницы» время ещё не пришло');

    // Friday 02.04.2021: 18:29 in Novokuznetsk — not yet; 18:30 — the note of 2021-W12.
    assert.equal(await runWeeklyReports(database, new Date('2021-04-02T18:29:00+07:00')), 0);
    assert.equal(await runWeeklyReports(database, new Date('2021-04-02T18:30:00+07:00')), 1);
    assert.equal(await repository.hasReport(database.pool, pyatnica.id, 'weekly', '2021-W12'), true);

    // The next Monday two processes run the job at once: one note of 2021-W13 is made.
    const monday = new Date('2021-04-05T07:10:00+03:00');
    const [first, second] = await Promise.all([runWeeklyReports(database, monday), runWeeklyReports(database, monday)]);
    assert.equal((first ?? 0) + (second ?? 0), 1);
    assert.equal(await weeklyReports(ponedelnik), 4);

    // Switched off: nothing is made, nobody is told.
    assert.equal(await weeklyReports(vyklyuchen), 0);
    assert.equal(
      await count('select count(*)::int as count from report_runs where tenant_id = $1', [vyklyuchen.id]),
      0,
    );
    assert.equal(
      await count(`select count(*)::int as count from notifications where email_address = 'off@vyklyuchen.ru'`, []),
      0,
    );
  });

  test('подписчики: сотрудники получают уведомление (и письмо, если есть адрес), внешние адреса — письмо; по одному', async () => {
    const ponedelnik = tenants.ponedelnik as TenantRow;
    const forPerson = (login: string) =>
      count(`select count(*)::int as count from notifications where user_id = $1 and kind = 'analytics.report'`, [
        people[login],
      ]);
    assert.equal(await forPerson('pn.manager'), 2, 'за 2021-W12 и 2021-W13');
    assert.equal(await forPerson('pn.head'), 2);
    assert.equal(await forPerson('pn.executor'), 0);
    assert.equal(await forPerson('pt.admin'), 1);
    const body = await database.pool.query<{ body: string }>(
      `select body from notifications where user_id = $1 and title like '%2021-W12%'`,
      [people['pn.manager']],
    );
    assert.match(body.rows[0]?.body ?? '', /Поступило сообщений и обращений: 0/);
    const outside = await database.pool.query<{ title: string; channel: string; address: string }>(
      `select n.title, d.channel, d.address from notifications n
         join notification_deliveries d on d.tenant_id = n.tenant_id and d.notification_id = n.id
        where n.user_id is null and n.tenant_id = $1 order by n.title`,
      [ponedelnik.id],
    );
    assert.deepEqual(
      outside.rows.map((row) => [row.title.includes('2021-W12') ? 'W12' : 'W13', row.channel, row.address]),
      [
        ['W12', 'email', 'glava.press@ponedelnik.ru'],
        ['W13', 'email', 'glava.press@ponedelnik.ru'],
      ],
    );
    const managerMail = await count(
      `select count(*)::int as count from notification_deliveries d join notifications n
          on n.tenant_id = d.tenant_id and n.id = d.notification_id
        where n.user_id = $1 and n.kind = 'analytics.report' and d.channel = 'email' and d.address = 'manager@ponedelnik.ru'`,
      [people['pn.manager']],
    );
    assert.equal(managerMail, 2);
    const shown = await getSchedule(
      database,
      contextOf('pn.manager', ponedelnik, ['manager']),
      new Date('2021-04-05T08:00:00+03:00'),
    );
    assert.deepEqual(
      shown.lastRuns.map((run) => [run.period, run.status]),
      [
        ['2021-W13', 'done'],
        ['2021-W12', 'done'],
      ],
    );
    assert.equal(shown.nextWeek, '2021-W14');
  });
});

describe('заявка на отчёт', () => {
  test('одна заявка на период; после ошибки или «зависшая» — забирается снова', async () => {
    const tenantId = (tenants.vyklyuchen as TenantRow).id;
    const claim = (staleBefore: Date) =>
      settingsRepository.claimReportRun(database.pool, { tenantId, kind: 'weekly', period: '2030-W01', staleBefore });
    const longAgo = new Date('2000-01-01T00:00:00Z');
    assert.equal(await claim(longAgo), true);
    assert.equal(await claim(longAgo), false, 'вторая заявка на тот же период не проходит');
    await settingsRepository.finishReportRun(database.pool, {
      tenantId,
      kind: 'weekly',
      period: '2030-W01',
      error: 'сбой',
    });
    assert.equal(await claim(longAgo), true, 'после ошибки — повтор');
    assert.equal(await claim(new Date(Date.now() + 60_000)), true, '«формируется» дольше срока — процесс умер');
    await settingsRepository.finishReportRun(database.pool, {
      tenantId,
      kind: 'weekly',
      period: '2030-W01',
      error: null,
    });
    assert.equal(await claim(new Date(Date.now() + 60_000)), false, 'готовую не трогают');
    await database.pool.query(`delete from report_runs where tenant_id = $1 and period = '2030-W01'`, [tenantId]);
  });
});

describe('показатели КПЭ как данные', () => {
  test('ЦУР задаёт показатели региона и переопределяет для муниципалитета; отчёт XLSX берёт действующие', async () => {
    const region = tenants.kraj as TenantRow;
    const ponedelnik = tenants.ponedelnik as TenantRow;
    const pyatnica = tenants.pyatnica as TenantRow;
    const curator = contextOf('kraj.curator', region, ['cur_curator'], [ponedelnik.id, pyatnica.id]);
    const manager = contextOf('pn.manager', ponedelnik, ['manager']);

    const shipped = await getKpiDefinitions(database, manager, undefined);
    assert.equal(shipped.source, 'defaults');
    assert.equal(shipped.canEdit, false);
    await assert.rejects(
      updateKpiDefinitions(database, manager, undefined, { definitions: shipped.definitions }, origin),
      { code: 'FORBIDDEN' },
    );
    await assert.rejects(getKpiDefinitions(database, manager, pyatnica.id), { code: 'TENANT_NOT_FOUND' });

    const regional = await updateKpiDefinitions(
      database,
      curator,
      undefined,
      {
        definitions: [
          {
            name: 'Доля ответов в срок (регион)',
            formula: 'answered_on_time / (answered_on_time + late) × 100',
            comparison: 'at_least',
            target: 60,
            weight: 1,
            channel: null,
            isActive: true,
          },
          {
            name: 'Выключенный показатель',
            formula: 'otpiska / answered * 100',
            comparison: 'at_most',
            target: 5,
            weight: 1,
            channel: null,
            isActive: false,
          },
        ],
        comment: 'Приказ ЦУР',
      },
      origin,
    );
    assert.equal(regional.version, 1);
    assert.equal(regional.source, 'own');
    const inherited = await getKpiDefinitions(database, manager, undefined);
    assert.equal(inherited.source, 'region');
    assert.equal(inherited.version, 1);

    const { files, model } = await generateKpiReport(database, ponedelnik, '2021-Q1', {
      now: new Date('2021-04-02T10:00:00+03:00'),
    });
    assert.deepEqual(
      model.results.map((item) => [item.name, item.actual, item.isMet]),
      [['Доля ответов в срок (регион)', 66.67, true]],
      'выключенный показатель в отчёт не входит',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(files[0]?.content as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('КПЭ');
    assert.ok(sheet);
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((value) => String(value ?? ''))));
    assert.ok(rows.some((row) => row[0]?.includes('заданные ЦУР для региона, версия 1')));
    const kpiRow = rows.find((row) => row[0] === 'Доля ответов в срок (регион)');
    assert.deepEqual(kpiRow?.slice(4, 7), ['60', '66.67', 'да']);
    assert.ok(!rows.some((row) => row[0] === 'Доля ответов в срок'), 'значения по умолчанию не попали в отчёт');
    assert.ok(!rows.some((row) => row[0] === 'Выключенный показатель'));

    // An override for one municipality, version 1 of its own; the region's stays for the others.
    await updateKpiDefinitions(
      database,
      curator,
      ponedelnik.id,
      {
        definitions: [
          {
            name: 'Оценки 4–5 на ПОС',
            formula: 'rated_high / rated * 100',
            comparison: 'at_least',
            target: 60,
            weight: 1,
            channel: 'pos',
            isActive: true,
          },
        ],
      },
      origin,
    );
    const own = await getKpiDefinitions(database, manager, undefined);
    assert.equal(own.source, 'own');
    assert.equal(own.definitions[0]?.name, 'Оценки 4–5 на ПОС');
    const overridden = await generateKpiReport(database, ponedelnik, '2021-Q1', {
      now: new Date('2021-04-02T10:00:00+03:00'),
    });
    assert.deepEqual(
      overridden.model.results.map((item) => [item.name, item.actual, item.isMet]),
      [['Оценки 4–5 на ПОС', 50, false]],
    );
    assert.equal((await getKpiDefinitions(database, curator, pyatnica.id)).source, 'region');
    assert.equal(
      await count(
        `select count(*)::int as count from audit_log where action = 'analytics.kpi_definitions_updated'`,
        [],
      ),
      2,
    );
  });

  test('просрочка отчёта КПЭ: напоминание до срока, после — и куратору ЦУР', async () => {
    // Q1 2021 of «pyatnica» has no report: 03.04 — reminder, 07.04 — overdue, told to the region's curator too.
    await runKpiReminders(database, new Date('2021-04-03T10:00:00+03:00'));
    await runKpiReminders(database, new Date('2021-04-07T10:00:00+03:00'));
    const curatorTitles = await database.pool.query<{ title: string }>(
      `select title from notifications where user_id = $1 and kind = 'analytics.kpi_due'`,
      [people['kraj.curator']],
    );
    assert.ok(curatorTitles.rows.some((row) => row.title.includes('pyatnica') && row.title.includes('просрочен')));
    assert.ok(
      !curatorTitles.rows.some((row) => row.title.includes('ponedelnik') && row.title.includes('2021-Q1')),
      'отчёт «Понедельника» за 2021-Q1 сдан',
    );
    const adminTitles = await database.pool.query<{ title: string }>(
      `select title from notifications where user_id = $1 and kind = 'analytics.kpi_due' and title like '%2021-Q1%'
        order by created_at`,
      [people['pt.admin']],
    );
    assert.deepEqual(
      adminTitles.rows.map((row) => (row.title.includes('просрочен') ? 'overdue' : 'soon')),
      ['soon', 'overdue'],
    );
  });
});
