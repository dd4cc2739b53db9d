import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './organization.schema.js';

/**
 * Routing rules («автоправила») of a tenant, evaluated in `position` order by the shared engine
 * (src/shared/routing). `definition` is the zod-validated rule (conditions, actions, stop flag).
 */
export const routingRules = pgTable(
  'routing_rules',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'routing_rules_pk', columns: [table.tenantId, table.id] }),
    index('routing_rules_position_idx').on(table.tenantId, table.position),
  ],
);

/** Every saved state of a rule (kept after the rule is deleted): the history shown beside the rule. */
export const routingRuleVersions = pgTable(
  'routing_rule_versions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    ruleId: uuid('rule_id').notNull(),
    version: integer('version').notNull(),
    change: text('change').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    changedBy: uuid('changed_by'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'routing_rule_versions_pk', columns: [table.tenantId, table.ruleId, table.version] }),
    check(
      'routing_rule_versions_change_check',
      sql`${table.change} in ('created', 'updated', 'enabled', 'disabled', 'moved', 'deleted')`,
    ),
  ],
);
