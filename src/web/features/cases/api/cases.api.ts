import type { CaseDetail, CaseListResponse } from '../../../../shared/contracts/cases.contract.js';
import { requestJson } from '../../../platform/http-client.js';
import { type CasesSearch, DEFAULT_CASE_PAGE_SIZE } from './cases-search.js';

export function fetchCases(search: CasesSearch, signal?: AbortSignal): Promise<CaseListResponse> {
  return requestJson<CaseListResponse>('/api/cases', {
    signal,
    query: {
      channel: search.channel,
      status: search.status,
      kind: search.kind,
      q: search.q,
      isOverdue: search.isOverdue ? 'true' : undefined,
      page: search.page ?? 1,
      pageSize: search.pageSize ?? DEFAULT_CASE_PAGE_SIZE,
    },
  });
}

export function fetchCase(id: string, signal?: AbortSignal): Promise<CaseDetail> {
  return requestJson<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`, { signal });
}
