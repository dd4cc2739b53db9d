import { bigserial, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { InboxFilters } from '../../../../shared/contracts/inbox.contract.js';
import { tenants, users } from './organization.schema.js';

/**
 * A person's saved inbox filters (queue + filters under a name). Only its owner reads and changes it;
 * the name is unique per person. Migration 0009; the search vector and inbox indexes of `cases` are
 * declared in case.schema.ts.
 */
export const inboxSavedFilters = pgTable(
  'inbox_saved_filters',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    queue: text('queue').notNull(),
    filters: jsonb('filters').$type<InboxFilters>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('inbox_saved_filters_name_key').on(table.tenantId, table.userId, table.name),
  ],
);

/**
 * The routing a case had before its responsible recipient or executor changed (migration 0020): written by
 * the trigger `cases_scope_exit` in the changing transaction, read by the inbox stream to tell whoever lost
 * the case to drop its row (docs/inbox.md, «Живые изменения»); rows older than an hour are pruned.
 */
export const caseScopeExits = pgTable(
  'case_scope_exits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: uuid('tenant_id').notNull(),
    caseId: uuid('case_id').notNull(),
    recipientId: uuid('recipient_id'),
    executorId: uuid('executor_id'),
    leftAt: timestamp('left_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('case_scope_exits_left_idx').on(table.tenantId, table.leftAt)],
);
