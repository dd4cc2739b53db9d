import crypto from 'node:crypto';
import type pg from 'pg';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPE_INFO,
  ATTACHMENTS_PER_CASE_MAX,
  type AttachmentOrigin,
  type AttachmentType,
} from '../../../shared/attachments.js';
import type { CaseAttachment } from '../../../shared/contracts/attachments.contract.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { checkClaims, detectFileType, sanitiseFileName } from './attachment-file-type.js';
import { insertCaseEvent } from './case-actions.repository.js';
import type { AttachmentRow } from './case-attachments.repository.js';
import * as repository from './case-attachments.repository.js';
import { renderCoveringLetter } from './covering-letter.js';

/**
 * Storing a case's files inside a transaction the caller holds: the checks (size, type by content,
 * the claims agree, per-case count), the row with the bytes and their SHA-256, the timeline entry and
 * the audit row — all or nothing with the caller's own change. Other modules (the public form,
 * channel connectors) reach it through the cases module's index.ts.
 */
export type StoreAttachmentInput = {
  tenantId: string;
  caseId: string;
  /** The name as the client sent it (sanitised here). */
  fileName: string;
  /** The media type the client claimed (multipart part header); null when none. */
  claimedMediaType: string | null;
  content: Buffer;
  origin: AttachmentOrigin;
  /** The staff member who uploads; null for the resident or the system. */
  uploadedBy: string | null;
  actorRole?: string | null;
  ipAddress?: string | null;
  requestId?: string | null;
  /** False for a file that is part of another timeline entry (the covering letter of `forward`). */
  isOwnTimelineEntry?: boolean;
};

/** Timeline entries that are not workflow actions. */
export const ATTACHMENT_TIMELINE_TITLES: Readonly<Record<string, string>> = {
  'attachment-added': 'Приложен файл',
  'attachment-removed': 'Файл удалён',
};

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} МБ`;
}

/** Checks a file and answers its detected type and safe name; AppError naming the file otherwise. */
export function inspectFile(
  fileName: string,
  claimedMediaType: string | null,
  content: Buffer,
): { type: AttachmentType; fileName: string } {
  const shown = fileName.trim() === '' ? 'без имени' : fileName.trim().slice(0, 200);
  if (content.length > ATTACHMENT_MAX_BYTES) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `Файл «${shown}» больше ${formatMegabytes(ATTACHMENT_MAX_BYTES)} (${formatMegabytes(content.length)}). Уменьшите его или разделите.`,
      [{ field: 'file', message: `«${shown}»: больше ${formatMegabytes(ATTACHMENT_MAX_BYTES)}` }],
    );
  }
  const detection = detectFileType(content);
  if (!detection.ok) {
    throw new AppError(
      'ATTACHMENT_TYPE_NOT_ALLOWED',
      `Файл «${shown}» не принят: ${detection.reason}. Можно прикладывать фото (JPEG, PNG, WebP, GIF), PDF, DOCX, XLSX, ODT и текст.`,
      [{ field: 'file', message: `«${shown}»: ${detection.reason}` }],
    );
  }
  const mismatch = checkClaims(detection.type, fileName, claimedMediaType);
  if (mismatch) {
    throw new AppError(
      'ATTACHMENT_TYPE_MISMATCH',
      `Файл «${shown}» не принят: ${mismatch}. Переименуйте файл по его настоящему типу или приложите нужный файл.`,
      [{ field: 'file', message: `«${shown}»: ${mismatch}` }],
    );
  }
  return { type: detection.type, fileName: sanitiseFileName(fileName, detection.type) };
}

export async function storeCaseAttachment(client: pg.PoolClient, input: StoreAttachmentInput): Promise<CaseAttachment> {
  const { type, fileName } = inspectFile(input.fileName, input.claimedMediaType, input.content);
  if (!(await repository.lockCaseForAttachments(client, input.tenantId, input.caseId))) {
    throw new AppError('CASE_NOT_FOUND', 'Сообщение не найдено или недоступно.');
  }
  const count = await repository.countAttachments(client, input.tenantId, input.caseId);
  // A generated document (the covering letter of a forward) is never refused for the count.
  if (input.origin !== 'generated' && count >= ATTACHMENTS_PER_CASE_MAX) {
    throw new AppError(
      'ATTACHMENT_LIMIT_REACHED',
      `Файл «${fileName}» не принят: у сообщения уже ${count} файлов, больше ${ATTACHMENTS_PER_CASE_MAX} приложить нельзя. Удалите ненужные.`,
      [{ field: 'file', message: `«${fileName}»: превышено число файлов` }],
    );
  }
  const sha256 = crypto.createHash('sha256').update(input.content).digest('hex');
  const info = ATTACHMENT_TYPE_INFO[type];
  const stored = await repository.insertAttachment(client, {
    tenantId: input.tenantId,
    caseId: input.caseId,
    origin: input.origin,
    fileType: type,
    fileName,
    mediaType: info.mediaType,
    sha256,
    content: input.content,
    uploadedBy: input.uploadedBy,
  });
  const facts = {
    attachmentId: stored.id,
    fileName,
    type,
    sizeBytes: input.content.length,
    sha256,
    origin: input.origin,
  };
  if (input.isOwnTimelineEntry !== false) {
    await insertCaseEvent(client, {
      tenantId: input.tenantId,
      caseId: input.caseId,
      action: 'attachment-added',
      actorId: input.uploadedBy,
      actorRole: input.actorRole ?? (input.origin === 'resident' ? 'resident' : null),
      fromState: null,
      toState: null,
      payload: facts,
      events: ['case.attachment_added'],
    });
  }
  await recordAudit(client, {
    tenantId: input.tenantId,
    actorUserId: input.uploadedBy,
    action: 'case.attachment_added',
    objectType: 'case',
    objectId: input.caseId,
    after: facts,
    ipAddress: input.ipAddress ?? null,
    requestId: input.requestId ?? null,
  });
  return presentAttachment({
    id: stored.id,
    tenantId: input.tenantId,
    caseId: input.caseId,
    origin: input.origin,
    fileType: type,
    fileName,
    mediaType: info.mediaType,
    sizeBytes: input.content.length,
    sha256,
    uploadedBy: input.uploadedBy,
    uploadedByName: null,
    createdAt: stored.createdAt,
  });
}

export function presentAttachment(row: AttachmentRow): CaseAttachment {
  const info = ATTACHMENT_TYPE_INFO[row.fileType as AttachmentType];
  return {
    id: row.id,
    caseId: row.caseId,
    origin: row.origin as AttachmentOrigin,
    type: row.fileType as AttachmentType,
    fileName: row.fileName,
    mediaType: row.mediaType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    isInline: info?.isInline ?? false,
    isImage: info?.isImage ?? false,
    uploadedById: row.uploadedBy,
    uploadedByName: row.uploadedByName,
    createdAt: new Date(row.createdAt).toISOString(),
    url: `/api/cases/${row.caseId}/attachments/${row.id}/content`,
  };
}

export async function listPresentedAttachments(
  database: Pick<pg.Pool, 'query'>,
  tenantId: string,
  caseId: string,
): Promise<CaseAttachment[]> {
  return (await repository.listAttachments(database, tenantId, caseId)).map(presentAttachment);
}

/**
 * An action's `attachmentIds` (the evidence of a draft answer, the photos of a kept promise) must be
 * present files of this very case: uploaded first, not removed, not another case's.
 */
export async function checkAttachmentReferences(
  client: pg.PoolClient,
  tenantId: string,
  caseId: string,
  ids: readonly string[] | undefined,
): Promise<void> {
  if (!ids || ids.length === 0) return;
  const unique = [...new Set(ids)];
  const present = new Set(
    (await repository.findPresentAttachmentIds(client, tenantId, caseId, unique)).map((row) => row.id),
  );
  const missing = unique.filter((id) => !present.has(id));
  if (missing.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Вложение ${missing.join(', ')} не найдено среди файлов этого сообщения: сначала загрузите файл в карточку.`,
      [{ field: 'attachmentIds', message: 'Нет такого файла у сообщения' }],
    );
  }
}

