import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { CASE_KINDS, CASE_STATUSES, CHANNELS } from '../../../../shared/channels.js';
import { tenants } from './organization.schema.js';

/** PostgreSQL `tsvector` (read only here: the column is generated). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const inList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

/**
 * A case: a message or a 59-ФЗ appeal. The primary key starts with tenant_id (Citus-ready: the
 * municipality is the sharding key); (tenant, channel, external id) makes intake idempotent.
 * Rows up to 8160 bytes are stored uncompressed (toast_tuple_target, migration 0031; Drizzle has no table
 * storage parameters, so only the migration says it).
 */
export const cases = pgTable(
  'cases',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    number: text('number').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    kind: text('kind', { enum: CASE_KINDS }).notNull(),
    externalId: text('external_id').notNull(),
    status: text('status', { enum: CASE_STATUSES }).notNull(),
    /** The workflow of the case and its state in it (src/shared/workflow); `status` is the state's list group. */
    workflowId: text('workflow_id'),
    state: text('state'),
    result: text('result'),
    rating: integer('rating'),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** The rest of what the workflow's actions record (draft answer, reasons, extension, registration…). */
    lifecycle: jsonb('lifecycle').$type<Record<string, unknown>>().notNull().default({}),
    text: text('text').notNull(),
    category: text('category'),
    subcategory: text('subcategory'),
    address: text('address'),
    district: text('district'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    applicantName: text('applicant_name'),
    applicantPhone: text('applicant_phone'),
    applicantEmail: text('applicant_email'),
    recipientId: uuid('recipient_id'),
    executorId: uuid('executor_id'),
    isFastTrack: boolean('is_fast_track').notNull().default(false),
    /** Set by a person or a routing rule: low, normal, high, urgent. */
    priority: text('priority').notNull().default('normal'),
    /** Free tags (routing rules add them). */
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** `person` or `organization` when the channel tells it. */
    applicantType: text('applicant_type'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Who took the case «в работу» (the «Мои» inbox queue); migration 0009. */
    takenById: uuid('taken_by_id'),
    /** Set when the last change of state returned the case to work («Возвращены мне»), cleared by the next one. */
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    /** Russian full-text vector over number (A), address (B) and text (C), kept by PostgreSQL itself. */
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('russian'::regconfig, coalesce("number", '')), 'A') || setweight(to_tsvector('russian'::regconfig, coalesce("address", '')), 'B') || setweight(to_tsvector('russian'::regconfig, "text"), 'C')`,
    ),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('cases_external_key').on(table.tenantId, table.channel, table.externalId),
    uniqueIndex('cases_number_key').on(table.tenantId, table.number),
    index('cases_received_idx').on(table.tenantId, table.receivedAt, table.id),
    index('cases_updated_idx').on(table.tenantId, table.updatedAt),
    index('cases_search_idx').using('gin', table.search),
    index('cases_inbox_state_idx')
      .on(table.tenantId, table.workflowId, table.state, table.receivedAt, table.id)
      .where(sql`${table.status} not in ('closed', 'rejected')`),
    // The executor and taker indexes also INCLUDE (returned_at) in migration 0009 (counts read them index-only).
    index('cases_inbox_executor_idx')
      .on(table.tenantId, table.executorId, table.receivedAt, table.id)
      .where(sql`${table.status} not in ('closed', 'rejected') and ${table.executorId} is not null`),
    index('cases_inbox_taker_idx')
      .on(table.tenantId, table.takenById, table.receivedAt, table.id)
      .where(
        sql`${table.status} not in ('closed', 'rejected') and ${table.takenById} is not null and ${table.executorId} is null`,
      ),
    // Migration 0020: an executor's queues by workflow state (their recipient's cases, their own); the
    // recipient's index also INCLUDEs (status, executor_id, taken_by_id, returned_at, due_at) for the counts.
    index('cases_inbox_recipient_state_idx')
      .on(table.tenantId, table.recipientId, table.workflowId, table.state, table.receivedAt, table.id)
      .where(sql`${table.status} not in ('closed', 'rejected') and ${table.recipientId} is not null`),
    index('cases_inbox_executor_state_idx')
      .on(table.tenantId, table.executorId, table.workflowId, table.state, table.receivedAt, table.id)
      .where(sql`${table.status} not in ('closed', 'rejected') and ${table.executorId} is not null`),
    index('cases_inbox_recipient_due_idx')
      .on(table.tenantId, table.recipientId, table.dueAt, table.id)
      .where(sql`${table.status} in ('new', 'moderation', 'in_work', 'answer_review')`),
    index('cases_inbox_due_idx')
      .on(table.tenantId, table.dueAt, table.id)
      .where(sql`${table.status} in ('new', 'moderation', 'in_work', 'answer_review')`),
    index('cases_status_idx').on(table.tenantId, table.status, table.dueAt),
    // Analytics (migration 0014): the incremental refresh of measures and the period × channel × topic filters.
    index('cases_updated_at_idx').on(table.updatedAt),
    index('cases_analytics_idx').on(table.tenantId, table.receivedAt, table.channel, table.category),
    // Analytics (migration 0017): heat-map points read from the index alone (INCLUDE id, latitude,
    // longitude, category in the SQL; drizzle's index builder cannot say INCLUDE).
    index('cases_points_idx')
      .on(table.tenantId, table.receivedAt)
      .where(sql`${table.latitude} is not null and ${table.longitude} is not null`),
    // Migration 0023: «Все» filtered by fast track or by district, read from the index alone (both INCLUDE
    // the usual filters in the SQL).
    index('cases_fast_track_idx').on(table.tenantId, table.receivedAt, table.id).where(sql`${table.isFastTrack}`),
    index('cases_district_idx').on(table.tenantId, table.district, table.receivedAt, table.id),
    index('cases_recipient_idx').on(table.tenantId, table.recipientId, table.receivedAt, table.id),
    index('cases_executor_idx').on(table.tenantId, table.executorId, table.receivedAt, table.id),
    // Migration 0028: cases near a point in a period, by bands of 0.001° of latitude (INCLUDE latitude,
    // longitude in the SQL).
    index('cases_place_idx')
      .on(table.tenantId, sql`floor(${table.latitude} * 1000)`, table.receivedAt)
      .where(sql`${table.latitude} is not null and ${table.longitude} is not null`),
    // Migration 0027: repeat appeals of an applicant, by the last 10 digits of the phone and by the e-mail.
    index('cases_repeat_phone_idx')
      .on(
        table.tenantId,
        sql`right(regexp_replace(coalesce(${table.applicantPhone}, ''), '\D', '', 'g'), 10)`,
        table.receivedAt,
      )
      .where(sql`${table.applicantPhone} is not null`),
    index('cases_repeat_email_idx')
      .on(table.tenantId, sql`lower(${table.applicantEmail})`, table.receivedAt)
      .where(sql`${table.applicantEmail} is not null`),
    check('cases_channel_check', sql`${table.channel} in (${inList(CHANNELS)})`),
    check('cases_kind_check', sql`${table.kind} in (${inList(CASE_KINDS)})`),
    check('cases_status_check', sql`${table.status} in (${inList(CASE_STATUSES)})`),
    check('cases_priority_check', sql`${table.priority} in ('low', 'normal', 'high', 'urgent')`),
  ],
);

/** Per-tenant, per-year counters for human case numbers («ЗР-2026-000123»), taken in the same transaction. */
export const caseNumberCounters = pgTable(
  'case_number_counters',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    lastValue: integer('last_value').notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.year] })],
);

/** The timeline of a case: every action with who, when, from → to and what it carried (rows up to 8160 bytes uncompressed: 0031). */
export const caseEvents = pgTable(
  'case_events',
  {
    // No foreign key to tenants (migration 0030): an entry is written only with its case, whose row checks it.
    tenantId: uuid('tenant_id').notNull(),
    id: bigserial('id', { mode: 'number' }).notNull(),
    caseId: uuid('case_id').notNull(),
    action: text('action').notNull(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role'),
    fromState: text('from_state'),
    toState: text('to_state'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    events: text('events').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // The entry's place in its case's timeline (migration 0032): the timeline is read per case, never by the
    // number alone, and the key doubles as that index. The number comes from the sequence, unique on its own.
    primaryKey({ columns: [table.tenantId, table.caseId, table.id] }),
    index('case_events_created_idx').on(table.tenantId, table.createdAt),
  ],
);
