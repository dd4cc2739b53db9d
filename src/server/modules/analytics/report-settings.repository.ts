import type { Queryable } from '../../platform/audit.js';
import { toJsonParameter } from '../../platform/db/json-parameter.js';

// ---- the weekly note's schedule ----

export type ReportScheduleRow = {
  tenantId: string;
  weekday: number;
  localTime: string;
  timezone: string;
  isEnabled: boolean;
  subscriberEmails: string[];
  updatedAt: Date;
};

const SCHEDULE_COLUMNS = `tenant_id as "tenantId", weekday, local_time as "localTime", timezone,
  is_enabled as "isEnabled", subscriber_emails as "subscriberEmails", updated_at as "updatedAt"`;

export async function findSchedule(database: Queryable, tenantId: string): Promise<ReportScheduleRow | undefined> {
  const result = await database.query<ReportScheduleRow>(
    `select ${SCHEDULE_COLUMNS} from report_schedules where tenant_id = $1`,
    [tenantId],
  );
  return result.rows[0];
}

export async function listSchedules(database: Queryable): Promise<ReportScheduleRow[]> {
  const result = await database.query<ReportScheduleRow>(`select ${SCHEDULE_COLUMNS} from report_schedules`);
  return result.rows;
}

/** Saves (inserts or replaces) the tenant's schedule. */
export async function saveSchedule(
  database: Queryable,
  row: Omit<ReportScheduleRow, 'updatedAt'>,
  userId: string,
): Promise<void> {
  await database.query(
    `insert into report_schedules (tenant_id, weekday, local_time, timezone, is_enabled, subscriber_emails, updated_by)
     values ($1, $2, $3, $4, $5, $6::text[], $7)
     on conflict (tenant_id) do update set weekday = excluded.weekday, local_time = excluded.local_time,
        timezone = excluded.timezone, is_enabled = excluded.is_enabled,
        subscriber_emails = excluded.subscriber_emails, updated_by = excluded.updated_by, updated_at = now()`,
    [row.tenantId, row.weekday, row.localTime, row.timezone, row.isEnabled, row.subscriberEmails, userId],
  );
}

export type SubscriberRow = { userId: string; fullName: string; login: string; hasEmail: boolean };

export async function listSubscriberPeople(database: Queryable, tenantId: string): Promise<SubscriberRow[]> {
  const result = await database.query<SubscriberRow>(
    `select u.id as "userId", u.full_name as "fullName", u.login,
            (coalesce(trim(u.email), '') <> '') as "hasEmail"
       from analytics_subscriptions s join users u on u.id = s.user_id
      where s.tenant_id = $1 and u.is_active order by u.full_name`,
    [tenantId],
  );
  return result.rows;
}

/** The active people of the tenant among `userIds` (the others are no one to subscribe). */
export async function findActivePeople(database: Queryable, tenantId: string, userIds: string[]): Promise<string[]> {
  const result = await database.query<{ id: string }>(
    'select id from users where tenant_id = $1 and is_active and id = any($2::uuid[])',
    [tenantId, userIds],
  );
  return result.rows.map((row) => row.id);
}

export async function replaceSubscribers(database: Queryable, tenantId: string, userIds: string[]): Promise<void> {
  await database.query('delete from analytics_subscriptions where tenant_id = $1 and not (user_id = any($2::uuid[]))', [
    tenantId,
    userIds,
  ]);
  await database.query(
    `insert into analytics_subscriptions (tenant_id, user_id) select $1, unnest($2::uuid[]) on conflict do nothing`,
    [tenantId, userIds],
  );
}

// ---- claims: one generation per tenant, kind and period ----

export type ReportRunRow = { period: string; status: 'running' | 'done' | 'failed'; startedAt: Date };

/**
 * Takes the claim to make the report of this period: true for exactly one caller however many processes try.
 * A failed run, or a «running» one older than `staleBefore` (its process died), may be taken again.
 */
