import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants } from './organization.schema.js';

/**
 * Rubricators (classification trees) of a tenant: a channel's own (ПОС categories, ИМ themes), the
 * ЦУР themes, the 59-ФЗ typical classifier, the municipality's own. `code` is stable within a tenant.
 */
export const rubricators = pgTable(
  'rubricators',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** Where it came from: `own`, `pos`, `im`, `cur`, `fz59`, `import`. */
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('rubricators_code_key').on(table.tenantId, table.code),
    check('rubricators_source_check', sql`${table.source} in ('own', 'pos', 'im', 'cur', 'fz59', 'import')`),
  ],
);

/**
 * An item of a rubricator tree (category, subcategory, theme…). `code` is unique within its
 * rubricator; `parent_id` points to the item above (null at the top level).
 */
export const rubricatorItems = pgTable(
  'rubricator_items',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    rubricatorId: uuid('rubricator_id').notNull(),
    parentId: uuid('parent_id'),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    level: integer('level').notNull().default(1),
    sortOrder: integer('sort_order').notNull().default(0),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('rubricator_items_code_key').on(table.tenantId, table.rubricatorId, table.code),
    index('rubricator_items_parent_idx').on(table.tenantId, table.rubricatorId, table.parentId),
  ],
);
