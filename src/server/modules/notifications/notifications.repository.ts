import type { Queryable } from '../../platform/audit.js';

// ── Who is told: a person, their address and their choices ──────────────────────────────────────────

export type RecipientRow = {
  userId: string;
  tenantId: string;
  email: string | null;
  isActive: boolean;
  timezone: string;
  isEmailEnabled: boolean;
  isTelegramEnabled: boolean;
  telegramChatId: string | null;
  quietFrom: string | null;
  quietTo: string | null;
  mutedKinds: string[];
};

/** The people, with their e-mail, their tenant's zone and their preferences (defaults when they have none). */
export async function findRecipients(database: Queryable, userIds: readonly string[]): Promise<RecipientRow[]> {
  const result = await database.query<RecipientRow>(
    `select u.id as "userId", u.tenant_id as "tenantId", u.email, u.is_active as "isActive", t.timezone,
            coalesce(p.is_email_enabled, true) as "isEmailEnabled",
            coalesce(p.is_telegram_enabled, false) as "isTelegramEnabled",
            p.telegram_chat_id as "telegramChatId", p.quiet_from as "quietFrom", p.quiet_to as "quietTo",
            coalesce(p.muted_kinds, '{}'::text[]) as "mutedKinds"
       from users u
       join tenants t on t.id = u.tenant_id
       left join notification_preferences p on p.user_id = u.id
      where u.id = any($1::uuid[])`,
    [userIds],
  );
  return result.rows;
}

// ── Notifications (the bell) ────────────────────────────────────────────────────────────────────────

export type NotificationRow = {
  id: string;
  tenantId: string;
  kind: string;
  title: string;
  body: string;
  caseId: string | null;
  createdAt: Date;
  readAt: Date | null;
};

const NOTIFICATION_COLUMNS = `id, tenant_id as "tenantId", kind, title, body, case_id as "caseId",
  created_at as "createdAt", read_at as "readAt"`;

/**
 * Serializes writers of one (person, dedupe key) until the transaction ends, so the «is it there already?»
 * check below cannot race with another transaction inserting the same key. Must run inside a transaction.
 */
export async function lockDedupeKey(database: Queryable, userId: string, dedupeKey: string): Promise<void> {
  await database.query(
    `select pg_advisory_xact_lock(hashtextextended('notifications.dedupe:' || $1 || ':' || $2, 0))`,
    [userId, dedupeKey],
  );
}

/** Inserts the notification unless the person already has one with this dedupe key; the new id, or undefined. */
export async function insertNotificationUnlessDuplicate(
  database: Queryable,
  row: {
    tenantId: string;
    userId: string;
    kind: string;
    title: string;
    body: string;
    caseId: string | null;
    dedupeKey: string | null;
  },
): Promise<string | undefined> {
  const result = await database.query<{ id: string }>(
    `insert into notifications (tenant_id, user_id, kind, title, body, case_id, dedupe_key)
     select $1, $2, $3, $4, $5, $6, $7
      where $7::text is null
         or not exists (select 1 from notifications where user_id = $2 and dedupe_key = $7)
     returning id`,
    [row.tenantId, row.userId, row.kind, row.title, row.body, row.caseId, row.dedupeKey],
  );
  return result.rows[0]?.id;
}

/** Inserts a notification for an outside e-mail address (no person, no bell) unless one with the key exists. */
export async function insertAddressNotificationUnlessDuplicate(
  database: Queryable,
  row: { tenantId: string; emailAddress: string; kind: string; title: string; body: string; dedupeKey: string },
): Promise<string | undefined> {
  await database.query(
    `select pg_advisory_xact_lock(hashtextextended('notifications.address-dedupe:' || $1 || ':' || $2, 0))`,
    [row.emailAddress, row.dedupeKey],
  );
  const result = await database.query<{ id: string }>(
    `insert into notifications (tenant_id, user_id, email_address, kind, title, body, dedupe_key)
     select $1, null, $2, $3, $4, $5, $6
      where not exists (select 1 from notifications where user_id is null and email_address = $2 and dedupe_key = $6)
     returning id`,
    [row.tenantId, row.emailAddress, row.kind, row.title, row.body, row.dedupeKey],
  );
  return result.rows[0]?.id;
}

