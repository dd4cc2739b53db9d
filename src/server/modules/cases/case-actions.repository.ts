import type { Queryable } from '../../platform/audit.js';
import { toJsonParameter } from '../../platform/db/json-parameter.js';

export type LifecycleRow = {
  id: string;
  tenantId: string;
  timezone: string;
  number: string;
  channel: string;
  kind: string;
  externalId: string;
  status: string;
  workflowId: string | null;
  state: string | null;
  category: string | null;
  executorId: string | null;
  recipientId: string | null;
  result: string | null;
  rating: number | null;
  reopenCount: number;
  lifecycle: Record<string, unknown>;
  isFastTrack: boolean;
  receivedAt: Date;
  version: number;
};

/** Locks the case row for the action's transaction (concurrent actions on one case queue up). */
export async function lockCase(
  database: Queryable,
  tenantIds: string[],
  id: string,
): Promise<LifecycleRow | undefined> {
  const result = await database.query<LifecycleRow>(
    `select c.id, c.tenant_id as "tenantId", t.timezone, c.number, c.channel, c.kind, c.external_id as "externalId", c.status,
            c.workflow_id as "workflowId", c.state, c.category, c.executor_id as "executorId", c.recipient_id as "recipientId", c.result, c.rating,
            c.reopen_count as "reopenCount", c.lifecycle, c.is_fast_track as "isFastTrack", c.received_at as "receivedAt",
            c.version
       from cases c join tenants t on t.id = c.tenant_id
      where c.tenant_id = any($1::uuid[]) and c.id = $2
      for update of c`,
    [tenantIds, id],
  );
  return result.rows[0];
}

export async function writeTransition(
  database: Queryable,
  row: { tenantId: string; id: string },
  change: {
    workflowId: string;
    state: string;
    status: string;
    isFinal: boolean;
    executorId: string | null;
    recipientId: string | null;
    category: string | null;
    subcategory: string | null | undefined;
    result: string | null;
    rating: number | null;
    reopenCount: number;
    lifecycle: Record<string, unknown>;
    /** Who took the case in (unchanged when undefined). */
    takenById?: string | undefined;
    /** The inbox's «returned» mark: set now, cleared, or kept. */
    returnedMark?: 'set' | 'clear' | 'keep';
  },
): Promise<number> {
  const result = await database.query<{ version: number }>(
    `update cases set workflow_id = $3, state = $4, status = $5, executor_id = $6, recipient_id = $7, category = $8,
            subcategory = case when $9::boolean then $10 else subcategory end, result = $11, rating = $12,
            reopen_count = $13, lifecycle = $14, version = version + 1, updated_at = now(),
            closed_at = case when $15::boolean then coalesce(closed_at, now()) else null end,
            taken_by_id = coalesce($16::uuid, taken_by_id),
            returned_at = case $17::text when 'set' then now() when 'clear' then null else returned_at end
      where tenant_id = $1 and id = $2
      returning version`,
    [
      row.tenantId,
      row.id,
      change.workflowId,
      change.state,
      change.status,
      change.executorId,
      change.recipientId,
      change.category,
      change.subcategory !== undefined,
      change.subcategory ?? null,
      change.result,
      change.rating,
      change.reopenCount,
      toJsonParameter(change.lifecycle),
      change.isFinal,
      change.takenById ?? null,
      change.returnedMark ?? 'keep',
    ],
  );
  return result.rows[0]?.version ?? 0;
}

export async function insertCaseEvent(
  database: Queryable,
  event: {
    tenantId: string;
    caseId: string;
    action: string;
    actorId: string | null;
    actorRole: string | null;
    fromState: string | null;
    toState: string | null;
    payload: Record<string, unknown>;
    events: string[];
  },
): Promise<void> {
  await database.query(
    `insert into case_events (tenant_id, case_id, action, actor_id, actor_role, from_state, to_state, payload, events)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      event.tenantId,
      event.caseId,
      event.action,
      event.actorId,
      event.actorRole,
      event.fromState,
      event.toState,
      toJsonParameter(event.payload),
      event.events,
    ],
  );
}

export type CaseEventRecord = {
  id: number;
  action: string;
  actorId: string | null;
  actorName: string | null;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
  events: string[];
  createdAt: Date;
};

export async function listCaseEvents(
  database: Queryable,
  tenantId: string,
  caseId: string,
): Promise<CaseEventRecord[]> {
  const result = await database.query<CaseEventRecord>(
    `select e.id, e.action, e.actor_id as "actorId", u.full_name as "actorName", e.from_state as "fromState",
            e.to_state as "toState", e.payload, e.events, e.created_at as "createdAt"
       from case_events e left join users u on u.id = e.actor_id
      where e.tenant_id = $1 and e.case_id = $2 order by e.id`,
    [tenantId, caseId],
  );
  return result.rows;
}

export async function isActivePersonOfTenant(database: Queryable, tenantId: string, userId: string): Promise<boolean> {
  const result = await database.query('select 1 from users where id = $1 and tenant_id = $2 and is_active', [
    userId,
    tenantId,
  ]);
  return (result.rowCount ?? 0) > 0;
}

export async function isRecipientOfTenant(
  database: Queryable,
  tenantId: string,
  recipientId: string,
): Promise<boolean> {
  const result = await database.query('select 1 from recipients where id = $1 and tenant_id = $2 and is_active', [
    recipientId,
    tenantId,
  ]);
  return (result.rowCount ?? 0) > 0;
}

export async function findRecipientOf(database: Queryable, userId: string): Promise<string | null> {
  const result = await database.query<{ recipientId: string | null }>(
    'select recipient_id as "recipientId" from users where id = $1',
    [userId],
  );
  return result.rows[0]?.recipientId ?? null;
}
