import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants } from './organization.schema.js';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * The classifier's models of a tenant as versioned data (docs/classifier.md): every training run leaves a
 * row with its held-out scores; at most one is `active` (used for suggestions and auto-apply), a better
 * newcomer turns it `superseded`, a newcomer that did not score better stays `rejected`.
 * `model` is the gzip-compressed model JSON (format otklik-triage-model).
 */
export const triageModels = pgTable(
  'triage_models',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    version: integer('version').notNull(),
    status: text('status', { enum: ['active', 'rejected', 'superseded'] }).notNull(),
    trigger: text('trigger', { enum: ['schedule', 'manual'] }).notNull(),
    triggeredBy: uuid('triggered_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    /** Cases the model learned from (the earlier part of the history). */
    trainedOn: integer('trained_on').notNull(),
    /** The latest cases by date kept out of training and used to score it. */
    heldOut: integer('held_out').notNull(),
    trainedUntil: timestamp('trained_until', { withTimezone: true }),
    heldOutFrom: timestamp('held_out_from', { withTimezone: true }),
    /** Per label: n, accuracy, macro-F1 on the held-out cases. */
    metrics: jsonb('metrics').$type<Record<string, unknown>>().notNull(),
    /** The comparison score: mean accuracy over the labels scored. */
    score: doublePrecision('score').notNull(),
    /** The active model's scores on the same held-out cases when the newcomer was judged. */
    comparedWith: jsonb('compared_with').$type<Record<string, unknown>>(),
    /** Why it was activated or rejected (Russian, shown in the list of versions). */
    decision: text('decision').notNull(),
    trainSeconds: doublePrecision('train_seconds').notNull(),
    modelBytes: integer('model_bytes').notNull(),
    model: bytea('model').notNull(),
  },
  (table) => [
    primaryKey({ name: 'triage_models_pk', columns: [table.tenantId, table.id] }),
    uniqueIndex('triage_models_version_key').on(table.tenantId, table.version),
    uniqueIndex('triage_models_active_key').on(table.tenantId).where(sql`${table.status} = 'active'`),
    check('triage_models_status_check', sql`${table.status} in ('active', 'rejected', 'superseded')`),
    check('triage_models_trigger_check', sql`${table.trigger} in ('schedule', 'manual')`),
  ],
);

/** A tenant's classifier settings: the confidence from which intake applies the prediction (null = off). */
export const triageSettings = pgTable(
  'triage_settings',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    autoApplyThreshold: doublePrecision('auto_apply_threshold'),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'triage_settings_pk', columns: [table.tenantId] }),
    check(
      'triage_settings_threshold_check',
      sql`${table.autoApplyThreshold} is null or (${table.autoApplyThreshold} >= 0 and ${table.autoApplyThreshold} <= 1)`,
    ),
  ],
);