export type NewDelivery = { channel: string; address: string; notBefore: Date };

export async function insertDeliveries(
  database: Queryable,
  tenantId: string,
  notificationId: string,
  deliveries: readonly NewDelivery[],
): Promise<void> {
  if (deliveries.length === 0) return;
  await database.query(
    `insert into notification_deliveries (tenant_id, notification_id, channel, address, not_before)
     select $1, $2, channel, address, not_before
       from unnest($3::text[], $4::text[], $5::timestamptz[]) as fresh(channel, address, not_before)`,
    [
      tenantId,
      notificationId,
      deliveries.map((delivery) => delivery.channel),
      deliveries.map((delivery) => delivery.address),
      deliveries.map((delivery) => delivery.notBefore.toISOString()),
    ],
  );
}

export type NewAttachment = { source: 'analytics_report'; sourceId: string; fileName: string; contentType: string };

/** The files the notification's e-mail carries: references only (see migration 0026), in the given order. */
export async function insertAttachments(
  database: Queryable,
  tenantId: string,
  notificationId: string,
  attachments: readonly NewAttachment[],
): Promise<void> {
  if (attachments.length === 0) return;
  await database.query(
    `insert into notification_attachments (tenant_id, notification_id, position, source, source_id, file_name, content_type)
     select $1, $2, fresh.position - 1, fresh.source, fresh.source_id, fresh.file_name, fresh.content_type
       from unnest($3::text[], $4::uuid[], $5::text[], $6::text[]) with ordinality
            as fresh(source, source_id, file_name, content_type, position)`,
    [
      tenantId,
      notificationId,
      attachments.map((item) => item.source),
      attachments.map((item) => item.sourceId),
      attachments.map((item) => item.fileName),
      attachments.map((item) => item.contentType),
    ],
  );
}

export async function listNotifications(
  database: Queryable,
  userId: string,
  options: { isUnreadOnly: boolean; limit: number; offset: number },
): Promise<{ rows: NotificationRow[]; total: number; unreadCount: number }> {
  const unreadFilter = options.isUnreadOnly ? 'and read_at is null' : '';
  const rows = await database.query<NotificationRow>(
    `select ${NOTIFICATION_COLUMNS} from notifications
      where user_id = $1 ${unreadFilter}
      order by created_at desc, id desc
      limit $2 offset $3`,
    [userId, options.limit, options.offset],
  );
  const counts = await database.query<{ total: number; unread: number }>(
    `select count(*)::int as total, count(*) filter (where read_at is null)::int as unread
       from notifications where user_id = $1`,
    [userId],
  );
  const total = counts.rows[0]?.total ?? 0;
  const unreadCount = counts.rows[0]?.unread ?? 0;
  return { rows: rows.rows, total: options.isUnreadOnly ? unreadCount : total, unreadCount };
}

export async function countUnread(database: Queryable, userId: string): Promise<number> {
  const result = await database.query<{ count: number }>(
    'select count(*)::int as count from notifications where user_id = $1 and read_at is null',
    [userId],
  );
  return result.rows[0]?.count ?? 0;
}

/** Unread counts of many people in one query (people with none are absent from the map). */
export async function countUnreadByUser(database: Queryable, userIds: readonly string[]): Promise<Map<string, number>> {
  const result = await database.query<{ userId: string; count: number }>(
    `select user_id as "userId", count(*)::int as count from notifications
      where user_id = any($1::uuid[]) and read_at is null
      group by user_id`,
    [userIds],
  );
  return new Map(result.rows.map((row) => [row.userId, row.count]));
}

