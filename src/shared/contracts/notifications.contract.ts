import { z } from 'zod';

// ── Kinds, channels, statuses ───────────────────────────────────────────────────────────────────────

/** What a notification is about. New events add a kind here (and a title); the bell shows unknown kinds as they are. */
export const NOTIFICATION_KINDS = [
  'sla.warning',
  'sla.breach',
  'sla.escalation',
  'case.urgent',
  'case.mention',
  'analytics.report',
  'analytics.kpi_due',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_KIND_TITLES: Record<NotificationKind, string> = {
  'sla.warning': 'Срок скоро истечёт',
  'sla.breach': 'Срок нарушен',
  'sla.escalation': 'Эскалация',
  'case.urgent': 'Срочный запрос',
  'case.mention': 'Упоминание в комментарии',
  'analytics.report': 'Аналитическая записка',
  'analytics.kpi_due': 'Срок отчёта КПЭ',
};

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** Channels outside the app; the bell itself always gets the notification. */
export const NOTIFICATION_CHANNELS = ['email', 'telegram'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export const NOTIFICATION_CHANNEL_TITLES: Record<NotificationChannel, string> = {
  email: 'Электронная почта',
  telegram: 'Telegram',
};

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const DELIVERY_STATUS_TITLES: Record<DeliveryStatus, string> = {
  pending: 'Ожидает отправки',
  sent: 'Отправлено',
  failed: 'Не доставлено',
  skipped: 'Пропущено',
};

export const NOTIFICATION_URGENCIES = ['normal', 'urgent'] as const;
export type NotificationUrgency = (typeof NOTIFICATION_URGENCIES)[number];

export const NOTIFICATION_PAGE_SIZE_MAX = 100;

// ── Formats ─────────────────────────────────────────────────────────────────────────────────────────

/** «22:00», «07:30»: a time of day in the tenant's zone. */
export const TIME_OF_DAY_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/**
 * A Telegram chat: a person's or a group's numeric id (groups are negative, supergroups start with -100),
 * or a public channel's @username.
 */
export const TELEGRAM_CHAT_ID_PATTERN = /^(?:-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/;

const timeOfDay = (field: string) =>
  z.string().trim().regex(TIME_OF_DAY_PATTERN, `${field}: время в формате ЧЧ:ММ, например 22:00`).nullable();

// ── Notifications (the bell) ────────────────────────────────────────────────────────────────────────

export const NotificationSchema = z.object({
  id: z.string().uuid(),
  /** One of NOTIFICATION_KINDS; kept a string so a newer kind never breaks an older screen. */
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  caseId: z.string().uuid().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListQuerySchema = z.object({
  unreadOnly: z.enum(['true', 'false'], 'unreadOnly: ожидается true или false').optional(),
  page: z.coerce.number().int('page: целое число').min(1, 'page: не меньше 1').default(1),
  pageSize: z.coerce
    .number()
    .int('pageSize: целое число')
    .min(1, 'pageSize: не меньше 1')
    .max(NOTIFICATION_PAGE_SIZE_MAX, `pageSize: не больше ${NOTIFICATION_PAGE_SIZE_MAX}`)
    .default(20),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuerySchema>;

export const NotificationListResponseSchema = z.object({
  items: z.array(NotificationSchema),
  total: z.number().int(),
  unreadCount: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type NotificationListResponse = z.infer<typeof NotificationListResponseSchema>;

export const UnreadCountSchema = z.object({ unreadCount: z.number().int() });
export type UnreadCount = z.infer<typeof UnreadCountSchema>;

export const ReadAllResponseSchema = z.object({ updated: z.number().int(), unreadCount: z.number().int() });
export type ReadAllResponse = z.infer<typeof ReadAllResponseSchema>;

export const NotificationIdParamsSchema = z.object({ id: z.string().uuid('id: ожидается идентификатор (UUID)') });

/** The live stream's event: `event: unread-count`, `data: {"unreadCount":3}`. */
export const UNREAD_COUNT_EVENT = 'unread-count';

// ── Deliveries (e-mail, Telegram) ───────────────────────────────────────────────────────────────────

export const DeliverySchema = z.object({
  id: z.string().uuid(),
  notificationId: z.string().uuid(),
  channel: z.enum(NOTIFICATION_CHANNELS),
  address: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  notBefore: z.string(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const DeliveryListQuerySchema = z.object({
  notificationId: z.string().uuid('notificationId: ожидается идентификатор (UUID)').optional(),
});
export type DeliveryListQuery = z.infer<typeof DeliveryListQuerySchema>;

// ── Preferences ─────────────────────────────────────────────────────────────────────────────────────

export const NotificationPreferencesSchema = z.object({
  isEmailEnabled: z.boolean(),
  isTelegramEnabled: z.boolean(),
  telegramChatId: z.string().nullable(),
  quietFrom: z.string().nullable(),
  quietTo: z.string().nullable(),
  mutedKinds: z.array(z.string()),
  /** Read-only facts the screen explains the choices with. */
  email: z.string().nullable(),
  timezone: z.string(),
  isEmailConfigured: z.boolean(),
  isTelegramConfigured: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>;

export const UpdateNotificationPreferencesSchema = z
  .object({
    isEmailEnabled: z.boolean('isEmailEnabled: ожидается true или false'),
    isTelegramEnabled: z.boolean('isTelegramEnabled: ожидается true или false'),
    telegramChatId: z
      .string()
      .trim()
      .regex(
        TELEGRAM_CHAT_ID_PATTERN,
        'telegramChatId: числовой идентификатор чата (например 123456789 или -1001234567890) или @имя_канала',
      )
      .nullable()
      .default(null),
    quietFrom: timeOfDay('quietFrom').default(null),
    quietTo: timeOfDay('quietTo').default(null),
    mutedKinds: z
      .array(z.enum(NOTIFICATION_KINDS, `mutedKinds: допустимые виды — ${NOTIFICATION_KINDS.join(', ')}`))
      .max(NOTIFICATION_KINDS.length, 'mutedKinds: слишком много значений')
      .default([]),
  })
  .superRefine((value, context) => {
    if (value.isTelegramEnabled && !value.telegramChatId) {
      context.addIssue({
        code: 'custom',
        path: ['telegramChatId'],
        message: 'telegramChatId: укажите идентификатор чата, чтобы получать уведомления в Telegram',
      });
    }
    if ((value.quietFrom === null) !== (value.quietTo === null)) {
      context.addIssue({
        code: 'custom',
        path: [value.quietFrom === null ? 'quietFrom' : 'quietTo'],
        message: 'Тихие часы: укажите и начало, и конец (или оставьте оба пустыми)',
      });
    } else if (value.quietFrom !== null && value.quietFrom === value.quietTo) {
      context.addIssue({
        code: 'custom',
        path: ['quietTo'],
        message: 'quietTo: конец тихих часов должен отличаться от начала',
      });
    }
    if (new Set(value.mutedKinds).size !== value.mutedKinds.length) {
      context.addIssue({ code: 'custom', path: ['mutedKinds'], message: 'mutedKinds: виды повторяются' });
    }
  });
export type UpdateNotificationPreferencesInput = z.infer<typeof UpdateNotificationPreferencesSchema>;
