import type pg from 'pg';
import { z } from 'zod';
import {
  type Delivery,
  type DeliveryListQuery,
  NOTIFICATION_KINDS,
  NOTIFICATION_URGENCIES,
  type Notification,
  type NotificationChannel,
  type NotificationKind,
  type NotificationListQuery,
  type NotificationListResponse,
  type NotificationPreferences,
  type NotificationUrgency,
  type ReadAllResponse,
  type UpdateNotificationPreferencesInput,
} from '../../../shared/contracts/notifications.contract.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { AppConfig } from '../../platform/config.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import { wakeUpDeliveryWorker } from './notification-wake-up.js';
import * as repository from './notifications.repository.js';
import { endOfQuietPeriod } from './quiet-hours.js';

// ── notifyPeople: what other modules call ───────────────────────────────────────────────────────────

export type NotifyPeopleInput = {
  /** The tenant the event belongs to (the case's municipality). */
  tenantId: string;
  userIds: readonly string[];
  kind: NotificationKind;
  title: string;
  body: string;
  caseId?: string | null;
  /** Same key for the same person → one notification, however often or by however many processes it is sent. */
  dedupeKey?: string | null;
  /** `urgent` is delivered during quiet hours too. */
  urgency?: NotificationUrgency;
  /** Files the e-mail carries (Telegram and the bell get the text only); references, loaded when sending. */
  attachments?: readonly NotificationAttachmentReference[];
};

/**
 * A file kept elsewhere that a notification's e-mail carries: today an archived report (`analytics_reports.id`).
 * Only the reference is stored; the delivery job loads the bytes at each attempt (and fails the delivery with the
 * reason when the file is gone or the files are too large to mail).
 */
export type NotificationAttachmentReference = {
  source: 'analytics_report';
  id: string;
  fileName: string;
  contentType: string;
};

const AttachmentReferenceSchema = z.object({
  source: z.enum(['analytics_report'], 'attachments: допустимый источник файла — analytics_report'),
  id: z.string().uuid('attachments: ожидается идентификатор файла (UUID)'),
  fileName: z.string().trim().min(1, 'attachments: нужно имя файла').max(255, 'attachments: имя файла не длиннее 255'),
  contentType: z.string().trim().min(1, 'attachments: нужен тип файла').max(255),
});
const AttachmentsSchema = z.array(AttachmentReferenceSchema).max(10, 'attachments: не больше 10 файлов').default([]);

function toNewAttachments(attachments: readonly NotificationAttachmentReference[]): repository.NewAttachment[] {
  return attachments.map((item) => ({
    source: item.source,
    sourceId: item.id,
    fileName: item.fileName,
    contentType: item.contentType,
  }));
}

export type NotifyPeopleOptions = {
  /**
   * The caller's open transaction: the notifications (and the job that sends them) commit or roll back with
   * the caller's change. It must be inside `begin … commit` — the duplicate check relies on a transaction lock.
   */
  transaction?: pg.PoolClient;
  /** The clock, for tests. */
  now?: Date;
};

export type NotifyPeopleResult = {
  created: Array<{ userId: string; notificationId: string; channels: NotificationChannel[] }>;
  /** People who already had a notification with this dedupe key. */
  duplicateUserIds: string[];
  /** Ids that are no person, or a person who is switched off: nobody to tell. */
  skippedUserIds: string[];
};

const NotifyPeopleInputSchema = z.object({
  tenantId: z.string().uuid('tenantId: ожидается идентификатор (UUID)'),
  userIds: z.array(z.string().uuid('userIds: ожидается идентификатор (UUID)')).max(10_000),
  kind: z.enum(NOTIFICATION_KINDS, `kind: допустимые виды — ${NOTIFICATION_KINDS.join(', ')}`),
  title: z.string().trim().min(1, 'title: не может быть пустым').max(300, 'title: не длиннее 300 символов'),
  body: z.string().trim().max(4000, 'body: не длиннее 4000 символов'),
  caseId: z.string().uuid('caseId: ожидается идентификатор (UUID)').nullish(),
  dedupeKey: z.string().trim().min(1, 'dedupeKey: не может быть пустым').max(300).nullish(),
  urgency: z.enum(NOTIFICATION_URGENCIES).default('normal'),
  attachments: AttachmentsSchema,
});

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Tells people something: one bell notification per person (none if the person already has one with the
 * same dedupe key) and a pending delivery for each channel the person has switched on — e-mail if they have an
 * address, Telegram if they gave a chat. Muted kinds get no delivery but still reach the bell; during the
 * person's quiet hours a delivery waits for their end unless the notification is urgent. Deliveries go out
 * from the `notifications.deliver` job, woken right after the change commits.
 */
