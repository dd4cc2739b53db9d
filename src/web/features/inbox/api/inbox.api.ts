import type {
  InboxBulkInput,
  InboxBulkResult,
  InboxCounts,
  InboxFilters,
  InboxPage,
  SavedInboxFilter,
  SaveInboxFilterInput,
} from '../../../../shared/contracts/inbox.contract.js';
import type { InboxQueue } from '../../../../shared/inbox/inbox-queues.js';
import { requestJson } from '../../../platform/http-client.js';

export const INBOX_STREAM_URL = '/api/inbox/stream';
export const INBOX_CHANGED_EVENT = 'inbox-changed';
export const INBOX_PAGE_SIZE = 50;

export function fetchInboxPage(
  queue: InboxQueue,
  filters: InboxFilters,
  order: 'date' | undefined,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<InboxPage> {
  return requestJson<InboxPage>('/api/inbox', {
    signal,
    query: { queue, ...filters, order, cursor, limit: INBOX_PAGE_SIZE },
  });
}

export function fetchInboxCounts(filters: InboxFilters, signal?: AbortSignal): Promise<InboxCounts> {
  return requestJson<InboxCounts>('/api/inbox/counts', { signal, query: { ...filters } });
}

export function runInboxBulk(input: InboxBulkInput): Promise<InboxBulkResult> {
  return requestJson<InboxBulkResult>('/api/inbox/bulk', { method: 'POST', body: input });
}

export function fetchSavedFilters(signal?: AbortSignal): Promise<SavedInboxFilter[]> {
  return requestJson<SavedInboxFilter[]>('/api/inbox/saved-filters', { signal });
}

export function createSavedFilter(input: SaveInboxFilterInput): Promise<SavedInboxFilter> {
  return requestJson<SavedInboxFilter>('/api/inbox/saved-filters', { method: 'POST', body: input });
}

export function deleteSavedFilter(id: string): Promise<void> {
  return requestJson<void>(`/api/inbox/saved-filters/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
