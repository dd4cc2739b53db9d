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

/**
 * Where an item of a rubricator goes by default: its thematic block and its default recipient (either may
 * be empty). One row per item; routing rules and the classifier read it.
 */
export const rubricatorItemAssignments = pgTable(
  'rubricator_item_assignments',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    itemId: uuid('item_id').notNull(),
    blockId: uuid('block_id'),
    recipientId: uuid('recipient_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ name: 'rubricator_item_assignments_pk', columns: [table.tenantId, table.itemId] })],
);

/** A correspondence between items of two rubricators (e.g. an ИМ topic → a 59-ФЗ typical classifier code). */
export const rubricatorItemLinks = pgTable(
  'rubricator_item_links',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    fromItemId: uuid('from_item_id').notNull(),
    toItemId: uuid('to_item_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'rubricator_item_links_pk', columns: [table.tenantId, table.fromItemId, table.toItemId] }),
    index('rubricator_item_links_to_idx').on(table.tenantId, table.toItemId),
    check('rubricator_item_links_distinct_check', sql`${table.fromItemId} <> ${table.toItemId}`),
  ],
);
