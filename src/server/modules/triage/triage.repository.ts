import type { Queryable } from '../../platform/audit.js';
import { toJsonParameter } from '../../platform/db/json-parameter.js';

// SQL of the classifier's stored models, its settings and what it reads of cases; no business rules.

export type TrainingCaseRow = {
  id: string;
  text: string;
  channel: string;
  district: string | null;
  address: string | null;
  category: string | null;
  subcategory: string | null;
  recipientId: string | null;
  receivedAt: Date;
};

/** Statuses whose cases carry labels a person has settled (answered or closed). */
export const TRAINING_STATUSES = ['answered', 'closed'] as const;

/** The tenant's answered and closed cases with at least a category or a recipient, oldest first (latest `limit`). */
export async function listTrainingCases(
  database: Queryable,
  tenantId: string,
  limit: number,
): Promise<TrainingCaseRow[]> {
  const result = await database.query<TrainingCaseRow>(
    `select * from (
       select id, text, channel, district, address, category, subcategory, recipient_id as "recipientId",
              received_at as "receivedAt"
         from cases
        where tenant_id = $1 and status = any($2::text[]) and (category is not null or recipient_id is not null)
        order by received_at desc, id desc
        limit $3
     ) latest order by "receivedAt", id`,
    [tenantId, TRAINING_STATUSES, limit],
  );
  return result.rows;
}

/** How many cases training would read and when the latest of them last changed. */
export async function describeTrainingCases(
  database: Queryable,
  tenantId: string,
): Promise<{ count: number; lastChangedAt: Date | null }> {
  const result = await database.query<{ count: number; lastChangedAt: Date | null }>(
    `select count(*)::int as count, max(updated_at) as "lastChangedAt" from cases
      where tenant_id = $1 and status = any($2::text[]) and (category is not null or recipient_id is not null)`,
    [tenantId, TRAINING_STATUSES],
  );
  return result.rows[0] ?? { count: 0, lastChangedAt: null };
}

export type ModelRecord = {
  id: string;
  version: number;
  status: 'active' | 'rejected' | 'superseded';
  trigger: 'schedule' | 'manual';
  triggeredByName: string | null;
  createdAt: Date;
  activatedAt: Date | null;
  trainedOn: number;
  heldOut: number;
  trainedUntil: Date | null;
  heldOutFrom: Date | null;
  metrics: Record<string, unknown>;
  score: number;
  comparedWith: Record<string, unknown> | null;
  decision: string;
  trainSeconds: number;
  modelBytes: number;
};

const MODEL_COLUMNS = `m.id, m.version, m.status, m.trigger, u.full_name as "triggeredByName", m.created_at as "createdAt",
  m.activated_at as "activatedAt", m.trained_on as "trainedOn", m.held_out as "heldOut",
  m.trained_until as "trainedUntil", m.held_out_from as "heldOutFrom", m.metrics, m.score,
  m.compared_with as "comparedWith", m.decision, m.train_seconds as "trainSeconds", m.model_bytes as "modelBytes"`;

export async function listModels(database: Queryable, tenantId: string): Promise<ModelRecord[]> {
  const result = await database.query<ModelRecord>(
    `select ${MODEL_COLUMNS} from triage_models m left join users u on u.id = m.triggered_by
      where m.tenant_id = $1 order by m.version desc`,
    [tenantId],
  );
  return result.rows;
}

export async function findModel(database: Queryable, tenantId: string, id: string): Promise<ModelRecord | undefined> {
  const result = await database.query<ModelRecord>(
    `select ${MODEL_COLUMNS} from triage_models m left join users u on u.id = m.triggered_by
      where m.tenant_id = $1 and m.id = $2`,
    [tenantId, id],
  );
  return result.rows[0];
}

export async function findActiveModelId(
  database: Queryable,
  tenantId: string,
): Promise<{ id: string; version: number; createdAt: Date } | undefined> {
  const result = await database.query<{ id: string; version: number; createdAt: Date }>(
    `select id, version, created_at as "createdAt" from triage_models where tenant_id = $1 and status = 'active'`,
    [tenantId],
  );
  return result.rows[0];
}

export async function readModelBytes(database: Queryable, tenantId: string, id: string): Promise<Buffer | undefined> {
  const result = await database.query<{ model: Buffer }>(
    'select model from triage_models where tenant_id = $1 and id = $2',
    [tenantId, id],
  );
  return result.rows[0]?.model;
}

/** When the tenant's latest model (of any status) was trained. */
export async function findLatestModelTime(database: Queryable, tenantId: string): Promise<Date | null> {
  const result = await database.query<{ createdAt: Date | null }>(
    'select max(created_at) as "createdAt" from triage_models where tenant_id = $1',
    [tenantId],
  );
  return result.rows[0]?.createdAt ?? null;
}

/** One writer of a tenant's model versions at a time (held to the end of the caller's transaction). */
export async function lockTenantModels(database: Queryable, tenantId: string): Promise<void> {
  await database.query("select pg_advisory_xact_lock(hashtext('triage_models:' || $1::text))", [tenantId]);
}

