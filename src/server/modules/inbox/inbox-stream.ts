import type { Database } from '../../platform/db/database.js';
import { type PollingHubOptions, PollingStreamHub } from '../../platform/http/polling-stream-hub.js';
import { type ChangedCase, type InboxScope, listChangedCases, readDatabaseNow } from './inbox.repository.js';

/** One open `GET /api/inbox/stream`: whose scope it watches and where to write. */
export type InboxStream = {
  userId: string;
  scope: InboxScope;
  openedAt: number;
  sendChange(change: { caseIds: string[]; count: number }): void;
  sendComment(text: string): void;
  close(): void;
};

export type InboxHubOptions = PollingHubOptions & {
  /**
   * `updated_at` is the writing transaction's start time, so a transaction that commits late carries an
   * older time than one already seen: every poll looks this far back and skips (case, version) pairs it
   * has already announced.
   */
  lookBackMs: number;
  /** At most this many changed cases are read per poll (the rest on the next one). */
  batchSize: number;
};

export const DEFAULT_INBOX_HUB_OPTIONS: InboxHubOptions = {
  pollIntervalMs: 2_000,
  lookBackMs: 30_000,
  keepAliveMs: 25_000,
  maxStreamAgeMs: 15 * 60_000,
  maxStreamsPerUser: 10,
  batchSize: 1_000,
};

/** Whether a changed case is in the scope a stream watches (the same rule as the inbox's reads). */
export function isInScope(change: Pick<ChangedCase, 'tenantId' | 'recipientId' | 'executorId'>, scope: InboxScope) {
  if (!scope.tenantIds.includes(change.tenantId)) return false;
  if (!scope.routedTo) return true;
  return (
    (change.recipientId !== null && scope.routedTo.recipientIds.includes(change.recipientId)) ||
    (change.executorId !== null && scope.routedTo.executorIds.includes(change.executorId))
  );
}

/**
 * Live inbox changes of one process, the way the notification bell does it (notification-stream.ts):
 * LISTEN/NOTIFY does not pass the embedded PGlite socket and changes come from any process sharing the
 * database, so while a stream is open the hub polls `cases.updated_at` (index cases_updated_idx) of the
 * watched tenants in ONE query and tells each stream which of the changed cases are in its scope. With no
 * stream open nothing runs.
 */
export class InboxChangeHub extends PollingStreamHub<InboxStream, InboxHubOptions> {
  /** Database time of the last poll; changes after (it − lookBack) are read. */
  private checkedAt: Date | undefined;
  /** `id:version` announced recently, with the database time it was seen, to skip repeats. */
  private readonly announced = new Map<string, number>();

  constructor(
    private readonly database: Database,
    options: Partial<InboxHubOptions> = {},
  ) {
    super({ ...DEFAULT_INBOX_HUB_OPTIONS, ...options });
  }

  async open(stream: InboxStream): Promise<void> {
    const watched = new Set([...this.streams].flatMap((other) => other.scope.tenantIds));
    const unwatched = stream.scope.tenantIds.filter((tenantId) => !watched.has(tenantId));
    this.track(stream);
    if (this.streams.size === 1) this.announced.clear();
    if (unwatched.length === 0) return;
    // Nothing written before a tenant was first watched is news: what the look-back window holds now is
    // marked as announced.
    const now = await readDatabaseNow(this.database.pool);
    const since = new Date(now.getTime() - this.options.lookBackMs);
    for (const change of await listChangedCases(this.database.pool, unwatched, since, this.options.batchSize)) {
      this.announced.set(`${change.id}:${change.version}`, now.getTime());
    }
    if (this.streams.size === 1 || !this.checkedAt) this.checkedAt = now;
  }

  /** Reads what changed since the last poll and tells the streams whose scope it touches. */
  async poll(): Promise<void> {
    if (this.streams.size === 0 || !this.checkedAt) return;
    const tenantIds = [...new Set([...this.streams].flatMap((stream) => stream.scope.tenantIds))];
    const now = await readDatabaseNow(this.database.pool);
    const since = new Date(this.checkedAt.getTime() - this.options.lookBackMs);
    const changed = await listChangedCases(this.database.pool, tenantIds, since, this.options.batchSize);
    const fresh = changed.filter((change) => !this.announced.has(`${change.id}:${change.version}`));
    for (const change of fresh) this.announced.set(`${change.id}:${change.version}`, now.getTime());
    // A full batch may hide more: resume from its last row next time instead of from now.
    const last = changed.at(-1);
    this.checkedAt =
      changed.length >= this.options.batchSize && last
        ? new Date(new Date(last.updatedAt).getTime() - 1 + this.options.lookBackMs)
        : now;
    for (const [key, seenAt] of this.announced) {
      if (now.getTime() - seenAt > 2 * this.options.lookBackMs) this.announced.delete(key);
    }
    if (fresh.length === 0) return;
    for (const stream of this.streams) {
      const mine = fresh.filter((change) => isInScope(change, stream.scope));
      if (mine.length > 0)
        stream.sendChange({ caseIds: mine.slice(0, 100).map((change) => change.id), count: mine.length });
    }
  }
}
