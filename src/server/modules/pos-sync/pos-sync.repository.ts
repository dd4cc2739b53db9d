import type { Queryable } from '../../platform/audit.js';
import { toJsonParameter } from '../../platform/db/json-parameter.js';
import { foldCaseSql } from '../../platform/db/text-search.js';

export type PosSettingsRow = {
  tenantId: string;
  timezone: string;
  baseUrl: string;
  login: string;
  password: string;
  scope: string;
  isEnabled: boolean;
  cursor: string | null;
  lastRunAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastSummary: Record<string, unknown>;
};

const SETTINGS_COLUMNS = `s.tenant_id as "tenantId", t.timezone, s.base_url as "baseUrl", s.login, s.password, s.scope,
  s.is_enabled as "isEnabled", s.cursor, s.last_run_at as "lastRunAt", s.last_success_at as "lastSuccessAt",
  s.last_error as "lastError", s.last_summary as "lastSummary"`;

export async function findSettings(database: Queryable, tenantId: string): Promise<PosSettingsRow | undefined> {
  const result = await database.query<PosSettingsRow>(
    `select ${SETTINGS_COLUMNS} from pos_sync_settings s join tenants t on t.id = s.tenant_id where s.tenant_id = $1`,
    [tenantId],
  );
  return result.rows[0];
}

export async function listEnabledSettings(database: Queryable): Promise<PosSettingsRow[]> {
  const result = await database.query<PosSettingsRow>(
    `select ${SETTINGS_COLUMNS} from pos_sync_settings s join tenants t on t.id = s.tenant_id where s.is_enabled`,
  );
  return result.rows;
}

export async function saveSettings(
  database: Queryable,
  tenantId: string,
  settings: { baseUrl: string; login: string; password: string | null; scope: string; isEnabled: boolean },
): Promise<void> {
  await database.query(
    `insert into pos_sync_settings (tenant_id, base_url, login, password, scope, is_enabled)
     values ($1, $2, $3, coalesce($4, ''), $5, $6)
     on conflict (tenant_id) do update set base_url = excluded.base_url, login = excluded.login,
       password = coalesce($4, pos_sync_settings.password), scope = excluded.scope,
       is_enabled = excluded.is_enabled, updated_at = now()`,
    [tenantId, settings.baseUrl, settings.login, settings.password, settings.scope, settings.isEnabled],
  );
}

export async function recordRun(
  database: Queryable,
  tenantId: string,
  run: { at: Date; error: string | null; summary: Record<string, unknown>; cursor: string | null },
): Promise<void> {
  await database.query(
    `update pos_sync_settings set last_run_at = $2, last_error = $3, last_summary = $4,
       last_success_at = case when $3::text is null then $2 else last_success_at end,
       cursor = coalesce($5, cursor)
     where tenant_id = $1`,
    [tenantId, run.at, run.error, toJsonParameter(run.summary), run.cursor],
  );
}

export type PosAppealRow = {
  caseId: string;
  status: string;
  platformUpdatedAt: string | null;
  history: Array<{ status: string; at: string }>;
};

export async function findPosAppeal(
  database: Queryable,
  tenantId: string,
  externalId: string,
): Promise<PosAppealRow | undefined> {
  const result = await database.query<PosAppealRow>(
    `select case_id as "caseId", status, platform_updated_at as "platformUpdatedAt", history
       from pos_appeals where tenant_id = $1 and external_id = $2 for update`,
    [tenantId, externalId],
  );
  return result.rows[0];
}

export async function savePosAppeal(
  database: Queryable,
  tenantId: string,
  appeal: {
    externalId: string;
    caseId: string;
    status: string;
    statusAt: string | null;
    answerAt: string | null;
    history: unknown[];
    platformUpdatedAt: string | null;
  },
): Promise<void> {
  await database.query(
    `insert into pos_appeals (tenant_id, external_id, case_id, status, status_at, answer_at, history, platform_updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (tenant_id, external_id) do update set status = excluded.status, status_at = excluded.status_at,
       answer_at = excluded.answer_at, history = excluded.history, platform_updated_at = excluded.platform_updated_at,
       synced_at = now()`,
    [
      tenantId,
      appeal.externalId,
      appeal.caseId,
      appeal.status,
      appeal.statusAt,
      appeal.answerAt,
      toJsonParameter(appeal.history),
      appeal.platformUpdatedAt,
    ],
  );
}

