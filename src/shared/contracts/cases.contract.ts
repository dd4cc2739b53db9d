import { z } from 'zod';
import { CASE_KINDS, CASE_STATUSES, CHANNELS } from '../channels.js';
import { CASE_PRIORITIES } from '../routing/routing-rule.schema.js';
import { CASE_TIMER_KINDS } from '../sla/sla-policy.js';
import { CaseAttachmentSchema } from './attachments.contract.js';

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
      kind: z.enum(CASE_TIMER_KINDS),
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

export const CaseHistoryEntrySchema = z.object({
  id: z.number().int(),
  action: z.string(),
  title: z.string(),
  actorName: z.string().nullable(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  events: z.array(z.string()),
  at: z.string(),
});
export type CaseHistoryEntry = z.infer<typeof CaseHistoryEntrySchema>;

export const CaseDeadlineSchema = z.object({
  kind: z.string(),
  title: z.string(),
  dueAt: z.string(),
  state: z.string(),
  workingMinutesLeft: z.number().nullable(),
});

export const CaseDetailSchema = CaseSummarySchema.extend({
  /** The case's workflow and its state in it; `status` stays the list group. */
  workflowId: z.string(),
  state: z.string(),
  stateTitle: z.string(),
  version: z.number().int(),
  result: z.string().nullable(),
  rating: z.number().int().nullable(),
  lifecycle: z.record(z.string(), z.unknown()),
  allowedActions: z.array(z.object({ name: z.string(), title: z.string() })),
  history: z.array(CaseHistoryEntrySchema),
  deadlines: z.array(CaseDeadlineSchema),
  /** The case's files (without bytes): the resident's, the staff's evidence, generated documents. */
  attachments: z.array(CaseAttachmentSchema),
  externalId: z.string(),
  /** Set by the registering person or routing rules. */
  priority: z.enum(CASE_PRIORITIES),
  tags: z.array(z.string()),
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

// ── Registering a case by hand or through the API ───────────────────────────────────────────────────
export const CreateCaseSchema = z.object({
  channel: z.enum(CHANNELS),
  kind: z.enum(CASE_KINDS),
  text: z
    .string()
    .trim()
    .min(1, 'text: текст сообщения не может быть пустым')
    .max(20_000, 'text: не длиннее 20 000 символов'),
  category: z.string().trim().max(200).nullable().optional(),
  subcategory: z.string().trim().max(200).nullable().optional(),
  isFastTrack: z.boolean().optional(),
  priority: z.enum(CASE_PRIORITIES).optional(),
  externalId: z.string().trim().min(1).max(200).optional(),
  /**
   * One sending of the registration form, named by the page once: a retry after a lost answer registers
   * nothing new and answers the case the first sending created (docs/intake.md, «Ручной ввод»).
   */
  submissionId: z.string().uuid('submissionId: идентификатор отправки — UUID').optional(),
  territory: z
    .object({
      address: z.string().trim().max(500).nullable().optional(),
      district: z.string().trim().max(200).nullable().optional(),
      latitude: z.number().min(-90, 'latitude: от −90 до 90').max(90, 'latitude: от −90 до 90').nullable().optional(),
      longitude: z
        .number()
        .min(-180, 'longitude: от −180 до 180')
        .max(180, 'longitude: от −180 до 180')
        .nullable()
        .optional(),
    })
    .optional(),
  applicant: z
    .object({
      name: z.string().trim().max(300).nullable().optional(),
      phone: z.string().trim().max(50).nullable().optional(),
      email: z.string().trim().email('applicant.email: неверный адрес').nullable().optional(),
      type: z.enum(['person', 'organization']).optional(),
    })
    .optional(),
});
export type CreateCaseInput = z.infer<typeof CreateCaseSchema>;

/** Body of `POST /api/cases/:id/actions/<action>`: the action's own fields, and the version the client saw. */
export const CaseActionBodySchema = z.object({ version: z.number().int().min(1).optional() }).catchall(z.unknown());
