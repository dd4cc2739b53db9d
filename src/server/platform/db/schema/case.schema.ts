import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
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

const inList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

/**
 * A case: a message or a 59-ФЗ appeal. The primary key starts with tenant_id (Citus-ready: the
 * municipality is the sharding key); (tenant, channel, external id) makes intake idempotent.
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
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('cases_external_key').on(table.tenantId, table.channel, table.externalId),
    uniqueIndex('cases_number_key').on(table.tenantId, table.number),
    index('cases_received_idx').on(table.tenantId, table.receivedAt),
    index('cases_status_idx').on(table.tenantId, table.status, table.dueAt),
    index('cases_recipient_idx').on(table.tenantId, table.recipientId),
    index('cases_executor_idx').on(table.tenantId, table.executorId),
    check('cases_channel_check', sql`${table.channel} in (${inList(CHANNELS)})`),
    check('cases_kind_check', sql`${table.kind} in (${inList(CASE_KINDS)})`),
    check('cases_status_check', sql`${table.status} in (${inList(CASE_STATUSES)})`),
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

/** The timeline of a case: every action with who, when, from → to and what it carried. */
export const caseEvents = pgTable(
  'case_events',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
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
    primaryKey({ columns: [table.tenantId, table.id] }),
    index('case_events_case_idx').on(table.tenantId, table.caseId, table.id),
    index('case_events_created_idx').on(table.tenantId, table.createdAt),
  ],
);
