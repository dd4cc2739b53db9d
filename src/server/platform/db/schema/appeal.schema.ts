import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  foreignKey,
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
import { cases } from './case.schema.js';
import { tenants } from './organization.schema.js';

/** A tenant's settings of the 59-ФЗ journal: the number prefix («ОГ») and the repeat-detection period. */
export const appealSettings = pgTable(
  'appeal_settings',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    numberPrefix: text('number_prefix').notNull().default('ОГ'),
    repeatPeriodDays: integer('repeat_period_days').notNull().default(365),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId], name: 'appeal_settings_pkey' }),
    check('appeal_settings_period_check', sql`${table.repeatPeriodDays} between 1 and 3650`),
  ],
);

/** Per-tenant, per-year counter of registration numbers, taken in the registering transaction. */
export const appealRegistrationCounters = pgTable(
  'appeal_registration_counters',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    lastValue: integer('last_value').notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.year], name: 'appeal_registration_counters_pkey' })],
);

/** One row of the 59-ФЗ registration journal: an appeal (a case of kind `appeal`) and its registration. */
export const appealRegistrations = pgTable(
  'appeal_registrations',
  {
    tenantId: uuid('tenant_id').notNull(),
    caseId: uuid('case_id').notNull(),
    number: text('number').notNull(),
    year: integer('year').notNull(),
    sequence: integer('sequence').notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    registeredBy: uuid('registered_by'),
    /** letter, email, reception, epgu. */
    receiptForm: text('receipt_form').notNull(),
    /** statement (заявление), proposal (предложение), complaint (жалоба). */
    appealType: text('appeal_type').notNull(),
    isCollective: boolean('is_collective').notNull().default(false),
    signatoryCount: integer('signatory_count').notNull().default(1),
    classifierCode: text('classifier_code'),
    applicantName: text('applicant_name').notNull(),
    applicantAddress: text('applicant_address'),
    applicantEmail: text('applicant_email'),
    applicantPhone: text('applicant_phone'),
    /** The normalised name: repeat detection looks up earlier appeals by it. */
    applicantKey: text('applicant_key').notNull(),
    subjectStems: text('subject_stems').array().notNull().default(sql`'{}'::text[]`),
    isRepeat: boolean('is_repeat').notNull().default(false),
    repeatOf: uuid('repeat_of').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.caseId], name: 'appeal_registrations_pkey' }),
    foreignKey({
      columns: [table.tenantId, table.caseId],
      foreignColumns: [cases.tenantId, cases.id],
      name: 'appeal_registrations_case_fk',
    }),
    uniqueIndex('appeal_registrations_number_key').on(table.tenantId, table.number),
    index('appeal_registrations_registered_idx').on(table.tenantId, table.registeredAt),
    index('appeal_registrations_applicant_idx').on(table.tenantId, table.applicantKey, table.registeredAt),
    check('appeal_registrations_form_check', sql`${table.receiptForm} in ('letter', 'email', 'reception', 'epgu')`),
    check('appeal_registrations_type_check', sql`${table.appealType} in ('statement', 'proposal', 'complaint')`),
    check(
      'appeal_registrations_signatories_check',
      sql`${table.signatoryCount} >= 1 and (${table.isCollective} = false or ${table.signatoryCount} >= 2)`,
    ),
  ],
);

/** The tenant's connection to the ПОС integration API and the state of its last sync. */
export const posSyncSettings = pgTable(
  'pos_sync_settings',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    baseUrl: text('base_url').notNull(),
    login: text('login').notNull(),
    /** Never returned by the API. */
    password: text('password').notNull(),
    scope: text('scope').notNull(),
    isEnabled: boolean('is_enabled').notNull().default(true),
    /** `updatedAt` of the newest appeal already read: the next run asks for changes after it. */
    cursor: text('cursor'),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    lastError: text('last_error'),
    lastSummary: jsonb('last_summary').$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId], name: 'pos_sync_settings_pkey' })],
);

/** Our actions on ПОС cases waiting to be pushed to the platform (written in the action's transaction). */
export const posOutbox = pgTable(
  'pos_outbox',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: bigserial('id', { mode: 'number' }).notNull(),
    caseId: uuid('case_id').notNull(),
    externalId: text('external_id').notNull(),
    operation: text('operation').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id], name: 'pos_outbox_pkey' }),
    index('pos_outbox_due_idx').on(table.status, table.nextAttemptAt),
    index('pos_outbox_case_idx').on(table.tenantId, table.caseId, table.id),
    check('pos_outbox_status_check', sql`${table.status} in ('pending', 'sent', 'failed')`),
  ],
);

/** A ПОС appeal we have read: its case, and the platform's status and history (with `answerAt`). */
export const posAppeals = pgTable(
  'pos_appeals',
  {
    tenantId: uuid('tenant_id').notNull(),
    externalId: text('external_id').notNull(),
    caseId: uuid('case_id').notNull(),
    status: text('status').notNull(),
    statusAt: timestamp('status_at', { withTimezone: true }),
    answerAt: timestamp('answer_at', { withTimezone: true }),
    history: jsonb('history').$type<unknown[]>().notNull().default([]),
    /** The platform's `updatedAt` as it sent it: an unchanged appeal is skipped. */
    platformUpdatedAt: text('platform_updated_at'),
    syncedAt: timestamp('synced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.externalId], name: 'pos_appeals_pkey' }),
    foreignKey({
      columns: [table.tenantId, table.caseId],
      foreignColumns: [cases.tenantId, cases.id],
      name: 'pos_appeals_case_fk',
    }),
    uniqueIndex('pos_appeals_case_key').on(table.tenantId, table.caseId),
  ],
);
