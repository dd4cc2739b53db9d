import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchCase, fetchCases } from '../api/cases.api.js';
import type { CasesSearch } from '../api/cases-search.js';

/** One page of the list; the previous page stays on screen while the next one loads. */
export function useCases(search: CasesSearch) {
  const { caseId: _openCase, ...listSearch } = search;
  return useQuery({
    queryKey: ['cases', 'list', listSearch],
    queryFn: ({ signal }) => fetchCases(listSearch, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: ['cases', 'detail', id],
    queryFn: ({ signal }) => fetchCase(id ?? '', signal),
    enabled: id !== undefined,
  });
}