/**
 * `forward` out of the tenant: the covering letter as a DOCX attached to the case (origin
 * `generated`) in the action's transaction; answers the stored file.
 */
export async function attachCoveringLetter(
  client: pg.PoolClient,
  input: {
    tenantId: string;
    caseId: string;
    addressee: string;
    letterText: string;
    signerId: string | null;
    signerName: string;
    at: Date;
    ipAddress?: string | null;
    requestId?: string | null;
  },
): Promise<CaseAttachment> {
  const facts = await repository.findCoveringLetterFacts(client, input.tenantId, input.caseId, input.signerId);
  if (!facts) throw new AppError('CASE_NOT_FOUND', 'Сообщение не найдено или недоступно.');
  const content = await renderCoveringLetter({
    tenantName: facts.tenantName,
    timezone: facts.timezone,
    caseNumber: facts.number,
    kind: facts.kind,
    channel: facts.channel,
    receivedAt: new Date(facts.receivedAt),
    registrationNumber: facts.registrationNumber,
    address: facts.address,
    caseText: facts.text,
    addressee: input.addressee,
    letterText: input.letterText,
    signerName: facts.signerName ?? input.signerName,
    signerPosition: facts.signerPosition,
    date: input.at,
  });
  return storeCaseAttachment(client, {
    tenantId: input.tenantId,
    caseId: input.caseId,
    fileName: `Сопроводительное письмо № ${facts.number}.docx`,
    claimedMediaType: null,
    content,
    origin: 'generated',
    uploadedBy: input.signerId,
    ipAddress: input.ipAddress ?? null,
    requestId: input.requestId ?? null,
    isOwnTimelineEntry: false,
  });
}
