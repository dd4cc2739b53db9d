import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './organization.schema.js';

/**
 * One run of a file importer (history JSONL, ПОС and ИМ exports): who ran it, on which file, what it
 * created, found already present and rejected (with the line numbers and reasons). Written also for a
 * run rejected as a whole, so a failed attempt leaves a trace.
 */
export const intakeImports = pgTable(
  'intake_imports',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    format: text('format').notNull(),
    fileName: text('file_name').notNull(),
    actorUserId: uuid('actor_user_id'),
    /** A person's login, or «CLI (user@host)» for a command-line run. */
    actorLabel: text('actor_label').notNull(),
    outcome: text('outcome').notNull(),
    totalLines: integer('total_lines').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    presentCount: integer('present_count').notNull().default(0),
    rejectedCount: integer('rejected_count').notNull().default(0),
    rejectedLines: jsonb('rejected_lines')
      .$type<Array<{ line: number; message: string }>>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index('intake_imports_tenant_idx').on(table.tenantId, table.finishedAt),
    check('intake_imports_format_check', sql`${table.format} in ('spb-jsonl', 'history-jsonl', 'pos', 'im')`),
    check(
      'intake_imports_outcome_check',
      sql`${table.outcome} in ('completed', 'completed_with_rejections', 'rejected')`,
    ),
  ],
);
