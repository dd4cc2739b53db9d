import type { AuditPage, AuditQuery } from '../../../shared/contracts/organization.contract.js';
import { hasPermission } from '../../../shared/permissions.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { forbidden } from '../../platform/errors.js';
import * as repository from './audit.repository.js';

/** Audit search for administrators: within the tenants the caller sees (a region also sees its own rows). */
export async function searchAudit(database: Database, context: AuthContext, query: AuditQuery): Promise<AuditPage> {
  if (!hasPermission(context.roles, 'audit.read')) throw forbidden();
  const tenantIds = [...new Set([...context.visibleTenantIds, context.tenant.id])];
  const { rows, total } = await repository.searchAudit(
    database.pool,
    {
      tenantIds,
      ...(query.actorId ? { actorId: query.actorId } : {}),
      ...(query.objectType ? { objectType: query.objectType } : {}),
      ...(query.objectId ? { objectId: query.objectId } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  return {
    items: rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
