import type pg from 'pg';

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export type AuditEntry = {
  tenantId: string | null;
  actorUserId: string | null;
  action: string;
  objectType?: string;
  objectId?: string;
  details?: Record<string, unknown>;
  ipAddress?: string | null;
  requestId?: string | null;
};

/** Writes one audit row; call it with the transaction's client so the row commits with the change. */
export async function recordAudit(database: Queryable, entry: AuditEntry): Promise<void> {
  await database.query(
    `insert into audit_log (tenant_id, actor_user_id, action, object_type, object_id, details, ip_address, request_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.tenantId,
      entry.actorUserId,
      entry.action,
      entry.objectType ?? null,
      entry.objectId ?? null,
      JSON.stringify(entry.details ?? {}),
      entry.ipAddress ?? null,
      entry.requestId ?? null,
    ],
  );
}
