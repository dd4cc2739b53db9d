import { CHANNELS, type Channel } from '../../../../shared/channels.js';
import type { InboxFilters } from '../../../../shared/contracts/inbox.contract.js';
import { INBOX_QUEUES, type InboxQueue } from '../../../../shared/inbox/inbox-queues.js';
import { WORKFLOW_STATE_CODES, type WorkflowStateCode } from '../../../../shared/workflow/index.js';

/** The inbox's state as it lives in the address bar: a queue, its filters and the open case. */
export type InboxSearch = {
  queue?: InboxQueue;
  channel?: Channel;
  category?: string;
  district?: string;
  recipientId?: string;
  executorId?: string;
  state?: WorkflowStateCode;
  receivedFrom?: string;
  receivedTo?: string;
  isFastTrack?: 'true';
  q?: string;
  /** With a search: newest first instead of the best matches first. */
  order?: 'date';
  /** The case open in the side panel. */
  caseId?: string;
};

export const DEFAULT_INBOX_QUEUE: InboxQueue = 'new';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function pickOne<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const trimmed = String(value).trim().slice(0, max);
  return trimmed === '' ? undefined : trimmed;
}

function instant(value: unknown): string | undefined {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /T/.test(value) ? value : undefined;
}

/** Reads the address bar leniently: a value that makes no sense is dropped rather than shown as an error. */
export function parseInboxSearch(raw: Record<string, unknown>): InboxSearch {
  const search: InboxSearch = {};
  const queue = pickOne(INBOX_QUEUES, raw.queue);
  const channel = pickOne(CHANNELS, raw.channel);
  const state = pickOne(WORKFLOW_STATE_CODES, raw.state);
  if (queue && queue !== DEFAULT_INBOX_QUEUE) search.queue = queue;
  if (channel) search.channel = channel;
  if (state) search.state = state;
  const category = text(raw.category, 200);
  const district = text(raw.district, 200);
  const q = text(raw.q, 200);
  if (category) search.category = category;
  if (district) search.district = district;
  if (q) search.q = q;
  for (const key of ['recipientId', 'executorId', 'caseId'] as const) {
    const value = raw[key];
    if (typeof value === 'string' && UUID_PATTERN.test(value)) search[key] = value;
  }
  const from = instant(raw.receivedFrom);
  const to = instant(raw.receivedTo);
  if (from) search.receivedFrom = from;
  if (to) search.receivedTo = to;
  if (raw.isFastTrack === true || raw.isFastTrack === 'true') search.isFastTrack = 'true';
  if (raw.order === 'date') search.order = 'date';
  return search;
}

/** The filters of a search, in the shape the API (and a saved filter) takes. */
export function filtersOf(search: InboxSearch): InboxFilters {
  const { queue: _queue, caseId: _caseId, order: _order, ...filters } = search;
  return filters;
}

export function queueOf(search: InboxSearch): InboxQueue {
  return search.queue ?? DEFAULT_INBOX_QUEUE;
}

export function hasInboxFilters(search: InboxSearch): boolean {
  return Object.keys(filtersOf(search)).length > 0;
}
