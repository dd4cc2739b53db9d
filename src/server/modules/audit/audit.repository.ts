import type { Queryable } from '../../platform/audit.js';
import { escapeLike } from '../../platform/db/text-search.js';

export type AuditFilter = {
  tenantIds: string[];
  actorId?: string;
  objectType?: string;
  objectId?: string;
  action?: string;
  from?: string;
  to?: string;
};

export type AuditRecord = {
  id: number;
  tenantId: string | null;
  actorId: string | null;
  actorName: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  before: unknown;
  after: unknown;
  details: Record<string, unknown>;
  ipAddress: string | null;
  requestId: string | null;
  createdAt: Date;
};

export async function searchAudit(
  database: Queryable,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: AuditRecord[]; total: number }> {
  const values: unknown[] = [filter.tenantIds];
  const conditions = ['a.tenant_id = any($1::uuid[])'];
  const add = (column: string, operator: string, value: unknown) => {
    values.push(value);
    conditions.push(`${column} ${operator} $${values.length}`);
  };
  if (filter.actorId) add('a.actor_user_id', '=', filter.actorId);
  if (filter.objectType) add('a.object_type', '=', filter.objectType);
  if (filter.objectId) add('a.object_id', '=', filter.objectId);
  if (filter.action) add('a.action', 'like', `${escapeLike(filter.action)}%`);
  if (filter.from) add('a.created_at', '>=', filter.from);
  if (filter.to) add('a.created_at', '<', filter.to);
  const where = conditions.join(' and ');
  const count = await database.query<{ total: number }>(
    `select count(*)::int as total from audit_log a where ${where}`,
    values,
  );
  const rows = await database.query<AuditRecord>(
    `select a.id, a.tenant_id as "tenantId", a.actor_user_id as "actorId", u.full_name as "actorName", a.action,
            a.object_type as "objectType", a.object_id as "objectId", a.before, a.after, a.details,
            a.ip_address as "ipAddress", a.request_id as "requestId", a.created_at as "createdAt"
       from audit_log a left join users u on u.id = a.actor_user_id
      where ${where}
      order by a.created_at desc, a.id desc
      limit $${values.length + 1} offset $${values.length + 2}`,
    [...values, page.limit, page.offset],
  );
  return { rows: rows.rows, total: count.rows[0]?.total ?? 0 };
}
