import { z } from 'zod';

/** Statuses of an appeal on the ПОС platform (its integration API). */
export const POS_STATUSES = [
  'MODERATION_NEW',
  'MODERATION_ACCEPT',
  'MODERATION_DECLINE',
  'TAKE_TO_WORK',
  'SET_EXECUTOR',
  'POSTPONE',
  'FORWARD_TO_PARENT',
  'FORWARD_TO_SUBORDINATE',
  'SEND_RESPONSE',
] as const;
export type PosStatus = (typeof POS_STATUSES)[number];
export const POS_STATUS_TITLES: Record<PosStatus, string> = {
  MODERATION_NEW: 'На модерации',
  MODERATION_ACCEPT: 'Принято модератором',
  MODERATION_DECLINE: 'Отклонено модератором',
  TAKE_TO_WORK: 'Взято в работу',
  SET_EXECUTOR: 'Назначен исполнитель',
  POSTPONE: 'Срок перенесён',
  FORWARD_TO_PARENT: 'Передано вышестоящей организации',
  FORWARD_TO_SUBORDINATE: 'Передано подведомственной организации',
  SEND_RESPONSE: 'Ответ направлен',
};

export const PosSyncSettingsInputSchema = z.object({
  baseUrl: z
    .string()
    .trim()
    .url('baseUrl: адрес API вида https://pos.example.ru/api/v2')
    .refine((value) => /^https?:\/\//i.test(value), 'baseUrl: только http:// или https://')
    .max(500),
  login: z.string().trim().min(1, 'login: укажите логин интеграции').max(200),
  /** Absent or empty on an update: the stored password stays. */
  password: z.string().max(500).optional(),
  scope: z.string().trim().min(1, 'scope: укажите область доступа (scope)').max(200),
  isEnabled: z.boolean().default(true),
});
export type PosSyncSettingsInput = z.infer<typeof PosSyncSettingsInputSchema>;

export const PosSyncStatusSchema = z.object({
  isConfigured: z.boolean(),
  baseUrl: z.string().nullable(),
  login: z.string().nullable(),
  scope: z.string().nullable(),
  isEnabled: z.boolean(),
  /** The password is never sent back; only whether one is stored. */
  hasPassword: z.boolean(),
  lastRunAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastSummary: z.record(z.string(), z.unknown()),
  outbox: z.object({ pending: z.number().int(), sent: z.number().int(), failed: z.number().int() }),
  recentFailures: z.array(
    z.object({
      id: z.number().int(),
      caseId: z.string(),
      operation: z.string(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
    }),
  ),
});
export type PosSyncStatus = z.infer<typeof PosSyncStatusSchema>;

/** The answer to «зарегистрировать в ПОС»: the request is queued (the outbox delivers it). */
export const PosAppealRequestResultSchema = z.object({
  status: z.enum(['queued']),
  message: z.string(),
});
export type PosAppealRequestResult = z.infer<typeof PosAppealRequestResultSchema>;

/**
 * Where a case of another channel stands with the platform (the card's «Зарегистрировать в ПОС»): not
 * registered, waiting in the outbox (with the last temporary error, if a try failed), refused for good, or
 * linked with the platform's appeal (its number and last known status).
 */
export const PosCaseLinkSchema = z.object({
  state: z.enum(['none', 'queued', 'failed', 'linked']),
  externalId: z.string().nullable(),
  status: z.enum(POS_STATUSES).nullable(),
  statusTitle: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type PosCaseLink = z.infer<typeof PosCaseLinkSchema>;
