import { z } from 'zod';
import { ATTACHMENT_ORIGINS, ATTACHMENT_TYPES } from '../attachments.js';

export const CaseAttachmentSchema = z.object({
  id: z.string().uuid(),
  caseId: z.string().uuid(),
  origin: z.enum(ATTACHMENT_ORIGINS),
  type: z.enum(ATTACHMENT_TYPES),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  /** Images and PDF open in the browser; everything else downloads. */
  isInline: z.boolean(),
  isImage: z.boolean(),
  uploadedById: z.string().uuid().nullable(),
  uploadedByName: z.string().nullable(),
  createdAt: z.string(),
  /** `GET` this to read the file (`?download=true` always downloads). */
  url: z.string(),
});
export type CaseAttachment = z.infer<typeof CaseAttachmentSchema>;

export const AttachmentParamsSchema = z.object({
  id: z.string().uuid('id: ожидается идентификатор (UUID)'),
  attachmentId: z.string().uuid('attachmentId: ожидается идентификатор (UUID)'),
});

export const AttachmentContentQuerySchema = z.object({
  download: z.enum(['true', 'false'], { error: 'download: true или false' }).optional(),
});
