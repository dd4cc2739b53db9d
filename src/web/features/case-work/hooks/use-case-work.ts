import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseDetail, CreateCaseInput } from '../../../../shared/contracts/cases.contract.js';
import { fetchCase } from '../../cases/api/cases.api.js';
import {
  createCase,
  fetchAnswerTemplates,
  fetchColleagues,
  fetchExecutors,
  fetchRecipientOptions,
  performCaseAction,
  renderAnswerTemplate,
} from '../api/case-work.api.js';

const KEY = 'case-work';

function caseDetailKey(caseId: string) {
  return ['cases', 'detail', caseId];
}

/** After a change: the card shows the server's answer, lists, counters and timers are read again. */
function useRefreshAfterChange() {
  const queryClient = useQueryClient();
  return (updated: CaseDetail) => {
    queryClient.setQueryData(caseDetailKey(updated.id), updated);
    void queryClient.invalidateQueries({ queryKey: ['cases', 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['overview'] });
    void queryClient.invalidateQueries({ queryKey: ['sla', 'case-timers', updated.id] });
  };
}

export type ActionRequest = { action: string; input: Record<string, unknown> };

export function usePerformCaseAction(item: CaseDetail) {
  const refresh = useRefreshAfterChange();
  return useMutation({
    mutationFn: ({ action, input }: ActionRequest) => performCaseAction(item.id, action, input, item.version),
    onSuccess: refresh,
  });
}

/** Reads the card again (after a version conflict) and puts it on screen; answers the fresh card. */
export function useReloadCase() {
  const queryClient = useQueryClient();
  return async (caseId: string): Promise<CaseDetail> => {
    const fresh = await fetchCase(caseId);
    queryClient.setQueryData(caseDetailKey(caseId), fresh);
    void queryClient.invalidateQueries({ queryKey: ['cases', 'list'] });
    return fresh;
  };
}

export function useCreateCase() {
  const refresh = useRefreshAfterChange();
  return useMutation({ mutationFn: (input: CreateCaseInput) => createCase(input), onSuccess: refresh });
}

export function useExecutors(isEnabled: boolean) {
  return useQuery({
    queryKey: [KEY, 'executors'],
    queryFn: ({ signal }) => fetchExecutors(signal),
    enabled: isEnabled,
    staleTime: 60_000,
  });
}

export function useColleagues(isEnabled: boolean) {
  return useQuery({
    queryKey: [KEY, 'colleagues'],
    queryFn: ({ signal }) => fetchColleagues(signal),
    enabled: isEnabled,
    staleTime: 60_000,
  });
}

export function useRecipientOptions(isEnabled: boolean) {
  return useQuery({
    queryKey: [KEY, 'recipients'],
    queryFn: ({ signal }) => fetchRecipientOptions(signal),
    enabled: isEnabled,
    staleTime: 60_000,
  });
}

export function useAnswerTemplates(topic: string | null, isEnabled: boolean) {
  return useQuery({
    queryKey: [KEY, 'templates', topic],
    queryFn: ({ signal }) => fetchAnswerTemplates(topic, signal),
    enabled: isEnabled,
  });
}

export function useRenderAnswerTemplate(caseId: string) {
  return useMutation({ mutationFn: (templateId: string) => renderAnswerTemplate(templateId, caseId) });
}
