import type { Queryable } from '../../platform/audit.js';

export type RubricatorSource = 'own' | 'pos' | 'im' | 'cur' | 'fz59' | 'import';

export type RubricatorRecord = { id: string; tenantId: string; code: string; name: string; source: RubricatorSource };

export type RubricatorItemRecord = {
  id: string;
  rubricatorId: string;
  parentId: string | null;
  code: string;
  name: string;
  description: string | null;
  level: number;
  sortOrder: number;
  isActive: boolean;
};

/** An item to write: `parentCode` names the item above in the same rubricator (written before it). */
export type RubricatorItemInput = {
  code: string;
  name: string;
  parentCode: string | null;
  description: string | null;
  level: number;
  sortOrder: number;
};

/** Creates the rubricator or renames it; returns it. */
export async function upsertRubricator(
  database: Queryable,
  rubricator: { tenantId: string; code: string; name: string; source: RubricatorSource },
): Promise<RubricatorRecord> {
  const result = await database.query<RubricatorRecord>(
    `insert into rubricators (tenant_id, code, name, source) values ($1, $2, $3, $4)
     on conflict (tenant_id, code) do update set name = excluded.name, updated_at = now()
     returning id, tenant_id as "tenantId", code, name, source`,
    [rubricator.tenantId, rubricator.code, rubricator.name, rubricator.source],
  );
  const row = result.rows[0];
  if (!row) throw new Error('upsertRubricator returned no row');
  return row;
}

export async function findRubricatorByCode(
  database: Queryable,
  tenantId: string,
  code: string,
): Promise<RubricatorRecord | undefined> {
  const result = await database.query<RubricatorRecord>(
    `select id, tenant_id as "tenantId", code, name, source from rubricators where tenant_id = $1 and code = $2`,
    [tenantId, code],
  );
  return result.rows[0];
}

export async function listRubricators(database: Queryable, tenantId: string): Promise<RubricatorRecord[]> {
  const result = await database.query<RubricatorRecord>(
    `select id, tenant_id as "tenantId", code, name, source from rubricators where tenant_id = $1 order by name`,
    [tenantId],
  );
  return result.rows;
}

/**
 * Writes items level by level in a few statements (bulk `unnest`, PGlite-safe): new codes are inserted,
 * known codes get the new name, description, parent and order. Returns how many were new.
 */
export async function upsertRubricatorItems(
  database: Queryable,
  tenantId: string,
  rubricatorId: string,
  items: readonly RubricatorItemInput[],
): Promise<{ inserted: number }> {
  let inserted = 0;
  const levels = [...new Set(items.map((item) => item.level))].sort((a, b) => a - b);
  for (const level of levels) {
    const batch = items.filter((item) => item.level === level);
    const result = await database.query<{ isNew: boolean }>(
      `insert into rubricator_items (tenant_id, rubricator_id, parent_id, code, name, description, level, sort_order)
       select $1, $2, parent.id, input.code, input.name, input.description, input.level, input.sort_order
         from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[])
              as input(code, name, parent_code, description, level, sort_order)
         left join rubricator_items parent
           on parent.tenant_id = $1 and parent.rubricator_id = $2 and parent.code = input.parent_code
       on conflict (tenant_id, rubricator_id, code) do update
         set name = excluded.name, description = excluded.description, parent_id = excluded.parent_id,
             level = excluded.level, sort_order = excluded.sort_order, updated_at = now()
       returning (xmax = 0) as "isNew"`,
      [
        tenantId,
        rubricatorId,
        batch.map((item) => item.code),
        batch.map((item) => item.name),
        batch.map((item) => item.parentCode),
        batch.map((item) => item.description),
        batch.map((item) => item.level),
        batch.map((item) => item.sortOrder),
      ],
    );
    inserted += result.rows.filter((row) => row.isNew).length;
  }
  return { inserted };
}

export async function listRubricatorItems(
  database: Queryable,
  tenantId: string,
  rubricatorId: string,
): Promise<RubricatorItemRecord[]> {
  const result = await database.query<RubricatorItemRecord>(
    `select id, rubricator_id as "rubricatorId", parent_id as "parentId", code, name, description, level,
            sort_order as "sortOrder", is_active as "isActive"
       from rubricator_items where tenant_id = $1 and rubricator_id = $2
      order by level, sort_order, code`,
    [tenantId, rubricatorId],
  );
  return result.rows;
}
