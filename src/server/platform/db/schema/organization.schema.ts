import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * A tenant is a municipality (МЦУ) or a region (ЦУР). A region's users see all municipalities whose
 * parent it is; a municipality's users see only their own tenant.
 */
export const tenants = pgTable(
  'tenants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    parentId: uuid('parent_id').references((): AnyPgColumn => tenants.id),
    kind: text('kind', { enum: ['region', 'municipality'] }).notNull(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    timezone: text('timezone').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('tenants_slug_key').on(table.slug),
    index('tenants_parent_idx').on(table.parentId),
    check('tenants_kind_check', sql`${table.kind} in ('region', 'municipality')`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    /** A member of the composition may have no account: then login and password hash are null. */
    login: text('login'),
    fullName: text('full_name').notNull(),
    position: text('position'),
    email: text('email'),
    phone: text('phone'),
    recipientId: uuid('recipient_id'),
    passwordHash: text('password_hash'),
    isActive: boolean('is_active').notNull().default(true),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('users_login_key').on(table.login),
    index('users_tenant_idx').on(table.tenantId),
    index('users_recipient_idx').on(table.tenantId, table.recipientId),
  ],
);

export const userRoles = pgTable(
  'user_roles',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.userId, table.role] })],
);

/** Responsible recipients (ответственные получатели) in a hierarchy: forwarding goes along parent links. */
export const recipients = pgTable(
  'recipients',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    parentId: uuid('parent_id'),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('recipients_id_key').on(table.id),
    index('recipients_parent_idx').on(table.tenantId, table.parentId),
    check(
      'recipients_kind_check',
      sql`${table.kind} in ('administration', 'department', 'institution', 'territorial_unit', 'settlement')`,
    ),
  ],
);

/** Thematic blocks (отраслевые тематические блоки) with the topics they cover. */
export const blocks = pgTable(
  'blocks',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
    leaderId: uuid('leader_id').references(() => users.id),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('blocks_id_key').on(table.id),
    uniqueIndex('blocks_name_key').on(table.tenantId, table.name),
  ],
);

export const blockMembers = pgTable(
  'block_members',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    blockId: uuid('block_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.blockId, table.userId] })],
);

/** Substitution (замещение): during [starts_on, ends_on] the substitute sees and acts for the absent person. */
export const substitutions = pgTable(
  'substitutions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    absentId: uuid('absent_id')
      .notNull()
      .references(() => users.id),
    substituteId: uuid('substitute_id')
      .notNull()
      .references(() => users.id),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('substitutions_id_key').on(table.id),
    index('substitutions_substitute_idx').on(table.substituteId, table.startsOn, table.endsOn),
    check('substitutions_period_check', sql`${table.startsOn} <= ${table.endsOn}`),
    check('substitutions_people_check', sql`${table.absentId} <> ${table.substituteId}`),
  ],
);

/** A version of the composition (состав МЦУ) as approved by a legal act; members are a snapshot. */
export const compositions = pgTable(
  'compositions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull().defaultRandom(),
    version: integer('version').notNull(),
    actNumber: text('act_number').notNull(),
    actDate: date('act_date', { mode: 'string' }).notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('compositions_id_key').on(table.id),
    uniqueIndex('compositions_version_key').on(table.tenantId, table.version),
  ],
);

export const compositionMembers = pgTable(
  'composition_members',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    compositionId: uuid('composition_id').notNull(),
    position: integer('line').notNull(),
    fullName: text('full_name').notNull(),
    jobTitle: text('job_title'),
    role: text('role'),
    roleTitle: text('role_title'),
    block: text('block'),
    userId: uuid('user_id').references(() => users.id),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.compositionId, table.position] })],
);
