import {
  type InfiniteData,
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { InboxFilters, InboxPage, SaveInboxFilterInput } from '../../../../shared/contracts/inbox.contract.js';
import type { InboxQueue } from '../../../../shared/inbox/inbox-queues.js';
import { useEventStream } from '../../../lib/use-event-stream.js';
import {
  createSavedFilter,
  deleteSavedFilter,
  fetchInboxCounts,
  fetchInboxPage,
  fetchSavedFilters,
  INBOX_CHANGED_EVENT,
  INBOX_STREAM_URL,
  runInboxBulk,
} from '../api/inbox.api.js';
import { parseInboxChangedEvent } from '../api/inbox-keyboard.js';

const inboxKey = ['inbox'] as const;
const savedFiltersKey = ['inbox', 'saved-filters'] as const;

/**
 * The queue's pages by keyset cursor («Показать ещё» loads the next). A refetch (a live change) reloads
 * the pages already shown from the top with fresh cursors, so new rows appear above and the rows the
 * user was looking at stay where they were.
 */
export function useInboxPages(queue: InboxQueue, filters: InboxFilters, order: 'date' | undefined) {
  return useInfiniteQuery({
    queryKey: [...inboxKey, 'pages', queue, filters, order],
    queryFn: ({ pageParam, signal }) => fetchInboxPage(queue, filters, order, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useInboxCounts(filters: InboxFilters) {
  return useQuery({
    queryKey: [...inboxKey, 'counts', filters],
    queryFn: ({ signal }) => fetchInboxCounts(filters, signal),
    placeholderData: keepPreviousData,
    // Due today and overdue move with the clock, not only with changes.
    refetchInterval: 60_000,
  });
}

export function useSavedFilters() {
  return useQuery({ queryKey: savedFiltersKey, queryFn: ({ signal }) => fetchSavedFilters(signal) });
}

export function useSaveFilter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveInboxFilterInput) => createSavedFilter(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedFiltersKey }),
  });
}

export function useDeleteFilter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteSavedFilter(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedFiltersKey }),
  });
}

export function useInboxBulk() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runInboxBulk,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: inboxKey });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}

/**
 * Keeps an EventSource on `/api/inbox/stream`: each «inbox-changed» event refreshes the counts and the
 * shown pages and reports the ids that changed (the page marks them). Cases that left the caller's scope
 * (`leftCaseIds`: reassigned or forwarded elsewhere) are dropped from the shown pages at once, before the
 * refetch, and their cached cards forgotten. The browser reconnects a dropped stream itself; when it gives
 * up the hook reopens it after a growing pause. Closed while the tab is hidden.
 */
export function useInboxLiveUpdates(
  onChanged: (caseIds: string[]) => void,
  onLeft: (caseIds: string[]) => void = () => {},
): boolean {
  const queryClient = useQueryClient();
  return useEventStream(INBOX_STREAM_URL, INBOX_CHANGED_EVENT, {
    onEvent: (data) => {
      const { caseIds, leftCaseIds } = parseInboxChangedEvent(data);
      if (caseIds.length === 0 && leftCaseIds.length === 0) return;
      if (leftCaseIds.length > 0) {
        const left = new Set(leftCaseIds);
        queryClient.setQueriesData<InfiniteData<InboxPage>>({ queryKey: [...inboxKey, 'pages'] }, (data) =>
          data
            ? {
                ...data,
                pages: data.pages.map((page) => ({ ...page, items: page.items.filter((item) => !left.has(item.id)) })),
              }
            : data,
        );
        for (const id of leftCaseIds) queryClient.removeQueries({ queryKey: ['cases', 'detail', id] });
        onLeft(leftCaseIds);
      }
      void queryClient.invalidateQueries({ queryKey: inboxKey });
      void queryClient.invalidateQueries({ queryKey: ['cases', 'detail'] });
      if (caseIds.length > 0) onChanged(caseIds);
    },
    // What happened while the stream was down is read once; then the stream carries on.
    onMissed: () => void queryClient.invalidateQueries({ queryKey: inboxKey }),
  });
}
