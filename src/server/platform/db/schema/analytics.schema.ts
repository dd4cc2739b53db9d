import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants, users } from './organization.schema.js';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * Facts of one case for analytics (issue 8): its filter columns copied from `cases` and the measures
 * that need the working-time calendar or the answer text. Kept incrementally by the analytics module
 * (cases changed since the last watermark); the dashboard, ratings, heat map and reports aggregate this
 * one narrow table. `case_version` is the case's version measured.
 */
export const analyticsCaseMeasures = pgTable(
  'analytics_case_measures',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    caseId: uuid('case_id').notNull(),
    caseVersion: integer('case_version').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    channel: text('channel').notNull(),
    category: text('category'),
    district: text('district'),
    recipientId: uuid('recipient_id'),
    status: text('status').notNull(),
    isFastTrack: boolean('is_fast_track').notNull().default(false),
    result: text('result'),
    rating: integer('rating'),
    reopenCount: integer('reopen_count').notNull().default(0),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answerDueAt: timestamp('answer_due_at', { withTimezone: true }),
    firstReactionMinutes: integer('first_reaction_minutes'),
    answerMinutes: integer('answer_minutes'),
    returnCount: integer('return_count').notNull().default(0),
    isOtpiskaDetected: boolean('is_otpiska_detected'),
    otpiskaReasons: jsonb('otpiska_reasons').$type<string[]>().notNull().default([]),
    measuredAt: timestamp('measured_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.caseId] }),
    index('analytics_case_measures_period_idx').on(table.tenantId, table.receivedAt),
    index('analytics_case_measures_pending_idx')
      .on(table.tenantId, table.receivedAt)
      .where(
        sql`answered_at is null and answer_due_at is not null and status in ('new', 'moderation', 'in_work', 'answer_review')`,
      ),
  ],
);

/**
 * Daily ('d') and monthly ('m') sums of the facts per cube of dimensions (migration 0017; dimensions a
 * cube leaves out are NULL, the key treats NULLs as equal). Kept by statement triggers on
 * `analytics_case_measures` (old rows subtracted, new rows added in the same transaction) and by a
 * trigger on отписка reviews; `analytics_rollups_rebuild(tenant)` recomputes a tenant. Histograms count
 * working minutes in geometric buckets of ratio 1.125 for medians. See docs/adr/0009-analytics-rollups.md.
 */
export const analyticsRollups = pgTable(
  'analytics_rollups',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    cube: smallint('cube').notNull(),
    grain: char('grain', { length: 1 }).notNull(),
    periodStart: date('period_start').notNull(),
    channel: text('channel'),
    category: text('category'),
    district: text('district'),
    recipientId: uuid('recipient_id'),
    received: integer('received').notNull().default(0),
    answered: integer('answered').notNull().default(0),
    answeredOnTime: integer('answered_on_time').notNull().default(0),
    answeredLate: integer('answered_late').notNull().default(0),
    rated: integer('rated').notNull().default(0),
    ratedHigh: integer('rated_high').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
    resolved: integer('resolved').notNull().default(0),
    explained: integer('explained').notNull().default(0),
    otpiska: integer('otpiska').notNull().default(0),
    returned: integer('returned').notNull().default(0),
    returns: integer('returns').notNull().default(0),
    reopened: integer('reopened').notNull().default(0),
    reopens: integer('reopens').notNull().default(0),
    reactionCount: integer('reaction_count').notNull().default(0),
    reactionMinutes: bigint('reaction_minutes', { mode: 'number' }).notNull().default(0),
    answerCount: integer('answer_count').notNull().default(0),
    answerMinutes: bigint('answer_minutes', { mode: 'number' }).notNull().default(0),
    reactionHist: integer('reaction_hist').array(),
    answerHist: integer('answer_hist').array(),
  },
  (table) => [
    uniqueIndex('analytics_rollups_key').on(
      table.tenantId,
      table.cube,
      table.grain,
      table.periodStart,
      table.channel,
      table.recipientId,
      table.category,
      table.district,
    ), // NULLS NOT DISTINCT in the SQL (drizzle's index builder cannot say it)
    // Migration 0022: received counts of the topic cube from the index alone (INCLUDE channel, category,
    // district, recipient_id, received in the SQL).
    index('analytics_rollups_received_idx')
      .on(table.tenantId, table.grain, table.periodStart)
      .where(sql`${table.cube} = 3`),
  ],
);

/**
 * Open cases now per tenant × channel × category × recipient × fast track × status (migration 0022): kept
 * by statement triggers on `cases` in the changing transaction; «открыто сейчас» sums it, «просрочено
 * сейчас» subtracts the open cases not yet overdue (ADR 0009).
 */
export const analyticsOpenCounts = pgTable(
  'analytics_open_counts',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    category: text('category'),
    recipientId: uuid('recipient_id'),
    isFastTrack: boolean('is_fast_track').notNull(),
    status: text('status').notNull(),
    count: integer('count').notNull().default(0),
  },
  (table) => [
    uniqueIndex('analytics_open_counts_key').on(
      table.tenantId,
      table.channel,
      table.category,
      table.recipientId,
      table.isFastTrack,
      table.status,
    ), // NULLS NOT DISTINCT in the SQL
  ],
);

/** How far the incremental refresh of measures has read `cases.updated_at` (one row per installation). */
export const analyticsRefreshState = pgTable('analytics_refresh_state', {
  id: text('id').primaryKey(),
  watermark: timestamp('watermark', { withTimezone: true }).notNull(),
});

/** A person's verdict on whether an answer is an «отписка», overriding the detector (audited). */
export const analyticsAnswerReviews = pgTable(
  'analytics_answer_reviews',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    caseId: uuid('case_id').notNull(),
    isOtpiska: boolean('is_otpiska').notNull(),
    comment: text('comment'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.caseId] })],
);

/** Residents of a territory (a district of a municipality, or a municipality on its region's tenant). */
export const territoryPopulations = pgTable(
  'territory_populations',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    territory: text('territory').notNull(),
    population: integer('population').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.territory] })],
);

/** A tenant's analytics settings: rating weights and norms (the note's schedule: report_schedules). */
export const analyticsSettings = pgTable('analytics_settings', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id),
  rating: jsonb('rating').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The archive of generated reports (weekly note DOCX/PDF, quarterly KPI XLSX). */
export const analyticsReports = pgTable(
  'analytics_reports',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind', { enum: ['weekly', 'kpi'] }).notNull(),
    period: text('period').notNull(),
    format: text('format', { enum: ['docx', 'pdf', 'xlsx'] }).notNull(),
    fileName: text('file_name').notNull(),
    content: bytea('content').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('analytics_reports_period_key').on(table.tenantId, table.kind, table.period, table.format),
  ],
);

/** People who receive the weekly note. */
export const analyticsSubscriptions = pgTable(
  'analytics_subscriptions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.userId] })],
);

/** A person's saved custom slice (two dimensions and a measure). */
export const analyticsSlices = pgTable(
  'analytics_slices',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    definition: jsonb('definition').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.id] })],
);
