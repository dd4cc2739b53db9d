import type pg from 'pg';
import type { CaseKind, CaseStatus, Channel } from '../../../shared/channels.js';
import type {
  CalendarYearInput,
  CalendarYearView,
  CaseTimer,
  DayOff,
  ScheduleInput,
  ScheduleView,
  SlaPolicyInput,
  SlaPolicyList,
  TimerState,
} from '../../../shared/contracts/sla.contract.js';
import { hasPermission, type Permission } from '../../../shared/permissions.js';
import {
  CASE_TIMER_KIND_TITLES,
  type CaseTimerKind,
  computeEscalationTime,
  computeResumedDueAt,
  computeWarningTime,
  DEFAULT_SLA_POLICIES,
  type EscalationStep,
  planTimers,
  type SlaPolicy,
  selectPolicy,
  type TimerKind,
} from '../../../shared/sla/sla-policy.js';
import {
  BUILT_IN_SCHEDULES,
  type CalendarYear,
  computeDeadline,
  computeRemainingWorkingMinutes,
  formatWorkingDuration,
  parseWorkingDuration,
  RUSSIAN_PRODUCTION_CALENDAR,
  validateCalendarYear,
  type WorkingDuration,
  WorkingTimeError,
  type WorkSchedule,
} from '../../../shared/working-time/index.js';
import { compileSchedule } from '../../../shared/working-time/work-schedule.js';
import { type Queryable, recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { loadOnce } from '../../platform/shared-load.js';
import { listTenants } from '../organization/index.js';
import { parseICalendarHolidays } from './ical.js';
import * as repository from './sla.repository.js';
import {
  invalidateTimeContexts,
  loadFederalCalendar,
  loadTimeContext,
  type TenantTimeContext,
} from './sla-time-context.js';

export type RequestOrigin = { ipAddress: string; requestId: string };

function assertPermission(context: AuthContext, permission: Permission): void {
  if (!hasPermission(context.roles, permission)) throw forbidden();
}

/** Working-time rule violations from the pure layer become a 400 naming the field. */
function asValidation<T>(field: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof WorkingTimeError)
      throw new AppError('VALIDATION_FAILED', error.message, [{ field, message: error.message }]);
    throw error;
  }
}

function tenantOf(context: AuthContext): { id: string; timezone: string } {
  if (context.tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', 'Сроки и графики настраиваются в муниципалитете.', [
      { field: 'tenant', message: 'Только для МЦУ' },
    ]);
  }
  return { id: context.tenant.id, timezone: context.tenant.timezone };
}

// ── Production calendar ─────────────────────────────────────────────────────────────────────────────

export async function getCalendarYear(database: Database, year: number): Promise<CalendarYearView> {
  const calendar = await loadFederalCalendar(database.pool);
  const found = calendar.years.find((candidate) => candidate.year === year);
  const isShipped = RUSSIAN_PRODUCTION_CALENDAR.years.some((candidate) => candidate.year === year);
  const isEdited = (await repository.listEditedCalendarYears(database.pool)).some((row) => row.year === year);
  if (!found) return { year, source: '', holidays: [], days: [], isEdited: false, isShipped: false };
  return { ...found, holidays: [...found.holidays], days: [...found.days], isEdited, isShipped };
}

