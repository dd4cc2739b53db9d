import { z } from 'zod';
import { CASE_KINDS, CASE_STATUSES, CHANNELS } from '../channels.js';
import { TIMER_KINDS } from '../sla/sla-policy.js';

export const CASE_PAGE_SIZE_MAX = 200;

export const CaseListQuerySchema = z.object({
  channel: z.enum(CHANNELS).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  kind: z.enum(CASE_KINDS).optional(),
  tenantId: z.string().uuid('tenantId: ожидается идентификатор муниципалитета').optional(),
  q: z.string().trim().max(200, 'Строка поиска длиннее 200 символов').optional(),
  isOverdue: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(CASE_PAGE_SIZE_MAX).default(50),
});
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;

export const CaseSummarySchema = z.object({
  id: z.string().uuid(),
  tenantId: z.string().uuid(),
  tenantName: z.string(),
  number: z.string(),
  channel: z.enum(CHANNELS),
  kind: z.enum(CASE_KINDS),
  status: z.enum(CASE_STATUSES),
  category: z.string().nullable(),
  excerpt: z.string(),
  address: z.string().nullable(),
  isFastTrack: z.boolean(),
  receivedAt: z.string(),
  dueAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  isOverdue: z.boolean(),
  /** The timer that governs the case's due time (answer, else resolution, else the last one). */
  sla: z
    .object({
      kind: z.enum(TIMER_KINDS),
      state: z.enum(['running', 'warning', 'overdue', 'paused', 'stopped']),
      dueAt: z.string(),
      workingMinutesLeft: z.number().nullable(),
    })
    .nullable(),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

export const CaseListResponseSchema = z.object({
  items: z.array(CaseSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type CaseListResponse = z.infer<typeof CaseListResponseSchema>;

export const CaseDetailSchema = CaseSummarySchema.extend({
  externalId: z.string(),
  text: z.string(),
  subcategory: z.string().nullable(),
  district: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  /** Masked unless the role needs the applicant's personal data (152-ФЗ). */
  applicantName: z.string().nullable(),
  applicantContact: z.string().nullable(),
  isApplicantMasked: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

export const CaseIdParamsSchema = z.object({ id: z.string().uuid('id: ожидается идентификатор (UUID)') });

export const OverviewSchema = z.object({
  total: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  dueToday: z.number().int(),
  receivedLast7Days: z.number().int(),
  byChannel: z.array(z.object({ channel: z.enum(CHANNELS), count: z.number().int() })),
  byStatus: z.array(z.object({ status: z.enum(CASE_STATUSES), count: z.number().int() })),
  perDay: z.array(z.object({ day: z.string(), count: z.number().int() })),
});
export type Overview = z.infer<typeof OverviewSchema>;

// ── Answer templates ────────────────────────────────────────────────────────────────────────────────
export const AnswerTemplateSchema = z.object({
  id: z.string().uuid(),
  title: z.string(),
  topic: z.string().nullable(),
  body: z.string(),
  useCount: z.number().int(),
  isActive: z.boolean(),
  updatedAt: z.string(),
});
export type AnswerTemplate = z.infer<typeof AnswerTemplateSchema>;

export const SaveAnswerTemplateSchema = z.object({
  title: z.string().trim().min(1, 'title: укажите название шаблона').max(200, 'title: не длиннее 200 символов'),
  topic: z.string().trim().max(200, 'topic: не длиннее 200 символов').nullable().default(null),
  body: z
    .string()
    .trim()
    .min(1, 'body: текст шаблона не может быть пустым')
    .max(20_000, 'body: не длиннее 20 000 символов'),
  isActive: z.boolean().default(true),
});
export type SaveAnswerTemplateInput = z.infer<typeof SaveAnswerTemplateSchema>;

export const AnswerTemplateListQuerySchema = z.object({
  topic: z.string().trim().max(200).optional(),
  q: z.string().trim().max(200).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});

export const RenderTemplateSchema = z.object({ caseId: z.string().uuid('caseId: ожидается идентификатор (UUID)') });
export const RenderedTemplateSchema = z.object({ text: z.string(), missing: z.array(z.string()) });
