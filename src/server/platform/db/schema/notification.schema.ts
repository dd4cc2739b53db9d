import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants, users } from './organization.schema.js';

/** What a person is told (SLA warnings, breaches, escalations, later every event): the in-app bell. */
export const notifications = pgTable(
  'notifications',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    /** The person told; null for an outside e-mail address (a subscriber of the weekly note), see emailAddress. */
    userId: uuid('user_id').references(() => users.id),
    /** An outside address told without a person (no bell, one e-mail delivery); null for a person. */
    emailAddress: text('email_address'),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    caseId: uuid('case_id'),
    /** Same key, same person → one notification (a job retried or run by two processes). */
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index('notifications_user_idx').on(table.userId, table.createdAt),
    // The live unread count polls this for everyone with an open stream (see docs/adr/0007).
    index('notifications_unread_idx').on(table.userId).where(sql`${table.readAt} is null`),
    // The schema itself guarantees one notification per person and event key.
    uniqueIndex('notifications_dedupe_key')
      .on(table.userId, table.dedupeKey)
      .where(sql`${table.dedupeKey} is not null`),
    uniqueIndex('notifications_address_dedupe_key')
      .on(table.emailAddress, table.dedupeKey)
      .where(sql`${table.userId} is null and ${table.dedupeKey} is not null`),
    check('notifications_owner_check', sql`${table.userId} is not null or ${table.emailAddress} is not null`),
  ],
);

/** Each delivery of a notification outside the app (e-mail, Telegram), retried and logged. */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    notificationId: uuid('notification_id').notNull(),
    channel: text('channel').notNull(),
    address: text('address').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index('notification_deliveries_pending_idx').on(table.status, table.notBefore),
  ],
);

/**
 * A file an e-mail of the notification carries, as a reference (`source`, `source_id`) to where the file is kept —
 * an archived report (analytics_reports) — loaded by the delivery job at each attempt, never copied here. No
 * foreign key to the archive: a report gone from it fails the delivery with that reason (migration 0026).
 */
export const notificationAttachments = pgTable(
  'notification_attachments',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    notificationId: uuid('notification_id').notNull(),
    position: smallint('position').notNull(),
    source: text('source', { enum: ['analytics_report'] }).notNull(),
    sourceId: uuid('source_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
  },
  (table) => [
    primaryKey({
      name: 'notification_attachments_pk',
      columns: [table.tenantId, table.notificationId, table.position],
    }),
    foreignKey({
      name: 'notification_attachments_notification_fk',
      columns: [table.tenantId, table.notificationId],
      foreignColumns: [notifications.tenantId, notifications.id],
    }).onDelete('cascade'),
    check('notification_attachments_position_check', sql`${table.position} >= 0`),
    check('notification_attachments_source_check', sql`${table.source} in ('analytics_report')`),
  ],
);

/** A person's choices: channels, Telegram chat, quiet hours (in the tenant's zone), muted kinds. */
export const notificationPreferences = pgTable('notification_preferences', {
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id),
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  isEmailEnabled: boolean('is_email_enabled').notNull().default(true),
  isTelegramEnabled: boolean('is_telegram_enabled').notNull().default(false),
  telegramChatId: text('telegram_chat_id'),
  quietFrom: text('quiet_from'),
  quietTo: text('quiet_to'),
  mutedKinds: text('muted_kinds').array().notNull().default(sql`'{}'::text[]`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
