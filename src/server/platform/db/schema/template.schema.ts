import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from './organization.schema.js';

/** Answer templates of a tenant, by topic (category); `use_count` orders them most-used first. */
export const answerTemplates = pgTable(
  'answer_templates',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    title: text('title').notNull(),
    topic: text('topic'),
    body: text('body').notNull(),
    useCount: integer('use_count').notNull().default(0),
    isActive: boolean('is_active').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index('answer_templates_topic_idx').on(table.tenantId, table.topic, table.useCount),
  ],
);