export async function putCalendarYear(
  database: Database,
  context: AuthContext,
  input: CalendarYearInput,
  origin: RequestOrigin,
): Promise<CalendarYearView> {
  assertPermission(context, 'calendar.manage');
  const year = input as CalendarYear;
  asValidation('days', () => validateCalendarYear(year));
  const before = await getCalendarYear(database, input.year);
  await withTransaction(database.pool, async (client) => {
    await repository.upsertCalendarYear(client, {
      year: input.year,
      data: year,
      source: input.source,
      updatedBy: context.userId,
    });
    await recordAudit(client, {
      tenantId: context.tenant.id,
      actorUserId: context.userId,
      action: 'calendar.year_saved',
      objectType: 'calendar_year',
      objectId: String(input.year),
      before: { days: before.days.length, source: before.source },
      after: { days: input.days.length, source: input.source },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  invalidateTimeContexts();
  return getCalendarYear(database, input.year);
}

/** Adds the all-day events of an iCalendar file to a year as holidays (days already listed are replaced). */
export async function importCalendarHolidays(
  database: Database,
  context: AuthContext,
  year: number,
  icsText: string,
  origin: RequestOrigin,
): Promise<CalendarYearView> {
  assertPermission(context, 'calendar.manage');
  const imported = parseICalendarHolidays(icsText).filter((day) => day.date.startsWith(`${year}-`));
  if (imported.length === 0) {
    throw new AppError('VALIDATION_FAILED', `В файле нет выходных на ${year} год.`, [
      { field: 'file', message: 'Нет дат этого года' },
    ]);
  }
  const current = await getCalendarYear(database, year);
  const holidays = [...current.holidays];
  const days = current.days.filter((day) => !imported.some((item) => item.date === day.date));
  for (const item of imported) {
    let holiday = holidays.find((candidate) => candidate.name === item.name);
    if (!holiday) {
      holiday = { id: Math.max(0, ...holidays.map((candidate) => candidate.id)) + 1, name: item.name };
      holidays.push(holiday);
    }
    days.push({ date: item.date, kind: 'holiday', holidayId: holiday.id });
  }
  days.sort((left, right) => left.date.localeCompare(right.date));
  return putCalendarYear(
    database,
    context,
    { year, source: current.source ? `${current.source}; iCalendar` : 'iCalendar', holidays, days },
    origin,
  );
}

// ── Local days off ──────────────────────────────────────────────────────────────────────────────────

export async function listDaysOff(database: Database, context: AuthContext): Promise<DayOff[]> {
  return repository.listTenantDaysOff(database.pool, tenantOf(context).id);
}

export async function addDayOff(
  database: Database,
  context: AuthContext,
  input: DayOff,
  origin: RequestOrigin,
): Promise<DayOff[]> {
  assertPermission(context, 'sla.manage');
  const tenant = tenantOf(context);
  await withTransaction(database.pool, async (client) => {
    const isNew = await repository.insertTenantDayOff(client, tenant.id, input.date, input.note);
    if (!isNew)
      throw new AppError('CONFLICT', `${input.date} уже отмечен как местный выходной.`, [
        { field: 'date', message: 'Уже есть' },
      ]);
    await recordAudit(client, {
      tenantId: tenant.id,
      actorUserId: context.userId,
      action: 'calendar.day_off_added',
      objectType: 'day_off',
      objectId: input.date,
      after: input,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  invalidateTimeContexts();
  return listDaysOff(database, context);
}

export async function removeDayOff(
  database: Database,
  context: AuthContext,
  date: string,
  origin: RequestOrigin,
): Promise<void> {
  assertPermission(context, 'sla.manage');
  const tenant = tenantOf(context);
  await withTransaction(database.pool, async (client) => {
    if (!(await repository.deleteTenantDayOff(client, tenant.id, date)))
      throw notFound('Такого местного выходного нет.');
    await recordAudit(client, {
      tenantId: tenant.id,
      actorUserId: context.userId,
      action: 'calendar.day_off_removed',
      objectType: 'day_off',
      objectId: date,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  invalidateTimeContexts();
}

// ── Schedules ───────────────────────────────────────────────────────────────────────────────────────

export async function listSchedules(database: Database, context: AuthContext): Promise<ScheduleView[]> {
  const tenant = tenantOf(context);
  const own = await repository.listTenantSchedules(database.pool, tenant.id);
  const views: ScheduleView[] = BUILT_IN_SCHEDULES.map((builtIn) => {
    const override = own.find((record) => record.id === builtIn.id);
    const source = override ? { ...override, week: override.week as WorkSchedule['week'] } : builtIn;
    return toScheduleView(source, true, Boolean(override));
  });
  for (const record of own) {
    if (!BUILT_IN_SCHEDULES.some((builtIn) => builtIn.id === record.id)) {
      views.push(toScheduleView({ ...record, week: record.week as WorkSchedule['week'] }, false, false));
    }
  }
  return views;
}

function toScheduleView(schedule: WorkSchedule, isBuiltIn: boolean, isOverridden: boolean): ScheduleView {
  return {
    id: schedule.id,
    name: schedule.name,
    week: Object.fromEntries(
      Object.entries(schedule.week).map(([day, periods]) => [day, [...periods]]),
    ) as ScheduleView['week'],
    usesProductionCalendar: schedule.usesProductionCalendar,
    isBuiltIn,
    isOverridden,
  };
}

export async function saveSchedule(
  database: Database,
  context: AuthContext,
  input: ScheduleInput,
  origin: RequestOrigin,
): Promise<ScheduleView[]> {
  assertPermission(context, 'sla.manage');
  const tenant = tenantOf(context);
  asValidation('week', () => compileSchedule(input));
  await withTransaction(database.pool, async (client) => {
    await repository.upsertTenantSchedule(client, tenant.id, input);
    await recordAudit(client, {
      tenantId: tenant.id,
      actorUserId: context.userId,
      action: 'sla.schedule_saved',
      objectType: 'schedule',
      objectId: input.id,
      after: input,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  invalidateTimeContexts();
  return listSchedules(database, context);
}

export async function deleteSchedule(
  database: Database,
  context: AuthContext,
  id: string,
  origin: RequestOrigin,
): Promise<void> {
  assertPermission(context, 'sla.manage');
  const tenant = tenantOf(context);
  const policies = await loadPolicies(database.pool, tenant.id);
  if (
    !BUILT_IN_SCHEDULES.some((schedule) => schedule.id === id) &&
    policies.some((policy) => policy.timers.some((timer) => timer.scheduleId === id))
  ) {
    throw new AppError('CONFLICT', `График «${id}» используется в политиках сроков: сначала замените его там.`);
  }
  await withTransaction(database.pool, async (client) => {
    if (!(await repository.deleteTenantSchedule(client, tenant.id, id))) throw notFound('Такого графика нет.');
    await recordAudit(client, {
      tenantId: tenant.id,
      actorUserId: context.userId,
      action: 'sla.schedule_deleted',
      objectType: 'schedule',
      objectId: id,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  invalidateTimeContexts();
}

// ── Policies ────────────────────────────────────────────────────────────────────────────────────────

export async function loadPolicies(database: Queryable, tenantId: string): Promise<SlaPolicy[]> {
  const stored = await repository.listPolicies(database, tenantId);
  if (stored.length === 0) return [...DEFAULT_SLA_POLICIES];
  return stored.map((record) => ({
    name: record.name,
    match: record.match as SlaPolicy['match'],
    timers: record.timers as SlaPolicy['timers'],
    pauseStatuses: record.pauseStatuses as CaseStatus[],
    warningPercent: record.warningPercent,
    escalation: (record.escalation ?? []) as EscalationStep[],
    extension: (record.extension ?? null) as WorkingDuration | null,
  }));
}

export async function getPolicies(database: Database, context: AuthContext): Promise<SlaPolicyList> {
  const tenant = tenantOf(context);
  const isDefault = (await repository.listPolicies(database.pool, tenant.id)).length === 0;
  return { policies: (await loadPolicies(database.pool, tenant.id)) as SlaPolicyInput[], isDefault };
}

export async function savePolicies(
  database: Database,
  context: AuthContext,
  policies: SlaPolicyInput[],
  origin: RequestOrigin,
): Promise<SlaPolicyList> {
  assertPermission(context, 'sla.manage');
  const tenant = tenantOf(context);
  const timeContext = await loadTimeContext(database.pool, tenant);
  for (const [index, policy] of policies.entries()) {
    for (const [timerIndex, timer] of policy.timers.entries()) {
      if (!timeContext.findSchedule(timer.scheduleId)) {
        throw new AppError('VALIDATION_FAILED', `Политика «${policy.name}»: нет графика «${timer.scheduleId}».`, [
          { field: `policies.${index}.timers.${timerIndex}.scheduleId`, message: 'Неизвестный график' },
        ]);
      }
    }
    if (new Set(policy.timers.map((timer) => timer.kind)).size !== policy.timers.length) {
      throw new AppError('VALIDATION_FAILED', `Политика «${policy.name}»: таймер одного вида указан дважды.`, [
        { field: `policies.${index}.timers`, message: 'Повтор вида таймера' },
      ]);
    }
  }
  const last = policies[policies.length - 1];
  if (
    !last ||
    Object.values(last.match).some((value) => (Array.isArray(value) ? value.length > 0 : value !== undefined))
  ) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Последней должна быть политика для всех остальных сообщений (без условий).',
      [{ field: `policies.${policies.length - 1}.match`, message: 'Нужна политика без условий' }],
    );
  }
  const before = await loadPolicies(database.pool, tenant.id);
  policyCache.delete(tenant.id);
  await withTransaction(database.pool, async (client) => {
    await repository.replacePolicies(
      client,
      tenant.id,
      policies.map((policy) => ({ ...policy, extension: policy.extension ?? null })),
    );
    await recordAudit(client, {
      tenantId: tenant.id,
      actorUserId: context.userId,
      action: 'sla.policies_saved',
      objectType: 'sla_policies',
      objectId: tenant.id,
      before,
      after: policies,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return getPolicies(database, context);
}

// ── Timers ──────────────────────────────────────────────────────────────────────────────────────────

export type CaseForTimers = {
  id: string;
  channel: Channel;
  kind: CaseKind;
  category: string | null;
  isFastTrack: boolean;
  receivedAt: Date;
};

/**
 * Starts the timers of new cases by the tenant's first matching policy, in the caller's transaction, and
 * sets each case's due time to its answer (or resolution, or last) timer.
 */
export async function startCaseTimers(
  client: Queryable,
  tenant: { id: string; timezone: string },
  cases: CaseForTimers[],
): Promise<void> {
  if (cases.length === 0) return;
  const context = await loadTimeContext(client, tenant);
  const policies = await loadPolicies(client, tenant.id);
  const rows: Parameters<typeof repository.insertTimers>[2] = [];
  const dueUpdates: Array<{ caseId: string; dueAt: Date }> = [];
  for (const item of cases) {
    const policy = selectPolicy(policies, item);
    const planned = planTimers(policy, item.receivedAt.getTime(), context);
    for (const timer of planned) {
      rows.push({
        caseId: item.id,
        kind: timer.kind,
        policyName: policy.name,
        scheduleId: timer.scheduleId,
        duration: formatWorkingDuration(timer.duration),
        startedAt: new Date(timer.startedAt),
        dueAt: new Date(timer.dueAt),
        warnAt: new Date(timer.warnAt),
      });
    }
    const governing =
      planned.find((timer) => timer.kind === 'answer') ??
      planned.find((timer) => timer.kind === 'resolution') ??
      planned.at(-1);
    if (governing) dueUpdates.push({ caseId: item.id, dueAt: new Date(governing.dueAt) });
  }
  await repository.insertTimers(client, tenant.id, rows);
  for (const update of dueUpdates) await repository.setCaseDueAt(client, tenant.id, update.caseId, update.dueAt);
}

export type PlannedCaseTimer = {
  kind: string;
  policyName: string;
  scheduleId: string;
  duration: string;
  startedAt: Date;
  dueAt: Date;
  warnAt: Date;
};

const policyCache = new Map<string, { policies: SlaPolicy[]; loadedAt: number }>();
const POLICY_CACHE_MILLISECONDS = 30_000;

/**
 * The timers a new case gets (as `startCaseTimers` would write them) and its due time, computed without
 * writing: intake channels insert them in the same statement as the case (the Open311 hot path). The
 * tenant's policies are cached for 30 s in this process (saving policies here clears the cache).
 */
export async function planCaseTimers(
  database: Queryable,
  tenant: { id: string; timezone: string },
  item: Omit<CaseForTimers, 'id'>,
): Promise<{ timers: PlannedCaseTimer[]; dueAt: Date | null }> {
  const context = await loadTimeContext(database, tenant);
  let cached = policyCache.get(tenant.id);
  if (!cached || Date.now() - cached.loadedAt > POLICY_CACHE_MILLISECONDS) {
    cached = {
      policies: await loadOnce(database, `sla-policies:${tenant.id}`, () => loadPolicies(database, tenant.id)),
      loadedAt: Date.now(),
    };
    policyCache.set(tenant.id, cached);
  }
  const policy = selectPolicy(cached.policies, item);
  const planned = planTimers(policy, item.receivedAt.getTime(), context);
  const governing =
    planned.find((timer) => timer.kind === 'answer') ??
    planned.find((timer) => timer.kind === 'resolution') ??
    planned.at(-1);
  return {
    timers: planned.map((timer) => ({
      kind: timer.kind,
      policyName: policy.name,
      scheduleId: timer.scheduleId,
      duration: formatWorkingDuration(timer.duration),
      startedAt: new Date(timer.startedAt),
      dueAt: new Date(timer.dueAt),
      warnAt: new Date(timer.warnAt),
    })),
    dueAt: governing ? new Date(governing.dueAt) : null,
  };
}

function scheduleFor(context: TenantTimeContext, id: string): WorkSchedule {
  const schedule = context.findSchedule(id);
  if (!schedule) throw new AppError('VALIDATION_FAILED', `Нет графика работы «${id}».`);
  return schedule;
}

/** Stops a timer (its step is done); true when it was running. */
export async function stopCaseTimer(
  client: pg.PoolClient,
  tenantId: string,
  caseId: string,
  kind: TimerKind,
  at = new Date(),
): Promise<boolean> {
  const timer = await repository.findTimer(client, tenantId, caseId, kind);
  if (!timer || timer.stoppedAt) return false;
  await repository.updateTimer(client, timer.id, {
    dueAt: timer.dueAt,
    warnAt: timer.warnAt,
    pausedAt: timer.pausedAt,
    stoppedAt: at,
    isExtended: timer.isExtended,
  });
  return true;
}

/** Pauses every running timer of a case (a state its policy names, e.g. waiting for the applicant). */
export async function pauseCaseTimers(
  client: pg.PoolClient,
  tenantId: string,
  caseId: string,
  at = new Date(),
): Promise<number> {
  const timers = await repository.listTimersOfCases(client, [tenantId], [caseId]);
  let paused = 0;
  for (const timer of timers) {
    if (timer.stoppedAt || timer.pausedAt) continue;
    await repository.updateTimer(client, timer.id, { ...timer, pausedAt: at });
    paused += 1;
  }
  return paused;
}

/** Resumes paused timers: the working time each had left at the pause counts again from now. */
export async function resumeCaseTimers(
  client: pg.PoolClient,
  tenant: { id: string; timezone: string },
  caseId: string,
  at = new Date(),
): Promise<number> {
  const context = await loadTimeContext(client, tenant);
  const policies = await loadPolicies(client, tenant.id);
  const timers = await repository.listTimersOfCases(client, [tenant.id], [caseId]);
  let resumed = 0;
  for (const timer of timers) {
    if (timer.stoppedAt || !timer.pausedAt) continue;
    const schedule = scheduleFor(context, timer.scheduleId);
    const dueAt = computeResumedDueAt(
      schedule,
      context,
      new Date(timer.pausedAt).getTime(),
      new Date(timer.dueAt).getTime(),
      at.getTime(),
    );
    const percent = policies.find((policy) => policy.name === timer.policyName)?.warningPercent ?? 75;
    const warnAt = computeWarningTime(schedule, context, new Date(timer.startedAt).getTime(), dueAt, percent);
    await repository.updateTimer(client, timer.id, {
      dueAt: new Date(dueAt),
      warnAt: new Date(Math.max(warnAt, at.getTime())),
      pausedAt: null,
      stoppedAt: null,
      isExtended: timer.isExtended,
    });
    resumed += 1;
  }
  return resumed;
}

/** The extension rule: once per timer, by the policy's extension (59-ФЗ: +30 days). */
export async function extendCaseTimer(
  client: pg.PoolClient,
  tenant: { id: string; timezone: string },
  caseId: string,
  kind: TimerKind,
): Promise<Date> {
  const timer = await repository.findTimer(client, tenant.id, caseId, kind);
  if (!timer || timer.stoppedAt) throw notFound('Нет идущего таймера этого вида.');
  if (timer.isExtended) throw new AppError('CONFLICT', 'Срок уже продлевался: продлить можно один раз.');
  const policies = await loadPolicies(client, tenant.id);
  const policy = policies.find((candidate) => candidate.name === timer.policyName);
  if (!policy?.extension) throw new AppError('CONFLICT', 'Политика этого сообщения не допускает продления срока.');
  const context = await loadTimeContext(client, tenant);
  const schedule = scheduleFor(context, timer.scheduleId);
  const dueAt = computeDeadline(
    schedule,
    context.calendar,
    new Date(timer.dueAt).getTime(),
    policy.extension,
    context.timeZone,
  );
  const warnAt = computeWarningTime(
    schedule,
    context,
    new Date(timer.startedAt).getTime(),
    dueAt,
    policy.warningPercent,
  );
  await repository.updateTimer(client, timer.id, {
    dueAt: new Date(dueAt),
    warnAt: new Date(warnAt),
    pausedAt: timer.pausedAt,
    stoppedAt: null,
    isExtended: true,
  });
  if (kind === 'answer') await repository.setCaseDueAt(client, tenant.id, caseId, new Date(dueAt));
  return new Date(dueAt);
}

function stateOf(timer: repository.TimerRecord, now: number): TimerState {
  if (timer.stoppedAt) return 'stopped';
  if (timer.pausedAt) return 'paused';
  if (new Date(timer.dueAt).getTime() <= now) return 'overdue';
  if (timer.warnAt && new Date(timer.warnAt).getTime() <= now) return 'warning';
  return 'running';
}

/** Timers of cases with their state and working minutes left, for lists and the case card. */
export async function describeCaseTimers(
  database: Queryable,
  tenants: Array<{ id: string; timezone: string }>,
  caseIds: string[],
  now = Date.now(),
): Promise<Map<string, CaseTimer[]>> {
  const timers = await repository.listTimersOfCases(
    database,
    tenants.map((tenant) => tenant.id),
    caseIds,
  );
  const contexts = new Map<string, TenantTimeContext>();
  for (const tenant of tenants) {
    if (timers.some((timer) => timer.tenantId === tenant.id))
      contexts.set(tenant.id, await loadTimeContext(database, tenant));
  }
  const result = new Map<string, CaseTimer[]>();
  for (const timer of timers) {
    const context = contexts.get(timer.tenantId);
    const schedule = context?.findSchedule(timer.scheduleId);
    const state = stateOf(timer, now);
    const left =
      context && schedule && state !== 'stopped'
        ? Math.round(
            computeRemainingWorkingMinutes(
              schedule,
              context.calendar,
              timer.pausedAt ? new Date(timer.pausedAt).getTime() : now,
              new Date(timer.dueAt).getTime(),
              context.timeZone,
            ),
          )
        : null;
    const list = result.get(timer.caseId) ?? [];
    list.push({
      kind: timer.kind as CaseTimerKind,
      policyName: timer.policyName,
      scheduleId: timer.scheduleId,
      duration: timer.duration,
      startedAt: new Date(timer.startedAt).toISOString(),
      dueAt: new Date(timer.dueAt).toISOString(),
      state,
      workingMinutesLeft: left,
      isExtended: timer.isExtended,
      escalationLevel: timer.escalationLevel,
    });
    result.set(timer.caseId, list);
  }
  return result;
}

export async function previewDeadline(
  database: Database,
  context: AuthContext,
  query: { scheduleId: string; start: string; duration: string },
): Promise<{ deadline: string; workingMinutes: number }> {
  const tenant = tenantOf(context);
  const timeContext = await loadTimeContext(database.pool, tenant);
  const schedule = timeContext.findSchedule(query.scheduleId);
  if (!schedule)
    throw new AppError('VALIDATION_FAILED', `Нет графика «${query.scheduleId}».`, [
      { field: 'scheduleId', message: 'Неизвестный график' },
    ]);
  const duration = asValidation('duration', () => parseWorkingDuration(query.duration));
  const start = Date.parse(query.start);
  const deadline = computeDeadline(schedule, timeContext.calendar, start, duration, timeContext.timeZone);
  return {
    deadline: new Date(deadline).toISOString(),
    workingMinutes: Math.round(
      computeRemainingWorkingMinutes(schedule, timeContext.calendar, start, deadline, timeContext.timeZone),
    ),
  };
}

// ── Warnings, breaches and escalations (a job every minute) ─────────────────────────────────────────

export type NotifyPeople = (
  client: pg.PoolClient,
  input: {
    tenantId: string;
    userIds: string[];
    kind: 'sla.warning' | 'sla.breach' | 'sla.escalation';
    title: string;
    body: string;
    caseId: string;
    dedupeKey: string;
    urgency: 'normal' | 'urgent';
  },
) => Promise<void>;

/**
 * Looks at running timers whose warning or due time has come and sends each warning, breach and
 * escalation step once: the event is recorded under a unique key in the same transaction as the
 * notification, so several app processes (or a retried job) never send it twice.
 */
export async function processDueTimers(
  database: Database,
  notify: NotifyPeople,
  now = new Date(),
): Promise<{ warnings: number; breaches: number; escalations: number }> {
  const counts = { warnings: 0, breaches: 0, escalations: 0 };
  const timers = await repository.listTimersNeedingAttention(database.pool, now, 500);
  const tenants = new Map((await listTenants(database.pool)).map((tenant) => [tenant.id, tenant.timezone]));
  for (const timer of timers) {
    const timezone = tenants.get(timer.tenantId);
    if (!timezone) continue;
    const context = await loadTimeContext(database.pool, { id: timer.tenantId, timezone });
    const policies = await loadPolicies(database.pool, timer.tenantId);
    const policy = policies.find((candidate) => candidate.name === timer.policyName);
    const schedule = context.findSchedule(timer.scheduleId);
    await withTransaction(database.pool, async (client) => {
      const facts = await repository.findCaseForEscalation(client, timer.tenantId, timer.caseId);
      if (!facts) return;
      const title = CASE_TIMER_KIND_TITLES[timer.kind as CaseTimerKind] ?? timer.kind;
      const dueText = formatLocal(new Date(timer.dueAt), timezone);
      const send = async (
        event: 'warning' | 'breach' | 'escalation',
        level: number,
        target: EscalationStep['target'],
      ) => {
        if (!(await repository.recordTimerEvent(client, timer, event, level))) return false;
        const userIds = await repository.findEscalationPeople(client, timer.tenantId, target, facts);
        if (userIds.length === 0) return true;
        const kind =
          event === 'warning'
            ? ('sla.warning' as const)
            : event === 'breach'
              ? ('sla.breach' as const)
              : ('sla.escalation' as const);
        const heading =
          event === 'warning'
            ? `Подходит срок: ${title.toLowerCase()} по сообщению № ${facts.number}`
            : event === 'breach'
              ? `Просрочено: ${title.toLowerCase()} по сообщению № ${facts.number}`
              : `Эскалация (уровень ${level}): просрочено сообщение № ${facts.number}`;
        await notify(client, {
          tenantId: timer.tenantId,
          userIds,
          kind,
          title: heading,
          body: `Срок — ${dueText}. ${facts.excerpt}`,
          caseId: facts.id,
          dedupeKey: `timer:${timer.id}:${event}:${level}`,
          urgency: event === 'warning' ? 'normal' : 'urgent',
        });
        return true;
      };
      const dueAt = new Date(timer.dueAt).getTime();
      if (dueAt > now.getTime()) {
        if (await send('warning', 0, 'executor')) counts.warnings += 1;
        return;
      }
      if (await send('breach', 0, 'executor')) counts.breaches += 1;
      if (!policy || !schedule) return;
      for (const [index, step] of policy.escalation.entries()) {
        if (step.after.unit !== 'sameDayBy' && step.after.amount === 0 && step.target === 'executor') continue;
        if (computeEscalationTime(schedule, context, dueAt, step) > now.getTime()) break;
        if (await send('escalation', index + 1, step.target)) counts.escalations += 1;
      }
    });
  }
  return counts;
}

function formatLocal(moment: Date, timezone: string): string {
  return new Intl.DateTimeFormat('ru-RU', {
    timeZone: timezone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(moment);
}

/** States after which no timer of the case may run. */
const FINAL_STATUSES: readonly CaseStatus[] = ['closed', 'rejected'];

/**
 * Brings a case's timers in line with its new state: a final state stops them all, a state the
 * policy names as a pause pauses them, and leaving such a state resumes them. The lifecycle calls it
 * in the transaction of every state change.
 */
export async function syncTimersWithStatus(
  client: pg.PoolClient,
  tenant: { id: string; timezone: string },
  caseId: string,
  status: CaseStatus,
  at = new Date(),
  previousStatus?: CaseStatus,
): Promise<'stopped' | 'paused' | 'resumed' | 'unchanged'> {
  const timers = await repository.listTimersOfCases(client, [tenant.id], [caseId]);
  const running = timers.filter((timer) => !timer.stoppedAt);
  if (running.length === 0) return 'unchanged';
  if (FINAL_STATUSES.includes(status)) {
    for (const timer of running) await stopCaseTimer(client, tenant.id, caseId, timer.kind as TimerKind, at);
    return 'stopped';
  }
  const policies = await loadPolicies(client, tenant.id);
  const policy = policies.find((candidate) => candidate.name === running[0]?.policyName);
  if (policy?.pauseStatuses.includes(status)) {
    return (await pauseCaseTimers(client, tenant.id, caseId, at)) > 0 ? 'paused' : 'unchanged';
  }
  // Resume only what this rule paused: leaving a pause state. A pause the workflow made itself (e.g.
  // «request info from the applicant») is resumed by the workflow.
  if (previousStatus && previousStatus !== status && policy?.pauseStatuses.includes(previousStatus)) {
    return (await resumeCaseTimers(client, tenant, caseId, at)) > 0 ? 'resumed' : 'unchanged';
  }
  return 'unchanged';
}

/** How long a resident has to react to a published answer before it closes by itself (ИМ: 2 working days). */
export const SATISFACTION_WINDOW: WorkingDuration = { unit: 'wd', amount: 2 };

/**
 * Starts (or restarts) one timer of a case: `promise` runs to the promised date, `satisfaction` for the
 * resident's window, anything else for its duration in the case's policy. A restart begins a new cycle:
 * its warnings and escalations are sent again.
 */
export async function startCaseTimer(
  client: pg.PoolClient,
  tenant: { id: string; timezone: string },
  facts: CaseForTimers,
  kind: string,
  options: { at?: Date; dueAt?: Date } = {},
): Promise<Date | null> {
  const at = options.at ?? new Date();
  const context = await loadTimeContext(client, tenant);
  const policy = selectPolicy(await loadPolicies(client, tenant.id), facts);
  const spec = policy.timers.find((timer) => timer.kind === kind);
  let scheduleId = spec?.scheduleId ?? 'mcu';
  let duration: WorkingDuration | undefined = spec?.duration;
  if (kind === 'satisfaction') {
    scheduleId = 'mcu';
    duration = SATISFACTION_WINDOW;
  }
  const schedule = context.findSchedule(scheduleId);
  if (!schedule) return null;
  let dueAt: number;
  if (options.dueAt) dueAt = options.dueAt.getTime();
  else if (duration) dueAt = computeDeadline(schedule, context.calendar, at.getTime(), duration, context.timeZone);
  else return null; // the tenant's policy has no such timer: nothing to start
  const warnAt = computeWarningTime(
    schedule,
    context,
    at.getTime(),
    Math.max(dueAt, at.getTime()),
    policy.warningPercent,
  );
  await repository.upsertTimer(client, tenant.id, {
    caseId: facts.id,
    kind,
    policyName: policy.name,
    scheduleId,
    duration: duration ? formatWorkingDuration(duration) : 'promise',
    startedAt: at,
    dueAt: new Date(dueAt),
    warnAt: new Date(warnAt),
  });
  if (kind === 'answer' || kind === 'resolution')
    await repository.setCaseDueAt(client, tenant.id, facts.id, new Date(dueAt));
  return new Date(dueAt);
}

/** Pauses or resumes one timer kind of a case (a workflow step such as «request info from the applicant»). */
export async function setCaseTimerPaused(
  client: pg.PoolClient,
  tenant: { id: string; timezone: string },
  caseId: string,
  kind: string,
  isPaused: boolean,
  at = new Date(),
): Promise<boolean> {
  const timer = await repository.findTimer(client, tenant.id, caseId, kind);
  if (!timer || timer.stoppedAt || Boolean(timer.pausedAt) === isPaused) return false;
  if (isPaused) {
    await repository.updateTimer(client, timer.id, { ...timer, pausedAt: at });
    return true;
  }
  const context = await loadTimeContext(client, tenant);
  const schedule = scheduleFor(context, timer.scheduleId);
  const dueAt = computeResumedDueAt(
    schedule,
    context,
    new Date(timer.pausedAt ?? at).getTime(),
    new Date(timer.dueAt).getTime(),
    at.getTime(),
  );
  await repository.updateTimer(client, timer.id, {
    dueAt: new Date(dueAt),
    warnAt: timer.warnAt,
    pausedAt: null,
    stoppedAt: null,
    isExtended: timer.isExtended,
  });
  return true;
}

export async function listDueSatisfactionWindows(database: Queryable, now: Date, limit: number) {
  return repository.listDueTimersOfKind(database, 'satisfaction', now, limit);
}

/**
 * A timer of an imported case as planned, before the case has its id (the importer writes it with the case):
 * warnings and breaches already past at the import are recorded as passed.
 */
export type PlannedImportTimer = PlannedCaseTimer & { warnedAt: Date | null; breachedAt: Date | null };

/**
 * Timers of cases imported from history, planned in memory before the cases are written (so the due
 * time goes in with the case, no update per row). A case in a final state gets its planned due time only
 * (for timeliness figures) and no timer rows: nothing is left to control. An open case gets its timers
 * as they would have run from its receipt; a warning or due time already past at the import is recorded
 * as passed (warned_at / breached_at), so the minute job does not notify about years-old history, while
 * the case still shows as overdue.
 */
export async function planImportedCaseTimers(
  client: Queryable,
  tenant: { id: string; timezone: string },
  cases: ReadonlyArray<ImportedCaseForTimers>,
  now = new Date(),
): Promise<Array<{ dueAt: Date | null; timers: PlannedImportTimer[] }>> {
  if (cases.length === 0) return [];
  const plan = await loadImportedCaseTimerPlanner(client, tenant, now);
  return cases.map(plan);
}

export type ImportedCaseForTimers = Omit<CaseForTimers, 'id'> & { isOpen: boolean };

/**
 * The planner of planImportedCaseTimers with the tenant's calendar and policies loaded once, for an
 * importer that plans its cases batch by batch while it reads the file.
 */
export async function loadImportedCaseTimerPlanner(
  client: Queryable,
  tenant: { id: string; timezone: string },
  now = new Date(),
): Promise<(item: ImportedCaseForTimers) => { dueAt: Date | null; timers: PlannedImportTimer[] }> {
  const context = await loadTimeContext(client, tenant);
  const policies = await loadPolicies(client, tenant.id);
  return (item) => {
    const policy = selectPolicy(policies, item);
    const planned = planTimers(policy, item.receivedAt.getTime(), context);
    const governing =
      planned.find((timer) => timer.kind === 'answer') ??
      planned.find((timer) => timer.kind === 'resolution') ??
      planned.at(-1);
    const timers = item.isOpen
      ? planned.map((timer) => ({
          kind: timer.kind,
          policyName: policy.name,
          scheduleId: timer.scheduleId,
          duration: formatWorkingDuration(timer.duration),
          startedAt: new Date(timer.startedAt),
          dueAt: new Date(timer.dueAt),
          warnAt: new Date(timer.warnAt),
          warnedAt: timer.warnAt <= now.getTime() ? new Date(timer.warnAt) : null,
          breachedAt: timer.dueAt <= now.getTime() ? new Date(timer.dueAt) : null,
        }))
      : [];
    return { dueAt: governing ? new Date(governing.dueAt) : null, timers };
  };
}
