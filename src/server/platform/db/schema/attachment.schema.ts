import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { cases } from './case.schema.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Files of a case (ADR 0008: the bytes live in PostgreSQL, beside the case, in the same transaction):
 * the resident's incoming files, the staff's evidence, generated documents (covering letters).
 * A removed file keeps its row and bytes with `deleted_at` (the audit says who and when).
 */
export const caseAttachments = pgTable(
  'case_attachments',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    /** resident | staff | generated */
    origin: text('origin').notNull(),
    /** The type detected from the content (src/shared/attachments.ts), not the one claimed. */
    fileType: text('file_type').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: uuid('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: uuid('deleted_by'),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    foreignKey({
      name: 'case_attachments_case_fk',
      columns: [table.tenantId, table.caseId],
      foreignColumns: [cases.tenantId, cases.id],
    }),
    index('case_attachments_case_idx').on(table.tenantId, table.caseId, table.createdAt),
    check('case_attachments_origin_check', sql`${table.origin} in ('resident', 'staff', 'generated')`),
    check('case_attachments_size_check', sql`${table.sizeBytes} = octet_length(${table.content})`),
  ],
);