/** Marks one of the person's notifications read (the first reading time stays); undefined when not theirs. */
export async function markRead(database: Queryable, userId: string, id: string): Promise<NotificationRow | undefined> {
  const result = await database.query<NotificationRow>(
    `update notifications set read_at = coalesce(read_at, now())
      where id = $1 and user_id = $2
      returning ${NOTIFICATION_COLUMNS}`,
    [id, userId],
  );
  return result.rows[0];
}

export async function markAllRead(database: Queryable, userId: string): Promise<number> {
  const result = await database.query(
    'update notifications set read_at = now() where user_id = $1 and read_at is null',
    [userId],
  );
  return result.rowCount ?? 0;
}

export async function findNotification(
  database: Queryable,
  userId: string,
  id: string,
): Promise<NotificationRow | undefined> {
  const result = await database.query<NotificationRow>(
    `select ${NOTIFICATION_COLUMNS} from notifications where id = $1 and user_id = $2`,
    [id, userId],
  );
  return result.rows[0];
}

// ── Deliveries, as the person sees them ─────────────────────────────────────────────────────────────

export type DeliveryRow = {
  id: string;
  notificationId: string;
  channel: string;
  address: string;
  status: string;
  attempts: number;
  lastError: string | null;
  notBefore: Date;
  sentAt: Date | null;
  createdAt: Date;
};

export const DELIVERY_LIST_LIMIT = 200;

/** The person's own deliveries, newest first; of one notification when `notificationId` is given. */
export async function listDeliveries(
  database: Queryable,
  userId: string,
  notificationId: string | undefined,
): Promise<DeliveryRow[]> {
  const result = await database.query<DeliveryRow>(
    `select d.id, d.notification_id as "notificationId", d.channel, d.address, d.status, d.attempts,
            d.last_error as "lastError", d.not_before as "notBefore", d.sent_at as "sentAt", d.created_at as "createdAt"
       from notification_deliveries d
       join notifications n on n.tenant_id = d.tenant_id and n.id = d.notification_id
      where n.user_id = $1 and ($2::uuid is null or n.id = $2)
      order by d.created_at desc, d.channel
      limit ${DELIVERY_LIST_LIMIT}`,
    [userId, notificationId ?? null],
  );
  return result.rows;
}

// ── Preferences ─────────────────────────────────────────────────────────────────────────────────────

export type PreferencesRow = {
  isEmailEnabled: boolean;
  isTelegramEnabled: boolean;
  telegramChatId: string | null;
  quietFrom: string | null;
  quietTo: string | null;
  mutedKinds: string[];
};

export async function findPreferences(database: Queryable, userId: string): Promise<PreferencesRow | undefined> {
  const result = await database.query<PreferencesRow>(
    `select is_email_enabled as "isEmailEnabled", is_telegram_enabled as "isTelegramEnabled",
            telegram_chat_id as "telegramChatId", quiet_from as "quietFrom", quiet_to as "quietTo",
            muted_kinds as "mutedKinds"
       from notification_preferences where user_id = $1`,
    [userId],
  );
  return result.rows[0];
}

export async function upsertPreferences(
  database: Queryable,
  tenantId: string,
  userId: string,
  preferences: PreferencesRow,
): Promise<void> {
  await database.query(
    `insert into notification_preferences
       (tenant_id, user_id, is_email_enabled, is_telegram_enabled, telegram_chat_id, quiet_from, quiet_to, muted_kinds, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, now())
     on conflict (user_id) do update set
       is_email_enabled = excluded.is_email_enabled, is_telegram_enabled = excluded.is_telegram_enabled,
       telegram_chat_id = excluded.telegram_chat_id, quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to,
       muted_kinds = excluded.muted_kinds, updated_at = now()`,
    [
      tenantId,
      userId,
      preferences.isEmailEnabled,
      preferences.isTelegramEnabled,
      preferences.telegramChatId,
      preferences.quietFrom,
      preferences.quietTo,
      preferences.mutedKinds,
    ],
  );
}

export async function findUserEmail(database: Queryable, userId: string): Promise<string | null> {
  const result = await database.query<{ email: string | null }>('select email from users where id = $1', [userId]);
  return result.rows[0]?.email ?? null;
}
