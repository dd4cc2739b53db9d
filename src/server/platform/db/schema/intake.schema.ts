import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
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
import { SERVICE_ATTRIBUTE_DATATYPES } from '../../../../shared/contracts/open311.contract.js';
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

/**
 * API keys of a tenant (Open311 clients, the Инцидент менеджмент webhook). Only the SHA-256 of the key
 * is stored; the key itself is shown once when it is issued.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    /** The first characters of the key, to tell keys apart in the list. */
    keyPrefix: text('key_prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.id] }), uniqueIndex('api_keys_hash_key').on(table.keyHash)],
);

/** Open311 attributes of a service (an item of the tenant's `own` rubricator): what a client must send with it. */
export const serviceAttributes = pgTable(
  'service_attributes',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    itemId: uuid('item_id').notNull(),
    code: text('code').notNull(),
    datatype: text('datatype', { enum: SERVICE_ATTRIBUTE_DATATYPES }).notNull(),
    description: text('description').notNull(),
    datatypeDescription: text('datatype_description'),
    isRequired: boolean('is_required').notNull().default(false),
    isVariable: boolean('is_variable').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    values: jsonb('values').$type<Array<{ key: string; name: string }>>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('service_attributes_code_key').on(table.tenantId, table.itemId, table.code),
    check(
      'service_attributes_datatype_check',
      sql`${table.datatype} in ('string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist')`,
    ),
  ],
);

/**
 * What a channel brought beside the case itself: the Open311 token for deferred creation, the hash of
 * the public status link's secret (web form), the API key, service code, attribute values, media URL.
 */
export const intakeSubmissions = pgTable(
  'intake_submissions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    caseId: uuid('case_id').notNull(),
    channel: text('channel').notNull(),
    token: text('token').notNull(),
    statusTokenHash: text('status_token_hash'),
    apiKeyId: uuid('api_key_id'),
    serviceCode: text('service_code'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    mediaUrl: text('media_url'),
    addressId: text('address_id'),
    deviceId: text('device_id'),
    accountId: text('account_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.caseId] }),
    uniqueIndex('intake_submissions_token_key').on(table.tenantId, table.token),
    uniqueIndex('intake_submissions_status_token_key').on(table.statusTokenHash),
  ],
);

/** `Idempotency-Key` of a request: the hash of what was asked and the answer given (kept 24 hours). */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    contentType: text('content_type'),
    responseBody: text('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'idempotency_keys_pk', columns: [table.tenantId, table.scope, table.key] }),
    index('idempotency_keys_created_idx').on(table.createdAt),
  ],
);

/** Comments a channel delivered (by their id there): a comment delivered twice is taken once. */
export const intakeCommentReceipts = pgTable(
  'intake_comment_receipts',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    caseId: uuid('case_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'intake_comment_receipts_pk', columns: [table.tenantId, table.channel, table.externalId] }),
  ],
);

/** Installation-wide intake settings (the secret that signs the public form's fill-time token). */
export const intakeSettings = pgTable('intake_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