export async function nextModelVersion(database: Queryable, tenantId: string): Promise<number> {
  const result = await database.query<{ version: number }>(
    'select coalesce(max(version), 0)::int + 1 as version from triage_models where tenant_id = $1',
    [tenantId],
  );
  return result.rows[0]?.version ?? 1;
}

export async function supersedeActiveModel(database: Queryable, tenantId: string): Promise<void> {
  await database.query("update triage_models set status = 'superseded' where tenant_id = $1 and status = 'active'", [
    tenantId,
  ]);
}

export async function insertModel(
  database: Queryable,
  model: {
    tenantId: string;
    version: number;
    status: 'active' | 'rejected';
    trigger: 'schedule' | 'manual';
    triggeredBy: string | null;
    trainedOn: number;
    heldOut: number;
    trainedUntil: Date | null;
    heldOutFrom: Date | null;
    metrics: unknown;
    score: number;
    comparedWith: unknown;
    decision: string;
    trainSeconds: number;
    model: Buffer;
  },
): Promise<string> {
  const result = await database.query<{ id: string }>(
    `insert into triage_models (tenant_id, version, status, trigger, triggered_by, activated_at, trained_on, held_out,
       trained_until, held_out_from, metrics, score, compared_with, decision, train_seconds, model_bytes, model)
     values ($1, $2, $3, $4, $5, case when $3 = 'active' then now() end, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     returning id`,
    [
      model.tenantId,
      model.version,
      model.status,
      model.trigger,
      model.triggeredBy,
      model.trainedOn,
      model.heldOut,
      model.trainedUntil,
      model.heldOutFrom,
      toJsonParameter(model.metrics),
      model.score,
      model.comparedWith === null ? null : toJsonParameter(model.comparedWith),
      model.decision,
      model.trainSeconds,
      model.model.length,
      model.model,
    ],
  );
  const id = result.rows[0]?.id;
  if (!id) throw new Error('insertModel: no id returned');
  return id;
}

export async function findAutoApplyThreshold(database: Queryable, tenantId: string): Promise<number | null> {
  const result = await database.query<{ threshold: number | null }>(
    'select auto_apply_threshold as threshold from triage_settings where tenant_id = $1',
    [tenantId],
  );
  return result.rows[0]?.threshold ?? null;
}

export async function saveAutoApplyThreshold(
  database: Queryable,
  tenantId: string,
  threshold: number | null,
  userId: string | null,
): Promise<void> {
  await database.query(
    `insert into triage_settings (tenant_id, auto_apply_threshold, updated_by, updated_at) values ($1, $2, $3, now())
     on conflict (tenant_id) do update set auto_apply_threshold = excluded.auto_apply_threshold,
       updated_by = excluded.updated_by, updated_at = now()`,
    [tenantId, threshold, userId],
  );
}

export type CaseForSuggestion = {
  id: string;
  tenantId: string;
  text: string;
  channel: string;
  district: string | null;
  address: string | null;
  category: string | null;
  subcategory: string | null;
  recipientId: string | null;
  executorId: string | null;
  status: string;
  version: number;
};

export async function findCaseForSuggestion(
  database: Queryable,
  tenantId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<CaseForSuggestion | undefined> {
  const result = await database.query<CaseForSuggestion>(
    `select id, tenant_id as "tenantId", text, channel, district, address, category, subcategory,
            recipient_id as "recipientId", executor_id as "executorId", status, version
       from cases where tenant_id = $1 and id = $2${options.forUpdate ? ' for update' : ''}`,
    [tenantId, id],
  );
  return result.rows[0];
}

/** Names of the tenant's recipients among `ids` (a deleted or foreign one is absent). */
export async function findRecipientNames(
  database: Queryable,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const valid = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  if (valid.length === 0) return new Map();
  const result = await database.query<{ id: string; name: string }>(
    'select id, name from recipients where tenant_id = $1 and id = any($2::uuid[])',
    [tenantId, valid],
  );
  return new Map(result.rows.map((row) => [row.id, row.name]));
}

/** Sets one classified field of a case and moves its version on (the caller holds the row lock). */
export async function updateCaseClassification(
  database: Queryable,
  tenantId: string,
  id: string,
  change: { category?: string; subcategory?: string; recipientId?: string },
): Promise<number> {
  const result = await database.query<{ version: number }>(
    `update cases set
       category = case when $3::boolean then $4 else category end,
       subcategory = case when $5::boolean then $6 else subcategory end,
       recipient_id = case when $7::boolean then $8::uuid else recipient_id end,
       version = version + 1, updated_at = now()
     where tenant_id = $1 and id = $2 returning version`,
    [
      tenantId,
      id,
      change.category !== undefined,
      change.category ?? null,
      change.subcategory !== undefined,
      change.subcategory ?? null,
      change.recipientId !== undefined,
      change.recipientId ?? null,
    ],
  );
  return result.rows[0]?.version ?? 0;
}
