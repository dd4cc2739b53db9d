import type { Queryable } from '../../platform/audit.js';
import { toJsonParameter } from '../../platform/db/json-parameter.js';

// SQL of calendars, schedules, SLA policies and case timers.

export async function listEditedCalendarYears(
  database: Queryable,
): Promise<Array<{ year: number; data: unknown; source: string }>> {
  const result = await database.query<{ year: number; data: unknown; source: string }>(
    'select year, data, source from production_calendar_years order by year',
  );
  return result.rows;
}

export async function upsertCalendarYear(
  database: Queryable,
  year: { year: number; data: unknown; source: string; updatedBy: string },
): Promise<void> {
  await database.query(
    `insert into production_calendar_years (year, data, source, updated_by) values ($1, $2, $3, $4)
     on conflict (year) do update set data = excluded.data, source = excluded.source,
       updated_by = excluded.updated_by, updated_at = now()`,
    [year.year, toJsonParameter(year.data), year.source, year.updatedBy],
  );
}

export async function listTenantDaysOff(
  database: Queryable,
  tenantId: string,
): Promise<Array<{ date: string; note: string | null }>> {
  const result = await database.query<{ date: string; note: string | null }>(
    `select to_char(date, 'YYYY-MM-DD') as date, note from tenant_days_off where tenant_id = $1 order by date`,
    [tenantId],
  );
  return result.rows;
}

