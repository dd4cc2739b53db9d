import { addDays } from '../../../shared/analytics/periods.js';
import { formatLocalDate } from '../../../shared/local-date.js';
import type { Database } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { notifyPeople } from '../notifications/index.js';
import { listTenants } from '../organization/index.js';
import * as repository from './analytics.repository.js';
import { refreshCaseMeasures } from './analytics-measures.service.js';
import { describeKpiDue, generateWeeklyReport, previousIsoWeek } from './reports.service.js';

export const REFRESH_MEASURES_JOB = 'analytics.refresh-measures';
export const WEEKLY_REPORT_JOB = 'analytics.weekly-report';
export const KPI_REMINDER_JOB = 'analytics.kpi-reminder';
const KPI_PEOPLE = ['manager', 'curator', 'admin'];
const REMIND_DAYS_BEFORE = 3;

/**
 * Every minute: measures of changed cases. Weekly (cron OTKLIK_WEEKLY_REPORT_CRON, Monday 07:00 Moscow
 * by default): the note of the previous ISO week for every municipality, archived and sent to its
 * subscribers. Daily: KPI report reminders before the 5th day after a quarter, an overdue notice after.
 */
export async function registerAnalyticsJobs(
  jobs: JobQueue,
  database: Database,
  options: { weeklyCron: string; timezone?: string },
): Promise<void> {
  await jobs.work(REFRESH_MEASURES_JOB, async () => {
    await refreshCaseMeasures(database.pool);
  });
  await jobs.schedule(REFRESH_MEASURES_JOB, '* * * * *', 'UTC');
  await jobs.work(WEEKLY_REPORT_JOB, async () => {
    await runWeeklyReports(database, new Date());
  });
  await jobs.schedule(WEEKLY_REPORT_JOB, options.weeklyCron, options.timezone ?? 'Europe/Moscow');
  await jobs.work(KPI_REMINDER_JOB, async () => {
    await runKpiReminders(database, new Date());
  });
  await jobs.schedule(KPI_REMINDER_JOB, '0 9 * * *', options.timezone ?? 'Europe/Moscow');
}

export async function runWeeklyReports(database: Database, now: Date): Promise<number> {
  let generated = 0;
  for (const tenant of await listTenants(database.pool)) {
    if (tenant.kind !== 'municipality') continue;
    const week = previousIsoWeek(now, tenant.timezone);
    if (await repository.hasReport(database.pool, tenant.id, 'weekly', week)) continue;
    await generateWeeklyReport(database, tenant, week, { now });
    generated += 1;
    const subscribers = await repository.listSubscribers(database.pool, tenant.id);
    if (subscribers.length > 0) {
      await notifyPeople(database, {
        tenantId: tenant.id,
        userIds: subscribers,
        kind: 'analytics.report',
        title: `Еженедельная аналитическая записка за ${week} готова`,
        body: 'Записка в форматах DOCX и PDF — в разделе «Аналитика» → «Отчёты».',
        dedupeKey: `weekly:${tenant.id}:${week}`,
      });
    }
  }
  return generated;
}

export async function runKpiReminders(database: Database, now: Date): Promise<number> {
  let sent = 0;
  for (const tenant of await listTenants(database.pool)) {
    if (tenant.kind !== 'municipality') continue;
    const today = formatLocalDate(now, tenant.timezone);
    for (const due of await describeKpiDue(database, tenant.id, tenant.timezone, now)) {
      if (due.isSubmitted) continue;
      const isSoon = today >= addDays(due.dueDate, -REMIND_DAYS_BEFORE) && today <= due.dueDate;
      if (!isSoon && !due.isOverdue) continue;
      const people = await repository.listPeopleWithRoles(database.pool, tenant.id, KPI_PEOPLE);
      if (people.length === 0) continue;
      await notifyPeople(database, {
        tenantId: tenant.id,
        userIds: people,
        kind: 'analytics.kpi_due',
        title: due.isOverdue
          ? `Отчёт КПЭ за ${due.quarter} просрочен (срок был ${due.dueDate})`
          : `Отчёт КПЭ за ${due.quarter} нужно представить в ЦУР до ${due.dueDate}`,
        body: 'Сформируйте отчёт в разделе «Аналитика» → «Отчёты» или командой otklik report kpi.',
        dedupeKey: `kpi:${tenant.id}:${due.quarter}:${due.isOverdue ? 'overdue' : 'soon'}`,
        urgency: due.isOverdue ? 'urgent' : 'normal',
      });
      sent += 1;
    }
  }
  return sent;
}
