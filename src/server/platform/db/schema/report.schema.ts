import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants, users } from './organization.schema.js';

/**
 * When a tenant's weekly note is made (ISO weekday 1 = Monday, local HH:MM in `timezone`), whether at all,
 * and the outside e-mail addresses it goes to besides the subscribed people (analytics_subscriptions).
 * No row: Monday 07:00 in the tenant's zone, on.
 */
export const reportSchedules = pgTable(
  'report_schedules',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id),
    weekday: integer('weekday').notNull(),
    localTime: text('local_time').notNull(),
    timezone: text('timezone').notNull(),
    isEnabled: boolean('is_enabled').notNull().default(true),
    subscriberEmails: text('subscriber_emails').array().notNull().default(sql`'{}'::text[]`),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('report_schedules_weekday_check', sql`${table.weekday} between 1 and 7`),
    check('report_schedules_local_time_check', sql`${table.localTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
  ],
);

/** One claim per tenant, report kind and period: whoever inserts it makes the report (once). */
export const reportRuns = pgTable(
  'report_runs',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    kind: text('kind', { enum: ['weekly', 'kpi'] }).notNull(),
    period: text('period').notNull(),
    status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    error: text('error'),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.kind, table.period] })],
);

/**
 * KPI definitions as data, versioned: each save of a region's (ЦУР) or a municipality's set is a new version;
 * the latest is in force. A municipality without its own set uses its region's; a region without one — the
 * shipped ЦУР defaults.
 */
export const kpiDefinitionVersions = pgTable(
  'kpi_definition_versions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    version: integer('version').notNull(),
    definitions: jsonb('definitions').notNull(),
    comment: text('comment'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.version] }),
    check('kpi_definition_versions_version_check', sql`${table.version} > 0`),
  ],
);
