import type { Queryable } from '../../platform/audit.js';
import { containsPattern, foldCaseSql } from '../../platform/db/text-search.js';

export type TemplateRecord = {
  id: string;
  tenantId: string;
  title: string;
  topic: string | null;
  body: string;
  useCount: number;
  isActive: boolean;
  updatedAt: Date;
};

const COLUMNS = `id, tenant_id as "tenantId", title, topic, body, use_count as "useCount", is_active as "isActive",
  updated_at as "updatedAt"`;

/** Templates of a tenant, the ones for `topic` first, then most used first. */
export async function listTemplates(
  database: Queryable,
  tenantId: string,
  filter: { topic?: string; search?: string; includeInactive: boolean },
): Promise<TemplateRecord[]> {
  const values: unknown[] = [tenantId, filter.topic ?? null];
  const conditions = ['tenant_id = $1'];
  if (!filter.includeInactive) conditions.push('is_active');
  if (filter.search) {
    values.push(containsPattern(filter.search));
    conditions.push(`${foldCaseSql("title || ' ' || body")} like $${values.length}`);
  }
  const result = await database.query<TemplateRecord>(
    `select ${COLUMNS} from answer_templates where ${conditions.join(' and ')}
      order by (topic is not distinct from $2) desc, use_count desc, title`,
    values,
  );
  return result.rows;
}

export async function findTemplate(
  database: Queryable,
  tenantId: string,
  id: string,
): Promise<TemplateRecord | undefined> {
  const result = await database.query<TemplateRecord>(
    `select ${COLUMNS} from answer_templates where tenant_id = $1 and id = $2`,
    [tenantId, id],
  );
  return result.rows[0];
}

export async function insertTemplate(
  database: Queryable,
  template: {
    tenantId: string;
    title: string;
    topic: string | null;
    body: string;
    isActive: boolean;
    createdBy: string;
  },
): Promise<string> {
  const result = await database.query<{ id: string }>(
    `insert into answer_templates (tenant_id, title, topic, body, is_active, created_by) values ($1, $2, $3, $4, $5, $6)
     returning id`,
    [template.tenantId, template.title, template.topic, template.body, template.isActive, template.createdBy],
  );
  return result.rows[0]?.id ?? '';
}

export async function updateTemplate(
  database: Queryable,
  tenantId: string,
  id: string,
  template: { title: string; topic: string | null; body: string; isActive: boolean },
): Promise<void> {
  await database.query(
    `update answer_templates set title = $3, topic = $4, body = $5, is_active = $6, updated_at = now()
      where tenant_id = $1 and id = $2`,
    [tenantId, id, template.title, template.topic, template.body, template.isActive],
  );
}

export async function countTemplateUse(database: Queryable, tenantId: string, id: string): Promise<void> {
  await database.query('update answer_templates set use_count = use_count + 1 where tenant_id = $1 and id = $2', [
    tenantId,
    id,
  ]);
}
