import type { CaseAttachment } from '../../../../shared/contracts/attachments.contract.js';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import { requestJson } from '../../../platform/http-client.js';

function attachmentsUrl(caseId: string): string {
  return `/api/cases/${encodeURIComponent(caseId)}/attachments`;
}

/** One file as multipart/form-data (field `file`); the server checks its type by content. */
export function uploadAttachment(caseId: string, file: File): Promise<CaseAttachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  return requestJson<CaseAttachment>(attachmentsUrl(caseId), { method: 'POST', body: form });
}

export function removeAttachment(caseId: string, attachmentId: string): Promise<void> {
  return requestJson<void>(`${attachmentsUrl(caseId)}/${encodeURIComponent(attachmentId)}`, { method: 'DELETE' });
}

export function downloadUrl(attachment: Pick<CaseAttachment, 'url'>): string {
  return `${attachment.url}?download=true`;
}

/** The ids an answer, a kept promise or a timeline entry refers to, as they are in the payload. */
export function readAttachmentIds(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || !('attachmentIds' in value)) {
    return [];
  }
  const ids = (value as { attachmentIds: unknown }).attachmentIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** The case's files with these ids, in the given order; ids of removed files are left out. */
export function pickAttachments(item: Pick<CaseDetail, 'attachments'>, ids: readonly string[]): CaseAttachment[] {
  const byId = new Map(item.attachments.map((attachment) => [attachment.id, attachment]));
  return ids.map((id) => byId.get(id)).filter((attachment): attachment is CaseAttachment => attachment !== undefined);
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} Б`;
  }
  if (bytes < 1024 * 1024) {
    return `${Math.round(bytes / 1024)} КБ`;
  }
  return `${(bytes / 1024 / 1024).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} МБ`;
}
