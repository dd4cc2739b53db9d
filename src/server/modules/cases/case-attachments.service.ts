import type { CaseAttachment } from '../../../shared/contracts/attachments.contract.js';
import { hasPermission } from '../../../shared/permissions.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import { listPresentedAttachments, storeCaseAttachment } from './attachment-storage.service.js';
import { insertCaseEvent } from './case-actions.repository.js';
import * as repository from './case-attachments.repository.js';
import { findReadableCase } from './cases.service.js';

/**
 * The files of a case over HTTP. Access is the case's own: a case the caller cannot read answers 404
 * (another tenant's, or not routed to the executor), and so does each of its files.
 */
type Origin = { ipAddress: string; requestId: string };

export async function listCaseAttachments(
  database: Database,
  context: AuthContext,
  caseId: string,
): Promise<CaseAttachment[]> {
  const found = await findReadableCase(database, context, caseId);
  return listPresentedAttachments(database.pool, found.tenantId, found.id);
}

export async function uploadCaseAttachment(
  database: Database,
  context: AuthContext,
  caseId: string,
  file: { fileName: string; claimedMediaType: string | null; content: Buffer },
  origin: Origin,
): Promise<CaseAttachment> {
  const found = await findReadableCase(database, context, caseId);
  if (!hasPermission(context.roles, 'cases.attach')) {
    throw new AppError('FORBIDDEN', 'Прикладывать файлы к сообщению может тот, кто с ним работает.');
  }
  const stored = await withTransaction(database.pool, (client) =>
    storeCaseAttachment(client, {
      tenantId: found.tenantId,
      caseId: found.id,
      fileName: file.fileName,
      claimedMediaType: file.claimedMediaType,
      content: file.content,
      origin: 'staff',
      uploadedBy: context.userId,
      actorRole: context.roles[0] ?? null,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    }),
  );
  return { ...stored, uploadedByName: context.fullName };
}

export async function readCaseAttachment(
  database: Database,
  context: AuthContext,
  caseId: string,
  attachmentId: string,
): Promise<{ fileName: string; mediaType: string; isInline: boolean; sha256: string; content: Buffer }> {
  const found = await findReadableCase(database, context, caseId);
  const row = await repository.readAttachmentContent(database.pool, found.tenantId, found.id, attachmentId);
  if (!row) throw notFound('Файл не найден или недоступен.');
  const isInline = row.mediaType.startsWith('image/') || row.mediaType === 'application/pdf';
  return { fileName: row.fileName, mediaType: row.mediaType, isInline, sha256: row.sha256, content: row.content };
}

/** The ids of files the case's answer or kept promise rely on (they cannot be removed). */
function listReferencedIds(lifecycle: Record<string, unknown>): Set<string> {
  const ids = new Set<string>();
  for (const key of ['draftAnswer', 'promiseReport']) {
    const value = lifecycle[key];
    if (typeof value === 'object' && value !== null && 'attachmentIds' in value) {
      const list = (value as { attachmentIds: unknown }).attachmentIds;
      if (Array.isArray(list)) for (const id of list) if (typeof id === 'string') ids.add(id);
    }
  }
  if (typeof lifecycle.coveringLetterAttachmentId === 'string') ids.add(lifecycle.coveringLetterAttachmentId);
  return ids;
}

/**
 * Removes a staff file: its author or a coordinator may, while no answer or kept promise relies on it.
 * What the resident sent and generated documents are never removed (nothing a resident sent is lost).
 */
export async function removeCaseAttachment(
  database: Database,
  context: AuthContext,
  caseId: string,
  attachmentId: string,
  origin: Origin,
): Promise<void> {
  const found = await findReadableCase(database, context, caseId);
  await withTransaction(database.pool, async (client) => {
    if (!(await repository.lockCaseForAttachments(client, found.tenantId, found.id))) {
      throw notFound('Сообщение не найдено или недоступно.');
    }
    const row = await repository.findAttachment(client, found.tenantId, found.id, attachmentId);
    if (!row) throw notFound('Файл не найден или недоступен.');
    if (row.origin !== 'staff') {
      throw new AppError(
        'FORBIDDEN',
        row.origin === 'resident'
          ? `Файл «${row.fileName}» прислал заявитель: его нельзя удалить.`
          : `Файл «${row.fileName}» создан системой (сопроводительное письмо): его нельзя удалить.`,
      );
    }
    const isOwn = row.uploadedBy !== null && row.uploadedBy === context.userId;
    if (!isOwn && !hasPermission(context.roles, 'cases.attachments_manage')) {
      throw new AppError(
        'FORBIDDEN',
        `Файл «${row.fileName}» приложил другой сотрудник: удалить его может он или координатор.`,
      );
    }
    const lifecycle = (await repository.findCaseLifecycle(client, found.tenantId, found.id)) ?? {};
    if (listReferencedIds(lifecycle).has(row.id)) {
      throw new AppError(
        'ATTACHMENT_IN_USE',
        `Файл «${row.fileName}» приложен к ответу или подтверждению обещания: сначала исправьте ответ.`,
      );
    }
    await repository.markAttachmentDeleted(client, found.tenantId, row.id, context.userId);
    const facts = { attachmentId: row.id, fileName: row.fileName, sha256: row.sha256 };
    await insertCaseEvent(client, {
      tenantId: found.tenantId,
      caseId: found.id,
      action: 'attachment-removed',
      actorId: context.userId,
      actorRole: context.roles[0] ?? null,
      fromState: null,
      toState: null,
      payload: facts,
      events: ['case.attachment_removed'],
    });
    await recordAudit(client, {
      tenantId: found.tenantId,
      actorUserId: context.userId,
      action: 'case.attachment_removed',
      objectType: 'case',
      objectId: found.id,
      before: facts,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
}
