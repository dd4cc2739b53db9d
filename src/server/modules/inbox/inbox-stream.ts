import type { Database } from '../../platform/db/database.js';
import { type PollingHubOptions, PollingStreamHub } from '../../platform/http/polling-stream-hub.js';
import {
  type ChangedCase,
  type InboxScope,
  listChangedCases,
  listScopeExits,
  pruneScopeExits,
  readDatabaseNow,
  type ScopeExit,
} from './inbox.repository.js';

/** One open `GET /api/inbox/stream`: whose scope it watches and where to write. */
export type InboxStream = {
  userId: string;
  scope: InboxScope;
  openedAt: number;
  /**
   * `caseIds`: cases in the scope that appeared or changed (at most 100 of `count`); `leftCaseIds`: cases
   * that were in the scope and no longer are (reassigned or forwarded elsewhere) — ids only, so the page
   * drops their rows without learning where they went.
   */
  sendChange(change: InboxChange): void;
  sendComment(text: string): void;
  close(): void;
};

export type InboxChange = { caseIds: string[]; count: number; leftCaseIds: string[] };

/** How long routing changes are kept for the streams (case_scope_exits), and how often older ones are pruned. */
const EXIT_RETENTION_MS = 60 * 60_000;
const EXIT_PRUNE_INTERVAL_MS = 10 * 60_000;

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
export function isInScope(
  change: Pick<ChangedCase, 'tenantId' | 'recipientId' | 'executorId'>,
  scope: InboxScope,
): boolean {
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
 * watched tenants in ONE query and tells each stream which of the changed cases are in its scope; a second
 * query reads the routing changes (`case_scope_exits`, migration 0020) and tells each stream which cases
 * left its scope. With no stream open nothing runs.
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
    // Nor is a routing change made before: a new stream learns of cases that leave its scope from now on.
    for (const exit of await listScopeExits(this.database.pool, unwatched, since, this.options.batchSize)) {
      this.announced.set(`exit:${exit.id}`, now.getTime());
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
    // Read even when no stream is limited to a routing (only those can lose a case that stays in the
    // tenant), so that an executor's stream opened later is not told of routing changes made before it.
    const exits = (await listScopeExits(this.database.pool, tenantIds, since, this.options.batchSize)).filter(
      (exit) => !this.announced.has(`exit:${exit.id}`),
    );
    for (const exit of exits) this.announced.set(`exit:${exit.id}`, now.getTime());
    // A full batch may hide more: resume from its last row next time instead of from now.
    const last = changed.at(-1);
    this.checkedAt =
      changed.length >= this.options.batchSize && last
        ? new Date(new Date(last.updatedAt).getTime() - 1 + this.options.lookBackMs)
        : now;
    for (const [key, seenAt] of this.announced) {
      if (now.getTime() - seenAt > 2 * this.options.lookBackMs) this.announced.delete(key);
    }
    await this.pruneExits(now);
    if (fresh.length === 0 && exits.length === 0) return;
    for (const stream of this.streams) {
      const mine = fresh.filter((change) => isInScope(change, stream.scope));
      const left = leftScope(exits, stream.scope);
      if (mine.length > 0 || left.length > 0)
        stream.sendChange({
          caseIds: mine.slice(0, 100).map((change) => change.id),
          count: mine.length,
          leftCaseIds: left.slice(0, 100),
        });
    }
  }

  private prunedAt = 0;

  /** At most every ten minutes: routing changes older than the retention are of no use to any stream. */
  private async pruneExits(now: Date): Promise<void> {
    if (now.getTime() - this.prunedAt < EXIT_PRUNE_INTERVAL_MS) return;
    this.prunedAt = now.getTime();
    await pruneScopeExits(this.database.pool, new Date(now.getTime() - EXIT_RETENTION_MS));
  }
}

/**
 * The cases a stream's scope lost: the routing they had was in the scope, the routing they have now is not
 * (or the case is gone). A case that stays visible (reassigned within the watcher's recipient) is not lost.
 */
export function leftScope(exits: ScopeExit[], scope: InboxScope): string[] {
  const left = new Set<string>();
  for (const exit of exits) {
    if (!isInScope(exit, scope)) continue;
    const isStillSeen =
      (exit.currentRecipientId !== null || exit.currentExecutorId !== null) &&
      isInScope(
        { tenantId: exit.tenantId, recipientId: exit.currentRecipientId, executorId: exit.currentExecutorId },
        scope,
      );
    if (!isStillSeen) left.add(exit.caseId);
  }
  return [...left];
}
