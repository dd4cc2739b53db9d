import { addDays } from '../../../shared/analytics/periods.js';
import { weeklyScheduleAt } from '../../../shared/analytics/report-schedule.js';
import { formatLocalDate } from '../../../shared/local-date.js';
import type { Database } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { notifyEmailAddresses, notifyPeople } from '../notifications/index.js';
import { listTenants } from '../organization/index.js';
import * as repository from './analytics.repository.js';
import { refreshCaseMeasures } from './analytics-measures.service.js';
import * as settingsRepository from './report-settings.repository.js';
import { effectiveSchedule } from './report-settings.service.js';
import { describeKpiDue, generateWeeklyReport, type WeeklyReportModel } from './reports.service.js';

export const REFRESH_MEASURES_JOB = 'analytics.refresh-measures';
export const WEEKLY_REPORT_JOB = 'analytics.weekly-report';
export const KPI_REMINDER_JOB = 'analytics.kpi-reminder';
const KPI_PEOPLE = ['manager', 'curator', 'admin'];
const REMIND_DAYS_BEFORE = 3;
/** How often the weekly job looks whether a tenant's slot has come (a note is made within this of its time). */
export const WEEKLY_CHECK_CRON = '*/5 * * * *';
/** A «running» claim older than this belongs to a process that died: another may take it. */
const STALE_RUN_MS = 30 * 60_000;

/**
 * Every minute: measures of changed cases. Every five minutes: the weekly note of every municipality whose
 * schedule (report_schedules: weekday, time, zone; default Monday 07:00 local) has come this week — made once per
 * ISO week however many times or processes the job runs, archived and sent to its subscribers (e-mails carry the
 * archived DOCX and PDF). Daily: KPI report reminders before the 5th day after a quarter, an overdue notice after
 * (also to the region's ЦУР curators).
 */
export async function registerAnalyticsJobs(jobs: JobQueue, database: Database): Promise<void> {
  await jobs.work(REFRESH_MEASURES_JOB, async () => {
    await refreshCaseMeasures(database.pool);
  });
  await jobs.schedule(REFRESH_MEASURES_JOB, '* * * * *', 'UTC');
  await jobs.work(WEEKLY_REPORT_JOB, async () => {
    await runWeeklyReports(database, new Date());
  });
  await jobs.schedule(WEEKLY_REPORT_JOB, WEEKLY_CHECK_CRON, 'UTC');
  await jobs.work(KPI_REMINDER_JOB, async () => {
    await runKpiReminders(database, new Date());
  });
  await jobs.schedule(KPI_REMINDER_JOB, '0 9 * * *', 'Europe/Moscow');
}

function formatFigure(value: number | null, unit: string): string {
  if (value === null) return '—';
  const text = value.toLocaleString('ru-RU', { maximumFractionDigits: 2 });
  return unit ? `${text} ${unit}` : text;
}

/**
 * Who a note's message is for: `staff` read it in the bell (and, by their preferences, by e-mail and Telegram) and
 * can open the archive; `outside` addresses have no account, so their e-mail carries the files themselves.
 */
export type WeeklyNoticeAudience = 'staff' | 'outside';

/** The message to subscribers: the week's main figures against the week before, and where the files are. */
export function weeklyNoticeBody(model: WeeklyReportModel, audience: WeeklyNoticeAudience): string {
  const lines = model.figures
    .slice(0, 8)
    .map(
      (figure) =>
        `${figure.label}: ${formatFigure(figure.current, figure.unit)} (неделей раньше — ${formatFigure(figure.previous, figure.unit)})`,
    );
  const where =
    audience === 'outside'
      ? 'Записка целиком — во вложении: DOCX (для правки) и PDF (для чтения и печати).'
      : 'Записка целиком (DOCX и PDF) — в Отклике: «Аналитика» → «Отчёты» → архив; в письме-уведомлении она во вложении.';
  return [`${model.tenantName}, неделя ${model.week}.`, ...lines, '', where].join('\n');
}

/**
 * Makes the notes the schedules ask for at `now`; returns how many were made. Whoever claims a tenant's week first
 * (report_runs) makes it; a second run or process finds the claim and moves on. A failure marks the claim failed,
 * and the next run tries again (the files are overwritten, notices are deduplicated).
 */
export async function runWeeklyReports(database: Database, now: Date): Promise<number> {
  const schedules = new Map((await settingsRepository.listSchedules(database.pool)).map((row) => [row.tenantId, row]));
  let generated = 0;
  for (const tenant of await listTenants(database.pool)) {
    if (tenant.kind !== 'municipality') continue;
    const schedule = effectiveSchedule(tenant, schedules.get(tenant.id));
    if (!schedule.isEnabled) continue;
    const week = weeklyScheduleAt(schedule, now).dueWeek;
    if (!week) continue;
    const run = { tenantId: tenant.id, kind: 'weekly' as const, period: week };
    const isClaimed = await settingsRepository.claimReportRun(database.pool, {
      ...run,
      staleBefore: new Date(now.getTime() - STALE_RUN_MS),
    });
    if (!isClaimed) continue;
    try {
      const { model, files } = await generateWeeklyReport(database, tenant, week, { now });
      const title = `Еженедельная аналитическая записка за ${week} готова`;
      const dedupeKey = `weekly:${tenant.id}:${week}`;
      // The archived files themselves, by reference: the delivery job loads them when it sends each e-mail.
      const attachments = files.map((file) => ({
        source: 'analytics_report' as const,
        id: file.id,
        fileName: file.fileName,
        contentType: file.contentType,
      }));
      const subscribers = await repository.listSubscribers(database.pool, tenant.id);
      if (subscribers.length > 0) {
        await notifyPeople(database, {
          tenantId: tenant.id,
          userIds: subscribers,
          kind: 'analytics.report',
          title,
          body: weeklyNoticeBody(model, 'staff'),
          dedupeKey,
          attachments,
        });
      }
      await notifyEmailAddresses(database, {
        tenantId: tenant.id,
        emails: schedule.emails,
        kind: 'analytics.report',
        title,
        body: weeklyNoticeBody(model, 'outside'),
        dedupeKey,
        attachments,
      });
      await settingsRepository.finishReportRun(database.pool, { ...run, error: null });
      generated += 1;
    } catch (error) {
      await settingsRepository.finishReportRun(database.pool, {
        ...run,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
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
      if (due.isOverdue && tenant.parentId) {
        people.push(...(await repository.listPeopleWithRoles(database.pool, tenant.parentId, ['cur_curator'])));
      }
      if (people.length === 0) continue;
      await notifyPeople(database, {
        tenantId: tenant.id,
        userIds: people,
        kind: 'analytics.kpi_due',
        title: due.isOverdue
          ? `Отчёт КПЭ ${tenant.shortName} за ${due.quarter} просрочен (срок был ${due.dueDate})`
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
