import type pg from 'pg';
import { toJsonParameter } from './db/json-parameter.js';

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export type AuditEntry = {
  tenantId: string | null;
  actorUserId: string | null;
  action: string;
  objectType?: string;
  objectId?: string;
  /** The object as it was before the change and as it is after (absent for creation/removal). */
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
  ipAddress?: string | null;
  requestId?: string | null;
};

/** Writes one audit row; call it with the transaction's client so the row commits with the change. */
export async function recordAudit(database: Queryable, entry: AuditEntry): Promise<void> {
  await database.query(
    `insert into audit_log (tenant_id, actor_user_id, action, object_type, object_id, before, after, details, ip_address, request_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      entry.tenantId,
      entry.actorUserId,
      entry.action,
      entry.objectType ?? null,
      entry.objectId ?? null,
      entry.before === undefined ? null : toJsonParameter(entry.before),
      entry.after === undefined ? null : toJsonParameter(entry.after),
      toJsonParameter(entry.details ?? {}),
      entry.ipAddress ?? null,
      entry.requestId ?? null,
    ],
  );
}
