import type { Queryable } from '../../platform/audit.js';
import { toJsonParameter } from '../../platform/db/json-parameter.js';

// SQL of routing rules and their versions; no business rules.

export type RuleRecord = {
  id: string;
  position: number;
  name: string;
  isActive: boolean;
  definition: Record<string, unknown>;
  version: number;
  updatedAt: Date;
  updatedByName: string | null;
};

const RULE_COLUMNS = `r.id, r.position, r.name, r.is_active as "isActive", r.definition, r.version,
       r.updated_at as "updatedAt", u.full_name as "updatedByName"`;

export async function listRules(database: Queryable, tenantId: string): Promise<RuleRecord[]> {
  const result = await database.query<RuleRecord>(
    `select ${RULE_COLUMNS} from routing_rules r left join users u on u.id = r.updated_by
      where r.tenant_id = $1 order by r.position, r.id`,
    [tenantId],
  );
  return result.rows;
}

export async function findRule(database: Queryable, tenantId: string, id: string): Promise<RuleRecord | undefined> {
  const result = await database.query<RuleRecord>(
    `select ${RULE_COLUMNS} from routing_rules r left join users u on u.id = r.updated_by
      where r.tenant_id = $1 and r.id = $2`,
    [tenantId, id],
  );
  return result.rows[0];
}

/** Locks the tenant's rules for a change of order or a new position (one writer at a time). */
export async function lockRules(
  database: Queryable,
  tenantId: string,
): Promise<Array<{ id: string; position: number }>> {
  const result = await database.query<{ id: string; position: number }>(
    'select id, position from routing_rules where tenant_id = $1 order by position, id for update',
    [tenantId],
  );
  return result.rows;
}

export async function insertRule(
  database: Queryable,
  rule: {
    tenantId: string;
    position: number;
    name: string;
    isActive: boolean;
    definition: unknown;
    userId: string | null;
  },
): Promise<string> {
  const result = await database.query<{ id: string }>(
    `insert into routing_rules (tenant_id, position, name, is_active, definition, updated_by)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [rule.tenantId, rule.position, rule.name, rule.isActive, toJsonParameter(rule.definition), rule.userId],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insertRule returned no row');
  return row.id;
}

/** Writes the new state and bumps the version; answers the new version. */
export async function updateRule(
  database: Queryable,
  tenantId: string,
  id: string,
  rule: { name: string; isActive: boolean; definition: unknown; userId: string | null },
): Promise<number> {
  const result = await database.query<{ version: number }>(
    `update routing_rules set name = $3, is_active = $4, definition = $5, updated_by = $6, version = version + 1,
            updated_at = now()
      where tenant_id = $1 and id = $2 returning version`,
    [tenantId, id, rule.name, rule.isActive, toJsonParameter(rule.definition), rule.userId],
  );
  return result.rows[0]?.version ?? 0;
}

export async function setRulePosition(
  database: Queryable,
  tenantId: string,
  id: string,
  position: number,
  userId: string | null,
): Promise<number> {
  const result = await database.query<{ version: number }>(
    `update routing_rules set position = $3, version = version + 1, updated_by = $4, updated_at = now()
      where tenant_id = $1 and id = $2 returning version`,
    [tenantId, id, position, userId],
  );
  return result.rows[0]?.version ?? 0;
}

export async function deleteRule(database: Queryable, tenantId: string, id: string): Promise<void> {
  await database.query('delete from routing_rules where tenant_id = $1 and id = $2', [tenantId, id]);
}

export async function insertVersion(
  database: Queryable,
  version: {
    tenantId: string;
    ruleId: string;
    version: number;
    change: string;
    snapshot: unknown;
    userId: string | null;
  },
): Promise<void> {
  await database.query(
    `insert into routing_rule_versions (tenant_id, rule_id, version, change, snapshot, changed_by)
     values ($1, $2, $3, $4, $5, $6)`,
    [
      version.tenantId,
      version.ruleId,
      version.version,
      version.change,
      toJsonParameter(version.snapshot),
      version.userId,
    ],
  );
}

export type VersionRecord = {
  version: number;
  change: string;
  snapshot: Record<string, unknown>;
  changedByName: string | null;
  changedAt: Date;
};

export async function listVersions(database: Queryable, tenantId: string, ruleId: string): Promise<VersionRecord[]> {
  const result = await database.query<VersionRecord>(
    `select v.version, v.change, v.snapshot, u.full_name as "changedByName", v.changed_at as "changedAt"
       from routing_rule_versions v left join users u on u.id = v.changed_by
      where v.tenant_id = $1 and v.rule_id = $2 order by v.version desc`,
    [tenantId, ruleId],
  );
  return result.rows;
}

export async function findRecipientName(database: Queryable, tenantId: string, id: string): Promise<string | null> {
  const result = await database.query<{ name: string }>(
    'select name from recipients where tenant_id = $1 and id = $2',
    [tenantId, id],
  );
  return result.rows[0]?.name ?? null;
}

export async function findUserName(database: Queryable, tenantId: string, id: string): Promise<string | null> {
  const result = await database.query<{ name: string }>(
    'select full_name as name from users where tenant_id = $1 and id = $2',
    [tenantId, id],
  );
  return result.rows[0]?.name ?? null;
}

/**
 * A cheap fingerprint of the tenant's rules and topic recipients: it changes with every rule created,
 * changed, moved or deleted and every topic assignment (a compiled router is rebuilt when it differs).
 */
export async function findRulesStamp(database: Queryable, tenantId: string): Promise<string> {
  const result = await database.query<{ stamp: string }>(
    `select concat_ws(':', r.count, r.changed, r.versions, a.count, a.changed) as stamp
       from (select count(*) as count, max(updated_at) as changed, sum(version) as versions
               from routing_rules where tenant_id = $1) r,
            (select count(*) as count, max(updated_at) as changed
               from rubricator_item_assignments where tenant_id = $1) a`,
    [tenantId],
  );
  return result.rows[0]?.stamp ?? '';
}
