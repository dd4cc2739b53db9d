import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchAuditPage } from '../api/audit.api.js';
import type { AuditSearch } from '../api/audit-search.js';

/** One page of the log; the previous page stays on screen while the next one loads. */
export function useAuditPage(search: AuditSearch) {
  return useQuery({
    queryKey: ['audit', 'list', search],
    queryFn: ({ signal }) => fetchAuditPage(search, signal),
    placeholderData: keepPreviousData,
    // The log grows by itself (sign-ins, changes by others): what is on screen should not be old.
    staleTime: 0,
  });
}
