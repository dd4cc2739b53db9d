import type { AuditPage } from '../../../../shared/contracts/organization.contract.js';
import { requestJson } from '../../../platform/http-client.js';
import { type AuditSearch, DEFAULT_AUDIT_PAGE_SIZE } from './audit-search.js';

export function fetchAuditPage(search: AuditSearch, signal?: AbortSignal): Promise<AuditPage> {
  return requestJson<AuditPage>('/api/audit', {
    signal,
    query: {
      actorId: search.actorId,
      objectType: search.objectType,
      objectId: search.objectId,
      action: search.action,
      from: search.from,
      to: search.to,
      page: search.page ?? 1,
      pageSize: search.pageSize ?? DEFAULT_AUDIT_PAGE_SIZE,
    },
  });
}
