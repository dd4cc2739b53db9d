import { recordAudit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { findTenantBySlug, listTenants } from '../organization/index.js';
import { refreshCaseMeasures } from './analytics-measures.service.js';
import { rebuildRollups } from './analytics-rollups.repository.js';

/**
 * Recovery: recompute the rollups of a municipality (or of every municipality of a region, or of all
 * tenants) from the facts, after the facts themselves are brought up to date. The triggers keep the
 * rollups incrementally; this is for a restored backup, a bulk load with triggers disabled, or a doubt.
 * Each tenant is rebuilt in its own transaction (writers of facts wait for it) and audited.
 */
export async function rebuildTenantRollups(
  database: Database,
  target: { tenantSlug?: string; isAll?: boolean },
): Promise<Array<{ slug: string; facts: number; milliseconds: number }>> {
  const tenants = await listTenants(database.pool);
  let ids: string[];
  if (target.isAll) {
    ids = tenants.map((tenant) => tenant.id);
  } else {
    const tenant = target.tenantSlug ? await findTenantBySlug(database.pool, target.tenantSlug) : undefined;
    if (!tenant) {
      throw new AppError('TENANT_NOT_FOUND', `Муниципалитет или регион «${target.tenantSlug ?? ''}» не найден.`, [
        { field: 'tenant', message: 'tenant: нет такого кода' },
      ]);
    }
    ids = [tenant.id, ...tenants.filter((item) => item.parentId === tenant.id).map((item) => item.id)];
  }
  await refreshCaseMeasures(database.pool);
  const report: Array<{ slug: string; facts: number; milliseconds: number }> = [];
  for (const id of ids) {
    const started = performance.now();
    const facts = await withTransaction(database.pool, async (client) => {
      const rebuilt = await rebuildRollups(client, id);
      await recordAudit(client, {
        tenantId: id,
        actorUserId: null,
        action: 'analytics.rollups_rebuilt',
        objectType: 'analytics_rollups',
        objectId: id,
        details: { facts: rebuilt },
      });
      return rebuilt;
    });
    report.push({
      slug: tenants.find((tenant) => tenant.id === id)?.slug ?? id,
      facts,
      milliseconds: Math.round(performance.now() - started),
    });
  }
  return report;
}
