import { z } from 'zod';
import { CHANNELS } from '../channels.js';
import { INBOX_QUEUES } from '../inbox/inbox-queues.js';
import { WORKFLOW_STATE_CODES } from '../workflow/index.js';
import { CaseSummarySchema } from './cases.contract.js';

export const INBOX_PAGE_SIZE_MAX = 100;
export const INBOX_BULK_MAX = 200;

const uuid = (field: string) => z.string().uuid(`${field}: ожидается идентификатор (UUID)`);
const isoInstant = (field: string) =>
  z
    .string()
    .datetime({ offset: true, message: `${field}: ожидается дата и время ISO 8601 (2026-03-01T00:00:00+03:00)` });

/** A text filter: trimmed, bounded, without the NUL character PostgreSQL text cannot hold. */
const filterText = (field: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${field}: не длиннее ${max} символов`)
    .refine((value) => !value.includes('\u0000'), `${field}: недопустимый символ`);

/**
 * The filters of the inbox (and of a saved filter): every one optional, all combined with «and».
 * `q` is a full-text search in Russian (stemmed) over number, text and address, or an exact number.
 */
export const InboxFiltersSchema = z.object({
  channel: z.enum(CHANNELS, { message: 'channel: неизвестный канал' }).optional(),
  category: filterText('category', 200).optional(),
  district: filterText('district', 200).optional(),
  recipientId: uuid('recipientId').optional(),
  executorId: uuid('executorId').optional(),
  state: z.enum(WORKFLOW_STATE_CODES, { message: 'state: неизвестное состояние' }).optional(),
  receivedFrom: isoInstant('receivedFrom').optional(),
  receivedTo: isoInstant('receivedTo').optional(),
  isFastTrack: z.enum(['true', 'false'], { message: 'isFastTrack: ожидается true или false' }).optional(),
  q: filterText('q', 200).optional(),
});
export type InboxFilters = z.infer<typeof InboxFiltersSchema>;

export const InboxQuerySchema = InboxFiltersSchema.extend({
  queue: z.enum(INBOX_QUEUES, { message: 'queue: неизвестная очередь' }).default('all'),
  tenantId: uuid('tenantId').optional(),
  /** With a search: `relevance` (default) ranks the matches, `date` keeps the queue's own order. */
  order: z.enum(['relevance', 'date'], { message: 'order: допустимы relevance и date' }).optional(),
  cursor: z.string().max(500, 'cursor: слишком длинный').optional(),
  limit: z.coerce
    .number({ message: 'limit: ожидается число' })
    .int('limit: ожидается целое число')
    .min(1, 'limit: не меньше 1')
    .max(INBOX_PAGE_SIZE_MAX, `limit: не больше ${INBOX_PAGE_SIZE_MAX}`)
    .default(50),
});
export type InboxQuery = z.infer<typeof InboxQuerySchema>;

export const InboxItemSchema = CaseSummarySchema.extend({
  state: z.string().nullable(),
  stateTitle: z.string().nullable(),
  executorId: z.string().nullable(),
  executorName: z.string().nullable(),
  recipientName: z.string().nullable(),
  district: z.string().nullable(),
  version: z.number().int(),
});
export type InboxItem = z.infer<typeof InboxItemSchema>;

export const InboxPageSchema = z.object({
  items: z.array(InboxItemSchema),
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
  sort: z.enum(['received', 'due', 'rank']),
});
export type InboxPage = z.infer<typeof InboxPageSchema>;

export const InboxCountsQuerySchema = InboxFiltersSchema.extend({ tenantId: uuid('tenantId').optional() });
/** Sizes of the work queues (the «all» queue is not counted: that would read every case). */
export const InboxCountsSchema = z.object({
  counts: z.partialRecord(z.enum(INBOX_QUEUES), z.number().int()),
});
export type InboxCounts = z.infer<typeof InboxCountsSchema>;

// ── Saved filters ───────────────────────────────────────────────────────────────────────────────────
export const SaveInboxFilterSchema = z.object({
  name: z.string().trim().min(1, 'name: укажите название').max(100, 'name: не длиннее 100 символов'),
  queue: z.enum(INBOX_QUEUES, { message: 'queue: неизвестная очередь' }).default('all'),
  filters: InboxFiltersSchema.strict(),
});
export type SaveInboxFilterInput = z.infer<typeof SaveInboxFilterSchema>;

export const SavedInboxFilterSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  queue: z.enum(INBOX_QUEUES),
  filters: InboxFiltersSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedInboxFilter = z.infer<typeof SavedInboxFilterSchema>;

export const SavedFilterIdParamsSchema = z.object({ id: uuid('id') });

// ── Bulk take / assign ──────────────────────────────────────────────────────────────────────────────
export const INBOX_BULK_ACTIONS = ['take', 'assign'] as const;
export type InboxBulkAction = (typeof INBOX_BULK_ACTIONS)[number];

export const InboxBulkSchema = z.object({
  action: z.enum(INBOX_BULK_ACTIONS, { message: 'action: допустимы take и assign' }),
  caseIds: z
    .array(uuid('caseIds'))
    .min(1, 'caseIds: выберите хотя бы одно сообщение')
    .max(INBOX_BULK_MAX, `caseIds: не больше ${INBOX_BULK_MAX} за раз`),
  /** The action's own fields (assign: executorId or recipientId, dueAt). */
  input: z.record(z.string(), z.unknown()).default({}),
});
export type InboxBulkInput = z.infer<typeof InboxBulkSchema>;

export const InboxBulkResultSchema = z.object({
  succeeded: z.number().int(),
  failed: z.number().int(),
  results: z.array(
    z.object({
      caseId: z.string(),
      number: z.string().nullable(),
      ok: z.boolean(),
      code: z.string().nullable(),
      /** Russian: what happened to this case. */
      message: z.string(),
    }),
  ),
});
export type InboxBulkResult = z.infer<typeof InboxBulkResultSchema>;
