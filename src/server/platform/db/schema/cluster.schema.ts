import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './organization.schema.js';

/** A mass problem: cases of one tenant that describe the same problem at the same place and time. */
export const caseClusters = pgTable(
  'case_clusters',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    title: text('title').notNull(),
    status: text('status').notNull().default('open'),
    answerText: text('answer_text'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'case_clusters_pk', columns: [table.tenantId, table.id] }),
    check('case_clusters_status_check', sql`${table.status} in ('open', 'answered')`),
  ],
);

/** Membership: a case belongs to at most one cluster; `source` says whether grouping or a person put it there. */
export const caseClusterMembers = pgTable(
  'case_cluster_members',
  {
    tenantId: uuid('tenant_id').notNull(),
    caseId: uuid('case_id').notNull(),
    clusterId: uuid('cluster_id').notNull(),
    similarity: doublePrecision('similarity').notNull(),
    source: text('source').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'case_cluster_members_pk', columns: [table.tenantId, table.caseId] }),
    index('case_cluster_members_cluster_idx').on(table.tenantId, table.clusterId),
    check('case_cluster_members_source_check', sql`${table.source} in ('auto', 'manual', 'merge')`),
  ],
);

/** A repeat appeal: the same applicant (same phone or e-mail) wrote again within the period. */
export const caseRepeats = pgTable(
  'case_repeats',
  {
    tenantId: uuid('tenant_id').notNull(),
    caseId: uuid('case_id').notNull(),
    previousCaseId: uuid('previous_case_id').notNull(),
    matchedBy: text('matched_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'case_repeats_pk', columns: [table.tenantId, table.caseId, table.previousCaseId] }),
    check('case_repeats_matched_by_check', sql`${table.matchedBy} in ('phone', 'email')`),
  ],
);
