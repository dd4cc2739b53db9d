import type { Queryable } from '../../platform/audit.js';

export type AttachmentRow = {
  id: string;
  tenantId: string;
  caseId: string;
  origin: string;
  fileType: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedByName: string | null;
  createdAt: Date;
};

const COLUMNS = `a.id, a.tenant_id as "tenantId", a.case_id as "caseId", a.origin, a.file_type as "fileType",
  a.file_name as "fileName", a.media_type as "mediaType", a.size_bytes as "sizeBytes", a.sha256,
  a.uploaded_by as "uploadedBy", u.full_name as "uploadedByName", a.created_at as "createdAt"`;

/**
 * Locks the case row for the upload's transaction so that two uploads at once cannot both pass the
 * per-case count; the case's version is not touched (an upload does not conflict with an action).
 */
export async function lockCaseForAttachments(database: Queryable, tenantId: string, caseId: string): Promise<boolean> {
  const result = await database.query('select 1 from cases where tenant_id = $1 and id = $2 for update', [
    tenantId,
    caseId,
  ]);
  return (result.rowCount ?? 0) > 0;
}

export async function countAttachments(database: Queryable, tenantId: string, caseId: string): Promise<number> {
  const result = await database.query<{ count: number }>(
    'select count(*)::int as count from case_attachments where tenant_id = $1 and case_id = $2 and deleted_at is null',
    [tenantId, caseId],
  );
  return result.rows[0]?.count ?? 0;
}

export async function insertAttachment(
  database: Queryable,
  attachment: {
    tenantId: string;
    caseId: string;
    origin: string;
    fileType: string;
    fileName: string;
    mediaType: string;
    sha256: string;
    content: Buffer;
    uploadedBy: string | null;
  },
): Promise<{ id: string; createdAt: Date }> {
  const result = await database.query<{ id: string; createdAt: Date }>(
    `insert into case_attachments
       (tenant_id, case_id, origin, file_type, file_name, media_type, size_bytes, sha256, content, uploaded_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     returning id, created_at as "createdAt"`,
    [
      attachment.tenantId,
      attachment.caseId,
      attachment.origin,
      attachment.fileType,
      attachment.fileName,
      attachment.mediaType,
      attachment.content.length,
      attachment.sha256,
      attachment.content,
      attachment.uploadedBy,
    ],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insert into case_attachments returned no row');
  return row;
}

/** The case's files without their bytes, oldest first. */
export async function listAttachments(database: Queryable, tenantId: string, caseId: string): Promise<AttachmentRow[]> {
  const result = await database.query<AttachmentRow>(
    `select ${COLUMNS} from case_attachments a left join users u on u.id = a.uploaded_by
      where a.tenant_id = $1 and a.case_id = $2 and a.deleted_at is null
      order by a.created_at, a.id`,
    [tenantId, caseId],
  );
  return result.rows;
}

export async function findAttachment(
  database: Queryable,
  tenantId: string,
  caseId: string,
  attachmentId: string,
): Promise<AttachmentRow | undefined> {
  const result = await database.query<AttachmentRow>(
    `select ${COLUMNS} from case_attachments a left join users u on u.id = a.uploaded_by
      where a.tenant_id = $1 and a.case_id = $2 and a.id = $3 and a.deleted_at is null`,
    [tenantId, caseId, attachmentId],
  );
  return result.rows[0];
}

export async function readAttachmentContent(
  database: Queryable,
  tenantId: string,
  caseId: string,
  attachmentId: string,
): Promise<(AttachmentRow & { content: Buffer }) | undefined> {
  const result = await database.query<AttachmentRow & { content: Buffer }>(
    `select ${COLUMNS}, a.content from case_attachments a left join users u on u.id = a.uploaded_by
      where a.tenant_id = $1 and a.case_id = $2 and a.id = $3 and a.deleted_at is null`,
    [tenantId, caseId, attachmentId],
  );
  return result.rows[0];
}

export async function markAttachmentDeleted(
  database: Queryable,
  tenantId: string,
  attachmentId: string,
  deletedBy: string,
): Promise<void> {
  await database.query(
    'update case_attachments set deleted_at = now(), deleted_by = $3 where tenant_id = $1 and id = $2 and deleted_at is null',
    [tenantId, attachmentId, deletedBy],
  );
}

/** Of the given ids, those that are present (not removed) files of this case. */
export async function findPresentAttachmentIds(
  database: Queryable,
  tenantId: string,
  caseId: string,
  ids: readonly string[],
): Promise<Array<{ id: string; fileType: string }>> {
  const result = await database.query<{ id: string; fileType: string }>(
    `select id, file_type as "fileType" from case_attachments
      where tenant_id = $1 and case_id = $2 and id = any($3::uuid[]) and deleted_at is null`,
    [tenantId, caseId, [...ids]],
  );
  return result.rows;
}

export async function findCaseLifecycle(
  database: Queryable,
  tenantId: string,
  caseId: string,
): Promise<Record<string, unknown> | undefined> {
  const result = await database.query<{ lifecycle: Record<string, unknown> }>(
    'select lifecycle from cases where tenant_id = $1 and id = $2',
    [tenantId, caseId],
  );
  return result.rows[0]?.lifecycle;
}

export type CoveringLetterFacts = {
  number: string;
  text: string;
  receivedAt: Date;
  address: string | null;
  channel: string;
  kind: string;
  registrationNumber: string | null;
  tenantName: string;
  timezone: string;
  signerName: string | null;
  signerPosition: string | null;
};

/** What a covering letter states about the case, its municipality and the person who signs it. */
export async function findCoveringLetterFacts(
  database: Queryable,
  tenantId: string,
  caseId: string,
  signerId: string | null,
): Promise<CoveringLetterFacts | undefined> {
  const result = await database.query<CoveringLetterFacts>(
    `select c.number, c.text, c.received_at as "receivedAt", c.address, c.channel, c.kind,
            c.lifecycle->>'registrationNumber' as "registrationNumber", t.name as "tenantName", t.timezone,
            u.full_name as "signerName", u.position as "signerPosition"
       from cases c join tenants t on t.id = c.tenant_id
       left join users u on u.id = $3
      where c.tenant_id = $1 and c.id = $2`,
    [tenantId, caseId, signerId],
  );
  return result.rows[0];
}