export async function notifyPeople(
  database: Database,
  input: NotifyPeopleInput,
  options: NotifyPeopleOptions = {},
): Promise<NotifyPeopleResult> {
  const parsed = NotifyPeopleInputSchema.safeParse(input);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
    throw new AppError(
      'VALIDATION_FAILED',
      `Уведомление не создано: ${fields[0]?.message ?? 'неверные данные'}.`,
      fields,
    );
  }
  const notification = parsed.data;
  const now = options.now ?? new Date();
  const work = (client: pg.PoolClient) => writeNotifications(client, notification, now);
  if (options.transaction) {
    const result = await work(options.transaction);
    if (result.created.length > 0) await wakeUpDeliveryWorker(database, options.transaction);
    return result;
  }
  const result = await withTransaction(database.pool, work);
  if (result.created.length > 0) await wakeUpDeliveryWorker(database);
  return result;
}

async function writeNotifications(
  client: pg.PoolClient,
  input: z.infer<typeof NotifyPeopleInputSchema>,
  now: Date,
): Promise<NotifyPeopleResult> {
  // Sorted, so two transactions notifying overlapping people take the dedupe locks in one order (no deadlock).
  const userIds = [...new Set(input.userIds)].sort();
  const result: NotifyPeopleResult = { created: [], duplicateUserIds: [], skippedUserIds: [] };
  if (userIds.length === 0) return result;
  const recipients = new Map((await repository.findRecipients(client, userIds)).map((row) => [row.userId, row]));
  for (const userId of userIds) {
    const recipient = recipients.get(userId);
    if (!recipient?.isActive) {
      result.skippedUserIds.push(userId);
      continue;
    }
    const dedupeKey = input.dedupeKey ?? null;
    if (dedupeKey) await repository.lockDedupeKey(client, userId, dedupeKey);
    const notificationId = await repository.insertNotificationUnlessDuplicate(client, {
      tenantId: input.tenantId,
      userId,
      kind: input.kind,
      title: input.title,
      body: input.body,
      caseId: input.caseId ?? null,
      dedupeKey,
    });
    if (!notificationId) {
      result.duplicateUserIds.push(userId);
      continue;
    }
    const deliveries = planDeliveries(recipient, input.kind, input.urgency, now);
    await repository.insertDeliveries(client, input.tenantId, notificationId, deliveries);
    await repository.insertAttachments(client, input.tenantId, notificationId, toNewAttachments(input.attachments));
    result.created.push({
      userId,
      notificationId,
      channels: deliveries.map((delivery) => delivery.channel as NotificationChannel),
    });
  }
  return result;
}

export type NotifyEmailAddressesInput = {
  tenantId: string;
  /** Outside addresses (people without an account in Otklik): one e-mail each, no bell, no preferences. */
  emails: readonly string[];
  kind: NotificationKind;
  title: string;
  body: string;
  /** Same key for the same address → one e-mail, however often or by however many processes it is sent. */
  dedupeKey: string;
  /** Files the e-mail carries (references, loaded when sending; see NotificationAttachmentReference). */
  attachments?: readonly NotificationAttachmentReference[];
};

/**
 * Tells outside e-mail addresses something through the same delivery job, retries and journal as people's
 * e-mails (the delivery waits for no quiet hours: an outside address has none). Returns the addresses told now.
 */
export async function notifyEmailAddresses(database: Database, input: NotifyEmailAddressesInput): Promise<string[]> {
  const emails = [...new Set(input.emails.map((email) => email.trim().toLowerCase()))]
    .filter((email) => EMAIL_PATTERN.test(email))
    .sort();
  if (emails.length === 0) return [];
  const attachments = AttachmentsSchema.safeParse(input.attachments ?? []);
  if (!attachments.success) {
    const fields = attachments.error.issues.map((issue) => ({ field: 'attachments', message: issue.message }));
    throw new AppError(
      'VALIDATION_FAILED',
      `Уведомление не создано: ${fields[0]?.message ?? 'неверные файлы'}.`,
      fields,
    );
  }
  const now = new Date();
  const told = await withTransaction(database.pool, async (client) => {
    const created: string[] = [];
    for (const email of emails) {
      const notificationId = await repository.insertAddressNotificationUnlessDuplicate(client, {
        tenantId: input.tenantId,
        emailAddress: email,
        kind: input.kind,
        title: input.title,
        body: input.body,
        dedupeKey: input.dedupeKey,
      });
      if (!notificationId) continue;
      await repository.insertDeliveries(client, input.tenantId, notificationId, [
        { channel: 'email', address: email, notBefore: now },
      ]);
      await repository.insertAttachments(client, input.tenantId, notificationId, toNewAttachments(attachments.data));
      created.push(email);
    }
    return created;
  });
  if (told.length > 0) await wakeUpDeliveryWorker(database);
  return told;
}