export async function claimReportRun(
  database: Queryable,
  claim: { tenantId: string; kind: 'weekly' | 'kpi'; period: string; staleBefore: Date },
): Promise<boolean> {
  const result = await database.query(
    `insert into report_runs (tenant_id, kind, period, status) values ($1, $2, $3, 'running')
     on conflict (tenant_id, kind, period) do update set status = 'running', started_at = now(), finished_at = null,
        error = null
      where report_runs.status = 'failed' or (report_runs.status = 'running' and report_runs.started_at < $4)
     returning 1`,
    [claim.tenantId, claim.kind, claim.period, claim.staleBefore.toISOString()],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function finishReportRun(
  database: Queryable,
  run: { tenantId: string; kind: 'weekly' | 'kpi'; period: string; error: string | null },
): Promise<void> {
  await database.query(
    `update report_runs set status = $4, finished_at = now(), error = $5
      where tenant_id = $1 and kind = $2 and period = $3`,
    [run.tenantId, run.kind, run.period, run.error === null ? 'done' : 'failed', run.error?.slice(0, 2000) ?? null],
  );
}

export async function listReportRuns(
  database: Queryable,
  tenantId: string,
  kind: 'weekly' | 'kpi',
  limit: number,
): Promise<ReportRunRow[]> {
  const result = await database.query<ReportRunRow>(
    `select period, status, started_at as "startedAt" from report_runs where tenant_id = $1 and kind = $2
      order by period desc limit $3`,
    [tenantId, kind, limit],
  );
  return result.rows;
}

// ---- KPI definitions, versioned ----

export type KpiVersionRow = {
  tenantId: string;
  version: number;
  definitions: unknown;
  comment: string | null;
  createdBy: string | null;
  createdAt: Date;
};

export async function findLatestKpiVersion(database: Queryable, tenantId: string): Promise<KpiVersionRow | undefined> {
  const result = await database.query<KpiVersionRow>(
    `select v.tenant_id as "tenantId", v.version, v.definitions, v.comment, u.full_name as "createdBy",
            v.created_at as "createdAt"
       from kpi_definition_versions v left join users u on u.id = v.created_by
      where v.tenant_id = $1 order by v.version desc limit 1`,
    [tenantId],
  );
  return result.rows[0];
}

/** One version of the tenant's definitions; undefined when the tenant has no such version. */
export async function findKpiVersion(
  database: Queryable,
  tenantId: string,
  version: number,
): Promise<KpiVersionRow | undefined> {
  const result = await database.query<KpiVersionRow>(
    `select v.tenant_id as "tenantId", v.version, v.definitions, v.comment, u.full_name as "createdBy",
            v.created_at as "createdAt"
       from kpi_definition_versions v left join users u on u.id = v.created_by
      where v.tenant_id = $1 and v.version = $2`,
    [tenantId, version],
  );
  return result.rows[0];
}

export async function listKpiVersions(
  database: Queryable,
  tenantId: string,
): Promise<Array<Omit<KpiVersionRow, 'definitions'> & { count: number }>> {
  const result = await database.query<Omit<KpiVersionRow, 'definitions'> & { count: number }>(
    `select v.tenant_id as "tenantId", v.version, v.comment, u.full_name as "createdBy", v.created_at as "createdAt",
            jsonb_array_length(v.definitions)::int as count
       from kpi_definition_versions v left join users u on u.id = v.created_by
      where v.tenant_id = $1 order by v.version desc limit 50`,
    [tenantId],
  );
  return result.rows;
}

/**
 * Adds the next version. Two concurrent saves both compute the same number; the primary key lets one in and
 * the other gets a unique violation (the service reports a conflict), never two versions with one number.
 */
export async function insertKpiVersion(
  database: Queryable,
  row: { tenantId: string; definitions: unknown; comment: string | null; userId: string },
): Promise<number> {
  const result = await database.query<{ version: number }>(
    `insert into kpi_definition_versions (tenant_id, version, definitions, comment, created_by)
     select $1, coalesce(max(version), 0) + 1, $2::jsonb, $3, $4 from kpi_definition_versions where tenant_id = $1
     returning version`,
    [row.tenantId, toJsonParameter(row.definitions), row.comment, row.userId],
  );
  const version = result.rows[0]?.version;
  if (version === undefined) throw new Error('KPI version not saved');
  return version;
}
