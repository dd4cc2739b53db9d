import { z } from 'zod';
import { parseKpiFormula } from '../analytics/kpi-formula.js';
import { CHANNELS } from '../channels.js';

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export const WEEKDAY_TITLES = ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'];

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const ReportSubscriberSchema = z.object({
  userId: z.string(),
  fullName: z.string(),
  login: z.string(),
  hasEmail: z.boolean(),
});

/** The weekly note's schedule of a tenant, as stored or as the default (no row: Monday 07:00, on). */
export const ReportScheduleSchema = z.object({
  weekday: z.number().int(),
  time: z.string(),
  timezone: z.string(),
  isEnabled: z.boolean(),
  isDefault: z.boolean(),
  subscribers: z.array(ReportSubscriberSchema),
  emails: z.array(z.string()),
  /** The next moment the job makes a note (the zone's local time, ISO with offset is not needed: UTC). */
  nextRunAt: z.string().nullable(),
  /** The ISO week that run will cover. */
  nextWeek: z.string().nullable(),
  lastRuns: z.array(
    z.object({ period: z.string(), status: z.enum(['running', 'done', 'failed']), startedAt: z.string() }),
  ),
  updatedAt: z.string().nullable(),
});
export type ReportSchedule = z.infer<typeof ReportScheduleSchema>;

export const UpdateReportScheduleSchema = z.object({
  weekday: z
    .number({ error: 'weekday: день недели — число от 1 (понедельник) до 7 (воскресенье)' })
    .int('weekday: день недели — целое число от 1 до 7')
    .min(1, 'weekday: день недели — от 1 (понедельник) до 7 (воскресенье)')
    .max(7, 'weekday: день недели — от 1 (понедельник) до 7 (воскресенье)'),
  time: z
    .string({ error: 'time: время в формате ЧЧ:ММ' })
    .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'time: время в формате ЧЧ:ММ, например 07:00'),
  timezone: z
    .string({ error: 'timezone: часовой пояс, например Europe/Moscow' })
    .trim()
    .min(1, 'timezone: часовой пояс, например Europe/Moscow')
    .max(64, 'timezone: часовой пояс, например Europe/Moscow')
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('ru-RU', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'timezone: неизвестный часовой пояс; укажите, например, Europe/Moscow или Asia/Novokuznetsk'),
  isEnabled: z.boolean({ error: 'isEnabled: true или false' }),
  subscriberUserIds: z
    .array(z.string().uuid('subscriberUserIds: ожидается идентификатор сотрудника'), {
      error: 'subscriberUserIds: список сотрудников',
    })
    .max(200, 'subscriberUserIds: не больше 200 сотрудников'),
  emails: z
    .array(
      z
        .string({ error: 'emails: адрес e-mail' })
        .trim()
        .max(254, 'emails: адрес не длиннее 254 символов')
        .regex(EMAIL_PATTERN, 'emails: неверный адрес e-mail, пример: glava@zarechny.ru'),
      { error: 'emails: список адресов e-mail' },
    )
    .max(50, 'emails: не больше 50 адресов'),
});
export type UpdateReportScheduleInput = z.infer<typeof UpdateReportScheduleSchema>;

/** One KPI as data. `formula` is arithmetic over KPI_FORMULA_MEASURES (see kpi-formula.ts). */
export const KpiDefinitionInputSchema = z.object({
  name: z
    .string({ error: 'name: название показателя' })
    .trim()
    .min(1, 'name: укажите название показателя')
    .max(200, 'name: название не длиннее 200 символов'),
  formula: z.string({ error: 'formula: формула показателя' }).superRefine((formula, context) => {
    const parsed = parseKpiFormula(formula);
    if (!parsed.isValid) context.addIssue({ code: 'custom', message: `formula: ${parsed.error}` });
  }),
  comparison: z.enum(['at_least', 'at_most'], {
    error: 'comparison: условие — at_least (не меньше цели) или at_most (не больше цели)',
  }),
  target: z
    .number({ error: 'target: цель — число' })
    .min(-1_000_000_000, 'target: цель вне допустимого диапазона')
    .max(1_000_000_000, 'target: цель вне допустимого диапазона'),
  weight: z
    .number({ error: 'weight: вес — число от 0 до 100' })
    .min(0, 'weight: вес не меньше 0')
    .max(100, 'weight: вес не больше 100'),
  channel: z.enum(CHANNELS, { error: `channel: канал — один из ${CHANNELS.join(', ')} или null (все)` }).nullable(),
  isActive: z.boolean({ error: 'isActive: true или false' }),
});
export type KpiDefinitionInput = z.infer<typeof KpiDefinitionInputSchema>;

export const UpdateKpiDefinitionsSchema = z.object({
  definitions: z
    .array(KpiDefinitionInputSchema, { error: 'definitions: список показателей' })
    .min(1, 'definitions: нужен хотя бы один показатель')
    .max(50, 'definitions: не больше 50 показателей')
    .superRefine((items, context) => {
      if (items.length > 0 && !items.some((item) => item.isActive && item.weight > 0)) {
        context.addIssue({
          code: 'custom',
          message: 'definitions: хотя бы один действующий показатель должен иметь вес больше 0',
        });
      }
    }),
  comment: z.string().trim().max(500, 'comment: комментарий не длиннее 500 символов').nullish(),
});
export type UpdateKpiDefinitionsInput = z.infer<typeof UpdateKpiDefinitionsSchema>;

export const KpiDefinitionSetSchema = z.object({
  tenantId: z.string(),
  tenantName: z.string(),
  /** Where the definitions in force come from: the shipped defaults, the region (ЦУР), the tenant's own. */
  source: z.enum(['defaults', 'region', 'own']),
  version: z.number().int().nullable(),
  createdAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  comment: z.string().nullable(),
  definitions: z.array(KpiDefinitionInputSchema),
  canEdit: z.boolean(),
  history: z.array(
    z.object({
      version: z.number().int(),
      createdAt: z.string(),
      createdBy: z.string().nullable(),
      comment: z.string().nullable(),
      count: z.number().int(),
    }),
  ),
});
export type KpiDefinitionSet = z.infer<typeof KpiDefinitionSetSchema>;

export const KpiTenantQuerySchema = z.object({
  tenantId: z.string().uuid('tenantId: ожидается идентификатор муниципалитета или региона').optional(),
});

/** `/api/analytics/kpi-definitions/versions/:version`: a version number of the tenant's KPI definitions. */
export const KpiVersionParamsSchema = z.object({
  version: z.coerce
    .number({ error: 'version: номер версии — целое число больше 0' })
    .int('version: номер версии — целое число больше 0')
    .min(1, 'version: номер версии — целое число больше 0')
    .max(2_147_483_647, 'version: нет такой версии'),
});

/** One stored version of a tenant's KPI definitions, whole. */
export const KpiVersionSchema = z.object({
  tenantId: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  comment: z.string().nullable(),
  definitions: z.array(KpiDefinitionInputSchema),
});
export type KpiVersion = z.infer<typeof KpiVersionSchema>;

/** «Восстановить»: the old version's set is saved as a new version; the reason is added to its comment. */
export const RestoreKpiVersionSchema = z.object({
  comment: z.string().trim().max(400, 'comment: основание не длиннее 400 символов').nullish(),
});
export type RestoreKpiVersionInput = z.infer<typeof RestoreKpiVersionSchema>;