/** Which channels a notification goes out by, to which address, and not before when. Pure. */
export function planDeliveries(
  recipient: Pick<
    repository.RecipientRow,
    | 'email'
    | 'timezone'
    | 'isEmailEnabled'
    | 'isTelegramEnabled'
    | 'telegramChatId'
    | 'quietFrom'
    | 'quietTo'
    | 'mutedKinds'
  >,
  kind: string,
  urgency: NotificationUrgency,
  now: Date,
): repository.NewDelivery[] {
  if (recipient.mutedKinds.includes(kind)) return [];
  const quietEnd =
    urgency !== 'urgent' && recipient.quietFrom && recipient.quietTo
      ? endOfQuietPeriod(now, { from: recipient.quietFrom, to: recipient.quietTo }, recipient.timezone)
      : undefined;
  const notBefore = quietEnd ?? now;
  const deliveries: repository.NewDelivery[] = [];
  const email = recipient.email?.trim();
  if (recipient.isEmailEnabled && email && EMAIL_PATTERN.test(email)) {
    deliveries.push({ channel: 'email', address: email, notBefore });
  }
  if (recipient.isTelegramEnabled && recipient.telegramChatId) {
    deliveries.push({ channel: 'telegram', address: recipient.telegramChatId, notBefore });
  }
  return deliveries;
}

// ── The bell: the person's own notifications ────────────────────────────────────────────────────────

function toNotification(row: repository.NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    caseId: row.caseId,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}

export async function listNotifications(
  database: Database,
  context: AuthContext,
  query: NotificationListQuery,
): Promise<NotificationListResponse> {
  const page = await repository.listNotifications(database.pool, context.userId, {
    isUnreadOnly: query.unreadOnly === 'true',
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: page.rows.map(toNotification),
    total: page.total,
    unreadCount: page.unreadCount,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function countUnread(database: Database, userId: string): Promise<number> {
  return repository.countUnread(database.pool, userId);
}

const notificationNotFound = () =>
  notFound('Уведомление не найдено: его нет или оно адресовано другому человеку. Обновите список.');

export async function markRead(database: Database, context: AuthContext, id: string): Promise<Notification> {
  const row = await repository.markRead(database.pool, context.userId, id);
  if (!row) throw notificationNotFound();
  return toNotification(row);
}

export async function markAllRead(database: Database, context: AuthContext): Promise<ReadAllResponse> {
  const updated = await repository.markAllRead(database.pool, context.userId);
  return { updated, unreadCount: await repository.countUnread(database.pool, context.userId) };
}

export async function listDeliveries(
  database: Database,
  context: AuthContext,
  query: DeliveryListQuery,
): Promise<Delivery[]> {
  if (
    query.notificationId &&
    !(await repository.findNotification(database.pool, context.userId, query.notificationId))
  ) {
    throw notificationNotFound();
  }
  const rows = await repository.listDeliveries(database.pool, context.userId, query.notificationId);
  return rows.map((row) => ({
    id: row.id,
    notificationId: row.notificationId,
    channel: row.channel as Delivery['channel'],
    address: row.address,
    status: row.status as Delivery['status'],
    attempts: row.attempts,
    lastError: row.lastError,
    notBefore: row.notBefore.toISOString(),
    sentAt: row.sentAt ? row.sentAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  }));
}

// ── Preferences ─────────────────────────────────────────────────────────────────────────────────────

const DEFAULT_PREFERENCES: repository.PreferencesRow = {
  isEmailEnabled: true,
  isTelegramEnabled: false,
  telegramChatId: null,
  quietFrom: null,
  quietTo: null,
  mutedKinds: [],
};

export async function getPreferences(
  database: Database,
  context: AuthContext,
  config: Pick<AppConfig, 'smtpUrl' | 'telegramBotToken'>,
): Promise<NotificationPreferences> {
  const stored = (await repository.findPreferences(database.pool, context.userId)) ?? DEFAULT_PREFERENCES;
  return {
    ...stored,
    email: await repository.findUserEmail(database.pool, context.userId),
    timezone: context.tenant.timezone,
    isEmailConfigured: Boolean(config.smtpUrl),
    isTelegramConfigured: Boolean(config.telegramBotToken),
  };
}

export async function updatePreferences(
  database: Database,
  context: AuthContext,
  input: UpdateNotificationPreferencesInput,
  origin: { ipAddress: string; requestId: string },
  config: Pick<AppConfig, 'smtpUrl' | 'telegramBotToken'>,
): Promise<NotificationPreferences> {
  const after: repository.PreferencesRow = {
    isEmailEnabled: input.isEmailEnabled,
    isTelegramEnabled: input.isTelegramEnabled,
    telegramChatId: input.telegramChatId,
    quietFrom: input.quietFrom,
    quietTo: input.quietTo,
    mutedKinds: [...input.mutedKinds].sort(),
  };
  await withTransaction(database.pool, async (client) => {
    const before = (await repository.findPreferences(client, context.userId)) ?? DEFAULT_PREFERENCES;
    await repository.upsertPreferences(client, context.tenant.id, context.userId, after);
    await recordAudit(client, {
      tenantId: context.tenant.id,
      actorUserId: context.userId,
      action: 'notification_preferences.updated',
      objectType: 'notification_preferences',
      objectId: context.userId,
      before,
      after,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return getPreferences(database, context, config);
}
