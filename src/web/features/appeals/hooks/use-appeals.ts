import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PosSyncSettingsInput } from '../../../../shared/contracts/pos-sync.contract.js';
import {
  createAppeal,
  createManualEntry,
  fetchCard,
  fetchJournal,
  fetchPosSync,
  type JournalFilters,
  registerAppeal,
  runPosSync,
  savePosSync,
} from '../api/appeals.api.js';

export function useJournal(filters: JournalFilters) {
  return useQuery({
    queryKey: ['appeals', 'journal', filters],
    queryFn: ({ signal }) => fetchJournal(filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useRegistrationCard(caseId: string | null) {
  return useQuery({
    queryKey: ['appeals', 'card', caseId],
    queryFn: ({ signal }) => fetchCard(caseId ?? '', signal),
    enabled: caseId !== null,
  });
}

function useRefreshCases() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['appeals'] });
    void queryClient.invalidateQueries({ queryKey: ['cases'] });
    void queryClient.invalidateQueries({ queryKey: ['overview'] });
  };
}

export function useCreateAppeal() {
  const refresh = useRefreshCases();
  return useMutation({ mutationFn: createAppeal, onSuccess: refresh });
}

export function useRegisterAppeal() {
  const refresh = useRefreshCases();
  return useMutation({ mutationFn: registerAppeal, onSuccess: refresh });
}

export function useCreateManualEntry() {
  const refresh = useRefreshCases();
  return useMutation({ mutationFn: createManualEntry, onSuccess: refresh });
}

export function usePosSync() {
  return useQuery({ queryKey: ['pos-sync'], queryFn: ({ signal }) => fetchPosSync(signal) });
}

export function useSavePosSync() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PosSyncSettingsInput) => savePosSync(input),
    onSuccess: (status) => queryClient.setQueryData(['pos-sync'], status),
  });
}

export function useRunPosSync() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runPosSync,
    onSuccess: (status) => {
      queryClient.setQueryData(['pos-sync'], status);
      void queryClient.invalidateQueries({ queryKey: ['cases', 'list'] });
      // A run delivers the outbox: cases registered in ПОС get their number.
      void queryClient.invalidateQueries({ queryKey: ['pos-sync', 'case'] });
    },
  });
}
