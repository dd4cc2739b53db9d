import type { Queryable } from '../../platform/audit.js';
import { containsPattern, foldCaseSql } from '../../platform/db/text-search.js';

// SQL of the rubricator screen: counts, browsing and search, own items, mappings to blocks, recipients and
// items of other rubricators.

export type RubricatorSummaryRecord = {
  id: string;
  code: string;
  name: string;
  source: string;
  itemCount: number;
  activeCount: number;
};

export async function listRubricatorSummaries(
  database: Queryable,
  tenantId: string,
): Promise<RubricatorSummaryRecord[]> {
  const result = await database.query<RubricatorSummaryRecord>(
    `select r.id, r.code, r.name, r.source,
            (select count(*)::int from rubricator_items i where i.tenant_id = r.tenant_id and i.rubricator_id = r.id) as "itemCount",
            (select count(*)::int from rubricator_items i
              where i.tenant_id = r.tenant_id and i.rubricator_id = r.id and i.is_active) as "activeCount"
       from rubricators r where r.tenant_id = $1 order by r.code`,
    [tenantId],
  );
  return result.rows;
}

export async function findRubricator(
  database: Queryable,
  tenantId: string,
  id: string,
): Promise<RubricatorSummaryRecord | undefined> {
  return (await listRubricatorSummaries(database, tenantId)).find((rubricator) => rubricator.id === id);
}

export type ItemRecord = {
  id: string;
  rubricatorId: string;
  parentId: string | null;
  code: string;
  name: string;
  description: string | null;
  level: number;
  isActive: boolean;
  childCount: number;
  blockId: string | null;
  blockName: string | null;
  recipientId: string | null;
  recipientName: string | null;
  linkCount: number;
};

const ITEM_COLUMNS = `i.id, i.rubricator_id as "rubricatorId", i.parent_id as "parentId", i.code, i.name, i.description,
       i.level, i.is_active as "isActive",
       (select count(*)::int from rubricator_items c
         where c.tenant_id = i.tenant_id and c.rubricator_id = i.rubricator_id and c.parent_id = i.id) as "childCount",
       a.block_id as "blockId", b.name as "blockName", a.recipient_id as "recipientId", rc.name as "recipientName",
       (select count(*)::int from rubricator_item_links l
         where l.tenant_id = i.tenant_id and (l.from_item_id = i.id or l.to_item_id = i.id)) as "linkCount"`;
const ITEM_JOINS = `left join rubricator_item_assignments a on a.tenant_id = i.tenant_id and a.item_id = i.id
  left join blocks b on b.tenant_id = a.tenant_id and b.id = a.block_id
  left join recipients rc on rc.tenant_id = a.tenant_id and rc.id = a.recipient_id`;

export async function searchItems(
  database: Queryable,
  tenantId: string,
  rubricatorId: string,
  filter: { parentId?: string; search?: string; includeInactive: boolean },
  page: { limit: number; offset: number },
): Promise<{ rows: ItemRecord[]; total: number }> {
  const conditions = ['i.tenant_id = $1', 'i.rubricator_id = $2'];
  const values: unknown[] = [tenantId, rubricatorId];
  if (filter.search) {
    values.push(containsPattern(filter.search));
    const parameter = `$${values.length}`;
    conditions.push(
      `(${foldCaseSql('i.name')} like ${parameter} or ${foldCaseSql("coalesce(i.description, '')")} like ${parameter} or i.code like ${parameter})`,
    );
  } else if (filter.parentId) {
    values.push(filter.parentId);
    conditions.push(`i.parent_id = $${values.length}`);
  } else {
    conditions.push('i.parent_id is null');
  }
  if (!filter.includeInactive) conditions.push('i.is_active');
  const where = conditions.join(' and ');
  const total = await database.query<{ count: number }>(
    `select count(*)::int as count from rubricator_items i where ${where}`,
    values,
  );
  values.push(page.limit, page.offset);
  const rows = await database.query<ItemRecord>(
    `select ${ITEM_COLUMNS} from rubricator_items i ${ITEM_JOINS}
      where ${where} order by i.level, i.sort_order, i.code limit $${values.length - 1} offset $${values.length}`,
    values,
  );
  return { rows: rows.rows, total: total.rows[0]?.count ?? 0 };
}

export async function findItem(database: Queryable, tenantId: string, id: string): Promise<ItemRecord | undefined> {
  const result = await database.query<ItemRecord>(
    `select ${ITEM_COLUMNS} from rubricator_items i ${ITEM_JOINS} where i.tenant_id = $1 and i.id = $2`,
    [tenantId, id],
  );
  return result.rows[0];
}

export async function countItemsWithCode(
  database: Queryable,
  tenantId: string,
  rubricatorId: string,
  code: string,
): Promise<number> {
  const result = await database.query<{ count: number }>(
    'select count(*)::int as count from rubricator_items where tenant_id = $1 and rubricator_id = $2 and code = $3',
    [tenantId, rubricatorId, code],
  );
  return result.rows[0]?.count ?? 0;
}