/** The state of the case (for deciding an inward step), read in the appeal's transaction. */
export async function findCaseState(
  database: Queryable,
  tenantId: string,
  caseId: string,
): Promise<{ state: string | null; workflowId: string | null } | undefined> {
  const result = await database.query<{ state: string | null; workflowId: string | null }>(
    'select state, workflow_id as "workflowId" from cases where tenant_id = $1 and id = $2',
    [tenantId, caseId],
  );
  return result.rows[0];
}

export async function insertOutbox(
  database: Queryable,
  row: { tenantId: string; caseId: string; externalId: string; operation: string; payload: Record<string, unknown> },
): Promise<void> {
  await database.query(
    `insert into pos_outbox (tenant_id, case_id, external_id, operation, payload) values ($1, $2, $3, $4, $5)`,
    [row.tenantId, row.caseId, row.externalId, row.operation, toJsonParameter(row.payload)],
  );
}

export type OutboxRow = {
  tenantId: string;
  id: number;
  caseId: string;
  externalId: string;
  operation: string;
  payload: Record<string, unknown>;
  attempts: number;
};

/**
 * Takes due rows (SKIP LOCKED, then leased by moving next_attempt_at): a row waits while an older row of
 * the same case is still pending, so the platform sees a case's steps in order.
 */
export async function claimDueOutbox(
  database: Queryable,
  tenantId: string,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<OutboxRow[]> {
  const result = await database.query<OutboxRow>(
    `with due as (
       select o.tenant_id, o.id from pos_outbox o
        where o.tenant_id = $1 and o.status = 'pending' and o.next_attempt_at <= $2
          and not exists (select 1 from pos_outbox p where p.tenant_id = o.tenant_id and p.case_id = o.case_id
                            and p.status = 'pending' and p.id < o.id)
        order by o.id limit $4 for update skip locked
     )
     update pos_outbox o set next_attempt_at = $3 from due
      where o.tenant_id = due.tenant_id and o.id = due.id
     returning o.tenant_id as "tenantId", o.id, o.case_id as "caseId", o.external_id as "externalId", o.operation,
               o.payload, o.attempts`,
    [tenantId, now, leaseUntil, limit],
  );
  return result.rows.sort((a, b) => a.id - b.id);
}

export async function markOutboxSent(database: Queryable, tenantId: string, id: number, at: Date): Promise<void> {
  await database.query(
    `update pos_outbox set status = 'sent', sent_at = $3, attempts = attempts + 1, last_error = null
      where tenant_id = $1 and id = $2`,
    [tenantId, id, at],
  );
}

export async function markOutboxFailure(
  database: Queryable,
  tenantId: string,
  id: number,
  failure: { error: string; nextAttemptAt: Date | null },
): Promise<void> {
  await database.query(
    `update pos_outbox set attempts = attempts + 1, last_error = $3,
       status = case when $4::timestamptz is null then 'failed' else 'pending' end,
       next_attempt_at = coalesce($4::timestamptz, next_attempt_at)
      where tenant_id = $1 and id = $2`,
    [tenantId, id, failure.error.slice(0, 1000), failure.nextAttemptAt],
  );
}

export async function countOutbox(
  database: Queryable,
  tenantId: string,
): Promise<{ pending: number; sent: number; failed: number }> {
  const result = await database.query<{ pending: number; sent: number; failed: number }>(
    `select count(*) filter (where status = 'pending')::int as pending, count(*) filter (where status = 'sent')::int as sent,
            count(*) filter (where status = 'failed')::int as failed
       from pos_outbox where tenant_id = $1`,
    [tenantId],
  );
  return result.rows[0] ?? { pending: 0, sent: 0, failed: 0 };
}

export async function listRecentFailures(database: Queryable, tenantId: string) {
  const result = await database.query<{
    id: number;
    caseId: string;
    operation: string;
    attempts: number;
    lastError: string | null;
  }>(
    `select id, case_id as "caseId", operation, attempts, last_error as "lastError" from pos_outbox
      where tenant_id = $1 and last_error is not null and status <> 'sent' order by id desc limit 20`,
    [tenantId],
  );
  return result.rows;
}

export async function findPosCaseId(database: Queryable, tenantId: string, externalId: string): Promise<string | null> {
  const result = await database.query<{ id: string }>(
    `select id from cases where tenant_id = $1 and channel = 'pos' and external_id = $2`,
    [tenantId, externalId],
  );
  return result.rows[0]?.id ?? null;
}

/** The ПОС appeal a case is linked with (its own, or one we registered for it), if any. */
export async function findPosLinkOfCase(
  database: Queryable,
  tenantId: string,
  caseId: string,
): Promise<{ externalId: string; status: string } | undefined> {
  const result = await database.query<{ externalId: string; status: string }>(
    'select external_id as "externalId", status from pos_appeals where tenant_id = $1 and case_id = $2',
    [tenantId, caseId],
  );
  return result.rows[0];
}

/** Whether registering the case on the platform is waiting in the outbox. */
export async function hasPendingCreate(database: Queryable, tenantId: string, caseId: string): Promise<boolean> {
  const result = await database.query(
    `select 1 from pos_outbox where tenant_id = $1 and case_id = $2 and operation = 'CREATE_APPEAL'
        and status = 'pending' limit 1`,
    [tenantId, caseId],
  );
  return (result.rowCount ?? 0) > 0;
}

/** The latest request to register the case on the platform (the outbox row), if any. */
export async function findLatestCreate(
  database: Queryable,
  tenantId: string,
  caseId: string,
): Promise<{ status: 'pending' | 'sent' | 'failed'; lastError: string | null } | undefined> {
  const result = await database.query<{ status: 'pending' | 'sent' | 'failed'; lastError: string | null }>(
    `select status, last_error as "lastError" from pos_outbox
      where tenant_id = $1 and case_id = $2 and operation = 'CREATE_APPEAL' order by id desc limit 1`,
    [tenantId, caseId],
  );
  return result.rows[0];
}

export type CaseForPos = {
  id: string;
  number: string;
  channel: string;
  kind: string;
  text: string;
  category: string | null;
  subcategory: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  applicantName: string | null;
  applicantPhone: string | null;
  applicantEmail: string | null;
  receivedAt: Date;
};

/** What registering a case on the platform sends (the case of the tenant, or nothing). */
export async function findCaseForPos(
  database: Queryable,
  tenantId: string,
  caseId: string,
): Promise<CaseForPos | undefined> {
  const result = await database.query<CaseForPos>(
    `select id, number, channel, kind, text, category, subcategory, address, latitude, longitude,
            applicant_name as "applicantName", applicant_phone as "applicantPhone",
            applicant_email as "applicantEmail", received_at as "receivedAt"
       from cases where tenant_id = $1 and id = $2`,
    [tenantId, caseId],
  );
  return result.rows[0];
}

/** A case of the tenant by id (an appeal the platform lists with our reference); null for anything else. */
export async function findCaseIdOfTenant(database: Queryable, tenantId: string, id: string): Promise<string | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const result = await database.query<{ id: string }>('select id from cases where tenant_id = $1 and id = $2', [
    tenantId,
    id,
  ]);
  return result.rows[0]?.id ?? null;
}

