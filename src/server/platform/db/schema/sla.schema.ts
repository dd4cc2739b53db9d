import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
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
import { tenants, users } from './organization.schema.js';

/**
 * Years of the federal production calendar edited by an administrator (e.g. the 2027 decree): a row
 * replaces the shipped year wholesale. `data` is a `CalendarYear` of src/shared/working-time.
 */
export const productionCalendarYears = pgTable('production_calendar_years', {
  year: integer('year').primaryKey(),
  data: jsonb('data').notNull(),
  source: text('source').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A municipality's own days off (local holidays) on top of the production calendar. */
export const tenantDaysOff = pgTable(
  'tenant_days_off',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    date: date('date', { mode: 'string' }).notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.date] })],
);

/** A tenant's own work schedules, or its version of a built-in one (same id, e.g. `mcu` with lunch). */
export const workSchedules = pgTable(
  'work_schedules',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: text('id').notNull(),
    name: text('name').notNull(),
    week: jsonb('week').notNull(),
    usesProductionCalendar: boolean('uses_production_calendar').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.id] })],
);

/** SLA policies of a tenant, tried in `position` order (first match wins). None: the shipped defaults. */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    match: jsonb('match').notNull(),
    timers: jsonb('timers').notNull(),
    pauseStatuses: text('pause_statuses').array().notNull().default(sql`'{}'::text[]`),
    warningPercent: integer('warning_percent').notNull().default(75),
    isActive: boolean('is_active').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    index('sla_policies_order_idx').on(table.tenantId, table.position),
  ],
);

/** One running clock of a case (first reaction, acceptance, answer, …) with its pauses and outcome. */
export const caseTimers = pgTable(
  'case_timers',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    kind: text('kind').notNull(),
    policyName: text('policy_name').notNull(),
    scheduleId: text('schedule_id').notNull(),
    duration: text('duration').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    warnAt: timestamp('warn_at', { withTimezone: true }),
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    pausedMinutes: integer('paused_minutes').notNull().default(0),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
    warnedAt: timestamp('warned_at', { withTimezone: true }),
    breachedAt: timestamp('breached_at', { withTimezone: true }),
    escalationLevel: integer('escalation_level').notNull().default(0),
    isExtended: boolean('is_extended').notNull().default(false),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('case_timers_kind_key').on(table.tenantId, table.caseId, table.kind),
    index('case_timers_due_idx').on(table.dueAt),
  ],
);

/** Warnings, breaches and escalations that were sent: the key makes each happen once across processes. */
export const timerEvents = pgTable(
  'timer_events',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    timerId: uuid('timer_id').notNull(),
    event: text('event').notNull(),
    level: integer('level').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.timerId, table.event, table.level] })],
);
