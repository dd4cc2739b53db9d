import { z } from 'zod';

const text = (field: string, max: number) =>
  z
    .string({ error: `${field}: ожидается строка` })
    .trim()
    .min(1, `${field}: не может быть пустым`)
    .max(max, `${field}: не длиннее ${max} символов`)
    .refine((value) => !value.includes('\u0000'), `${field}: недопустимый символ NUL`);

const externalId = (field: string) =>
  z
    .union([z.string(), z.number().int()], { error: `${field}: номер в Инцидент менеджменте` })
    .transform((value, context) => {
      const id = String(value).trim();
      if (id === '' || id.length > 100) {
        context.addIssue({ code: 'custom', message: `${field}: от 1 до 100 символов` });
        return z.NEVER;
      }
      return id;
    });

const instant = (field: string) =>
  z
    .string()
    .regex(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/,
      `${field}: дата и время ISO 8601 с часовым поясом`,
    )
    .refine((value) => Number.isFinite(Date.parse(value)), `${field}: нет такой даты`);

/** A new incident (a post found by the keyword search) from Инцидент менеджмент. */
export const ImIncidentEventSchema = z.object({
  type: z.literal('incident'),
  incident: z.object({
    id: externalId('incident.id'),
    text: text('incident.text', 20_000),
    themeGroup: text('incident.themeGroup', 300).optional(),
    theme: text('incident.theme', 300).optional(),
    url: z.string().url('incident.url: адрес публикации').max(2000).optional(),
    address: text('incident.address', 500).optional(),
    createdAt: instant('incident.createdAt').optional(),
    isImportant: z.boolean().optional(),
    authorName: text('incident.authorName', 300).optional(),
  }),
});

/** A comment under an incident; `isAuthor` — written by the incident's author. */
export const ImCommentEventSchema = z.object({
  type: z.literal('comment'),
  comment: z.object({
    id: externalId('comment.id'),
    incidentId: externalId('comment.incidentId'),
    text: text('comment.text', 20_000),
    isAuthor: z.boolean({ error: 'comment.isAuthor: true, если комментарий автора инцидента' }),
    createdAt: instant('comment.createdAt').optional(),
  }),
});

export const ImWebhookEventSchema = z.discriminatedUnion('type', [ImIncidentEventSchema, ImCommentEventSchema], {
  error: 'type: incident или comment',
});
export type ImWebhookEvent = z.infer<typeof ImWebhookEventSchema>;

export const ImWebhookResultSchema = z.object({
  status: z.enum(['created', 'duplicate', 'applied', 'ignored']),
  caseId: z.string(),
  number: z.string(),
  message: z.string(),
});
export type ImWebhookResult = z.infer<typeof ImWebhookResultSchema>;