/**
 * The platform's subject (category) and subsubject codes for a case's category and subcategory, by name in
 * the tenant's `pos` rubricator (filled by the sync from the platform's lists); null where none matches.
 */
export async function findPosSubjectCodes(
  database: Queryable,
  tenantId: string,
  category: string | null,
  subcategory: string | null,
): Promise<{ subjectId: string | null; subsubjectId: string | null }> {
  if (!category) return { subjectId: null, subsubjectId: null };
  const result = await database.query<{ level: number; code: string; parentCode: string | null }>(
    `select i.level, i.code, p.code as "parentCode"
       from rubricators r
       join rubricator_items i on i.tenant_id = r.tenant_id and i.rubricator_id = r.id
       left join rubricator_items p on p.tenant_id = i.tenant_id and p.id = i.parent_id
      where r.tenant_id = $1 and r.code = 'pos' and i.is_active
        and ((i.level = 1 and ${foldCaseSql('i.name')} = ${foldCaseSql('$2')})
          or (i.level = 2 and ${foldCaseSql('i.name')} = ${foldCaseSql('$3')} and ${foldCaseSql('p.name')} = ${foldCaseSql('$2')}))
      order by i.level, i.code`,
    [tenantId, category, subcategory ?? ''],
  );
  const subject = result.rows.find((row) => row.level === 1);
  const subsubject = result.rows.find((row) => row.level === 2);
  return {
    subjectId: subject?.code ?? null,
    subsubjectId: subsubject ? (subsubject.code.split('.').at(-1) ?? null) : null,
  };
}