export async function insertTenantDayOff(
  database: Queryable,
  tenantId: string,
  date: string,
  note: string | null,
): Promise<boolean> {
  const result = await database.query(
    'insert into tenant_days_off (tenant_id, date, note) values ($1, $2, $3) on conflict do nothing',
    [tenantId, date, note],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function deleteTenantDayOff(database: Queryable, tenantId: string, date: string): Promise<boolean> {
  const result = await database.query('delete from tenant_days_off where tenant_id = $1 and date = $2', [
    tenantId,
    date,
  ]);
  return (result.rowCount ?? 0) > 0;
}

export type ScheduleRecord = { id: string; name: string; week: unknown; usesProductionCalendar: boolean };

export async function listTenantSchedules(database: Queryable, tenantId: string): Promise<ScheduleRecord[]> {
  const result = await database.query<ScheduleRecord>(
    `select id, name, week, uses_production_calendar as "usesProductionCalendar" from work_schedules
      where tenant_id = $1 order by id`,
    [tenantId],
  );
  return result.rows;
}

export async function upsertTenantSchedule(
  database: Queryable,
  tenantId: string,
  schedule: ScheduleRecord,
): Promise<void> {
  await database.query(
    `insert into work_schedules (tenant_id, id, name, week, uses_production_calendar) values ($1, $2, $3, $4, $5)
     on conflict (tenant_id, id) do update set name = excluded.name, week = excluded.week,
       uses_production_calendar = excluded.uses_production_calendar, updated_at = now()`,
    [tenantId, schedule.id, schedule.name, toJsonParameter(schedule.week), schedule.usesProductionCalendar],
  );
}

export async function deleteTenantSchedule(database: Queryable, tenantId: string, id: string): Promise<boolean> {
  const result = await database.query('delete from work_schedules where tenant_id = $1 and id = $2', [tenantId, id]);
  return (result.rowCount ?? 0) > 0;
}

export type PolicyRecord = {
  name: string;
  match: unknown;
  timers: unknown;
  pauseStatuses: string[];
  warningPercent: number;
  escalation: unknown;
  extension: unknown;
};

export async function listPolicies(database: Queryable, tenantId: string): Promise<PolicyRecord[]> {
  const result = await database.query<PolicyRecord>(
    `select name, match, timers->'timers' as timers, pause_statuses as "pauseStatuses", warning_percent as "warningPercent",
            timers->'escalation' as escalation, timers->'extension' as extension
       from sla_policies where tenant_id = $1 and is_active order by position`,
    [tenantId],
  );
  return result.rows;
}

export async function replacePolicies(database: Queryable, tenantId: string, policies: PolicyRecord[]): Promise<void> {
  await database.query('delete from sla_policies where tenant_id = $1', [tenantId]);
  for (const [position, policy] of policies.entries()) {
    await database.query(
      `insert into sla_policies (tenant_id, position, name, match, timers, pause_statuses, warning_percent)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        tenantId,
        position,
        policy.name,
        toJsonParameter(policy.match),
        toJsonParameter({ timers: policy.timers, escalation: policy.escalation, extension: policy.extension }),
        policy.pauseStatuses,
        policy.warningPercent,
      ],
    );
  }
}

export type TimerRecord = {
  id: string;
  tenantId: string;
  caseId: string;
  kind: string;
  policyName: string;
  scheduleId: string;
  duration: string;
  startedAt: Date;
  dueAt: Date;
  warnAt: Date | null;
  pausedAt: Date | null;
  stoppedAt: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  escalationLevel: number;
  isExtended: boolean;
};

const TIMER_COLUMNS = `t.id, t.tenant_id as "tenantId", t.case_id as "caseId", t.kind, t.policy_name as "policyName",
  t.schedule_id as "scheduleId", t.duration, t.started_at as "startedAt", t.due_at as "dueAt", t.warn_at as "warnAt",
  t.paused_at as "pausedAt", t.stopped_at as "stoppedAt", t.warned_at as "warnedAt", t.breached_at as "breachedAt",
  t.escalation_level as "escalationLevel", t.is_extended as "isExtended"`;

export async function insertTimers(
  database: Queryable,
  tenantId: string,
  timers: Array<{
    caseId: string;
    kind: string;
    policyName: string;
    scheduleId: string;
    duration: string;
    startedAt: Date;
    dueAt: Date;
    warnAt: Date;
  }>,
): Promise<number> {
  if (timers.length === 0) return 0;
  const result = await database.query(
    `insert into case_timers (tenant_id, case_id, kind, policy_name, schedule_id, duration, started_at, due_at, warn_at)
     select $1, * from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
                              $8::timestamptz[], $9::timestamptz[])
     on conflict (tenant_id, case_id, kind) do nothing`,
    [
      tenantId,
      timers.map((timer) => timer.caseId),
      timers.map((timer) => timer.kind),
      timers.map((timer) => timer.policyName),
      timers.map((timer) => timer.scheduleId),
      timers.map((timer) => timer.duration),
      timers.map((timer) => timer.startedAt),
      timers.map((timer) => timer.dueAt),
      timers.map((timer) => timer.warnAt),
    ],
  );
  return result.rowCount ?? 0;
}

export async function listTimersOfCases(
  database: Queryable,
  tenantIds: string[],
  caseIds: string[],
): Promise<TimerRecord[]> {
  if (caseIds.length === 0) return [];
  const result = await database.query<TimerRecord>(
    `select ${TIMER_COLUMNS} from case_timers t where t.tenant_id = any($1::uuid[]) and t.case_id = any($2::uuid[])
      order by t.due_at`,
    [tenantIds, caseIds],
  );
  return result.rows;
}

export async function findTimer(
  database: Queryable,
  tenantId: string,
  caseId: string,
  kind: string,
): Promise<TimerRecord | undefined> {
  const result = await database.query<TimerRecord>(
    `select ${TIMER_COLUMNS} from case_timers t where t.tenant_id = $1 and t.case_id = $2 and t.kind = $3 for update`,
    [tenantId, caseId, kind],
  );
  return result.rows[0];
}

export async function updateTimer(
  database: Queryable,
  id: string,
  changes: { dueAt: Date; warnAt: Date | null; pausedAt: Date | null; stoppedAt: Date | null; isExtended: boolean },
): Promise<void> {
  await database.query(
    `update case_timers set due_at = $2, warn_at = $3, paused_at = $4, stopped_at = $5, is_extended = $6,
            warned_at = case when $3::timestamptz is distinct from warn_at then null else warned_at end
      where id = $1`,
    [id, changes.dueAt, changes.warnAt, changes.pausedAt, changes.stoppedAt, changes.isExtended],
  );
}

/**
 * Running timers whose warning time or due time has come, or whose breach goes on (escalation steps),
 * new events first; a breach older than 30 days is no longer escalated.
 */
export async function listTimersNeedingAttention(
  database: Queryable,
  now: Date,
  limit: number,
): Promise<TimerRecord[]> {
  const result = await database.query<TimerRecord>(
    `select ${TIMER_COLUMNS} from case_timers t
      where t.stopped_at is null and t.paused_at is null
        and ((t.warned_at is null and t.warn_at <= $1)
             or (t.due_at <= $1 and t.due_at > $1::timestamptz - interval '30 days'))
      order by (t.breached_at is not null), t.due_at
      limit $2`,
    [now, limit],
  );
  return result.rows;
}

/** Records an event of a timer once; true when this call recorded it (so it alone notifies). */
export async function recordTimerEvent(
  database: Queryable,
  timer: { tenantId: string; id: string },
  event: 'warning' | 'breach' | 'escalation',
  level: number,
): Promise<boolean> {
  const result = await database.query(
    `insert into timer_events (tenant_id, timer_id, event, level) values ($1, $2, $3, $4) on conflict do nothing`,
    [timer.tenantId, timer.id, event, level],
  );
  if ((result.rowCount ?? 0) === 0) return false;
  const column = event === 'warning' ? 'warned_at' : event === 'breach' ? 'breached_at' : null;
  if (column)
    await database.query(`update case_timers set ${column} = coalesce(${column}, now()) where id = $1`, [timer.id]);
  if (event === 'escalation') {
    await database.query('update case_timers set escalation_level = greatest(escalation_level, $2) where id = $1', [
      timer.id,
      level,
    ]);
  }
  return true;
}

export type CaseForEscalation = {
  id: string;
  number: string;
  category: string | null;
  executorId: string | null;
  recipientId: string | null;
  channel: string;
  excerpt: string;
};

export async function findCaseForEscalation(
  database: Queryable,
  tenantId: string,
  caseId: string,
): Promise<CaseForEscalation | undefined> {
  const result = await database.query<CaseForEscalation>(
    `select id, number, category, executor_id as "executorId", recipient_id as "recipientId", channel,
            left(text, 160) as excerpt
       from cases where tenant_id = $1 and id = $2`,
    [tenantId, caseId],
  );
  return result.rows[0];
}

/** Who gets an escalation: the executor (or the executors of the case's recipient), block leaders, managers. */
export async function findEscalationPeople(
  database: Queryable,
  tenantId: string,
  target: 'executor' | 'block_leader' | 'manager',
  facts: { executorId: string | null; recipientId: string | null; category: string | null },
): Promise<string[]> {
  let result: { rows: Array<{ id: string }> };
  if (target === 'executor') {
    result = facts.executorId
      ? await database.query('select id from users where id = $1 and is_active', [facts.executorId])
      : await database.query(
          `select u.id from users u join user_roles r on r.user_id = u.id and r.role = 'executor'
            where u.tenant_id = $1 and u.recipient_id = $2 and u.is_active`,
          [tenantId, facts.recipientId],
        );
  } else if (target === 'block_leader') {
    result = await database.query(
      `select distinct b.leader_id as id from blocks b join users u on u.id = b.leader_id
        where b.tenant_id = $1 and b.is_active and u.is_active and b.leader_id is not null and $2 = any(b.topics)`,
      [tenantId, facts.category ?? ''],
    );
  } else {
    result = await database.query(
      `select u.id from users u join user_roles r on r.user_id = u.id and r.role = 'manager'
        where u.tenant_id = $1 and u.is_active`,
      [tenantId],
    );
  }
  return result.rows.map((row) => row.id);
}

export async function setCaseDueAt(
  database: Queryable,
  tenantId: string,
  caseId: string,
  dueAt: Date | null,
): Promise<void> {
  await database.query('update cases set due_at = $3 where tenant_id = $1 and id = $2', [tenantId, caseId, dueAt]);
}

/** Starts a timer, or restarts it as a new cycle (its warnings and escalations may be sent again). */
export async function upsertTimer(
  database: Queryable,
  tenantId: string,
  timer: {
    caseId: string;
    kind: string;
    policyName: string;
    scheduleId: string;
    duration: string;
    startedAt: Date;
    dueAt: Date;
    warnAt: Date;
  },
): Promise<void> {
  await database.query(
    `insert into case_timers (tenant_id, case_id, kind, policy_name, schedule_id, duration, started_at, due_at, warn_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (tenant_id, case_id, kind) do update set
       policy_name = excluded.policy_name, schedule_id = excluded.schedule_id, duration = excluded.duration,
       started_at = excluded.started_at, due_at = excluded.due_at, warn_at = excluded.warn_at, paused_at = null,
       paused_minutes = 0, stopped_at = null, warned_at = null, breached_at = null, escalation_level = 0`,
    [
      tenantId,
      timer.caseId,
      timer.kind,
      timer.policyName,
      timer.scheduleId,
      timer.duration,
      timer.startedAt,
      timer.dueAt,
      timer.warnAt,
    ],
  );
  await database.query(
    `delete from timer_events e using case_timers t
      where t.tenant_id = $1 and t.case_id = $2 and t.kind = $3 and e.tenant_id = t.tenant_id and e.timer_id = t.id`,
    [tenantId, timer.caseId, timer.kind],
  );
}

/** Running, unpaused timers of one kind whose due time has come (e.g. resident windows to close). */
export async function listDueTimersOfKind(
  database: Queryable,
  kind: string,
  now: Date,
  limit: number,
): Promise<Array<{ tenantId: string; caseId: string }>> {
  const result = await database.query<{ tenantId: string; caseId: string }>(
    `select t.tenant_id as "tenantId", t.case_id as "caseId" from case_timers t
      where t.kind = $1 and t.stopped_at is null and t.paused_at is null and t.due_at <= $2
      order by t.due_at limit $3`,
    [kind, now, limit],
  );
  return result.rows;
}