export async function insertItem(
  database: Queryable,
  item: {
    tenantId: string;
    rubricatorId: string;
    parentId: string | null;
    code: string;
    name: string;
    description: string | null;
    level: number;
  },
): Promise<string> {
  const result = await database.query<{ id: string }>(
    `insert into rubricator_items (tenant_id, rubricator_id, parent_id, code, name, description, level, sort_order)
     values ($1, $2, $3, $4, $5, $6, $7,
             (select coalesce(max(sort_order), -1) + 1 from rubricator_items
               where tenant_id = $1 and rubricator_id = $2 and parent_id is not distinct from $3))
     returning id`,
    [item.tenantId, item.rubricatorId, item.parentId, item.code, item.name, item.description, item.level],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insertItem returned no row');
  return row.id;
}

export async function updateItem(
  database: Queryable,
  tenantId: string,
  id: string,
  changes: { name: string; description: string | null; isActive: boolean },
): Promise<void> {
  await database.query(
    `update rubricator_items set name = $3, description = $4, is_active = $5, updated_at = now()
      where tenant_id = $1 and id = $2`,
    [tenantId, id, changes.name, changes.description, changes.isActive],
  );
}

export async function upsertAssignment(
  database: Queryable,
  tenantId: string,
  itemId: string,
  assignment: { blockId: string | null; recipientId: string | null },
): Promise<void> {
  if (assignment.blockId === null && assignment.recipientId === null) {
    await database.query('delete from rubricator_item_assignments where tenant_id = $1 and item_id = $2', [
      tenantId,
      itemId,
    ]);
    return;
  }
  await database.query(
    `insert into rubricator_item_assignments (tenant_id, item_id, block_id, recipient_id) values ($1, $2, $3, $4)
     on conflict (tenant_id, item_id) do update
       set block_id = excluded.block_id, recipient_id = excluded.recipient_id, updated_at = now()`,
    [tenantId, itemId, assignment.blockId, assignment.recipientId],
  );
}

export async function isBlockOfTenant(database: Queryable, tenantId: string, blockId: string): Promise<boolean> {
  const result = await database.query('select 1 from blocks where tenant_id = $1 and id = $2', [tenantId, blockId]);
  return result.rows.length > 0;
}

export async function isRecipientOfTenant(
  database: Queryable,
  tenantId: string,
  recipientId: string,
): Promise<boolean> {
  const result = await database.query('select 1 from recipients where tenant_id = $1 and id = $2', [
    tenantId,
    recipientId,
  ]);
  return result.rows.length > 0;
}

/** True when a new row was written (false: the link already existed). */
export async function insertLink(database: Queryable, tenantId: string, fromItemId: string, toItemId: string) {
  const result = await database.query(
    `insert into rubricator_item_links (tenant_id, from_item_id, to_item_id) values ($1, $2, $3)
     on conflict do nothing`,
    [tenantId, fromItemId, toItemId],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function deleteLink(database: Queryable, tenantId: string, fromItemId: string, toItemId: string) {
  const result = await database.query(
    'delete from rubricator_item_links where tenant_id = $1 and from_item_id = $2 and to_item_id = $3',
    [tenantId, fromItemId, toItemId],
  );
  return (result.rowCount ?? 0) > 0;
}

export type LinkRecord = {
  itemId: string;
  code: string;
  name: string;
  rubricatorId: string;
  rubricatorName: string;
  direction: 'to' | 'from';
};

export async function listLinks(database: Queryable, tenantId: string, itemId: string): Promise<LinkRecord[]> {
  const result = await database.query<LinkRecord>(
    `select i.id as "itemId", i.code, i.name, r.id as "rubricatorId", r.name as "rubricatorName", 'to' as direction
       from rubricator_item_links l
       join rubricator_items i on i.tenant_id = l.tenant_id and i.id = l.to_item_id
       join rubricators r on r.tenant_id = i.tenant_id and r.id = i.rubricator_id
      where l.tenant_id = $1 and l.from_item_id = $2
     union all
     select i.id, i.code, i.name, r.id, r.name, 'from'
       from rubricator_item_links l
       join rubricator_items i on i.tenant_id = l.tenant_id and i.id = l.from_item_id
       join rubricators r on r.tenant_id = i.tenant_id and r.id = i.rubricator_id
      where l.tenant_id = $1 and l.to_item_id = $2
     order by 6, 2`,
    [tenantId, itemId],
  );
  return result.rows;
}

/** Default recipient of an active item named `name` (a case's category) in any rubricator of the tenant. */
export async function findDefaultRecipientByItemName(
  database: Queryable,
  tenantId: string,
  name: string,
): Promise<string | null> {
  const result = await database.query<{ recipientId: string }>(
    `select a.recipient_id as "recipientId"
       from rubricator_items i
       join rubricator_item_assignments a on a.tenant_id = i.tenant_id and a.item_id = i.id
      where i.tenant_id = $1 and i.is_active and a.recipient_id is not null
        and ${foldCaseSql('i.name')} = ${foldCaseSql('$2')}
      order by i.level, i.code limit 1`,
    [tenantId, name],
  );
  return result.rows[0]?.recipientId ?? null;
}

/** Active topics with a default recipient, first preferred first (level, code). */
export async function listDefaultRecipientsByItemName(
  database: Queryable,
  tenantId: string,
): Promise<Array<{ name: string; recipientId: string }>> {
  const result = await database.query<{ name: string; recipientId: string }>(
    `select i.name, a.recipient_id as "recipientId"
       from rubricator_items i
       join rubricator_item_assignments a on a.tenant_id = i.tenant_id and a.item_id = i.id
      where i.tenant_id = $1 and i.is_active and a.recipient_id is not null
      order by i.level, i.code`,
    [tenantId],
  );
  return result.rows;
}
