import type { Database } from '../../platform/db/database.js';
import { countUnreadByUser } from './notifications.repository.js';

/** One open `GET /api/notifications/stream`: where to write and what it was told last. */
export type UnreadCountStream = {
  userId: string;
  openedAt: number;
  lastSentCount: number | undefined;
  sendCount(count: number): void;
  sendComment(text: string): void;
  close(): void;
};

export type UnreadCountHubOptions = {
  /** How often the open streams' counts are read from the database (one query for all of them). */
  pollIntervalMs: number;
  /** A comment line this often keeps proxies and the browser from closing a quiet stream. */
  keepAliveMs: number;
  /**
   * A stream is closed after this long and the browser reconnects, passing the sign-in check again: a
   * session that ended or a person switched off stops getting counts within this time.
   */
  maxStreamAgeMs: number;
  maxStreamsPerUser: number;
};

export const DEFAULT_HUB_OPTIONS: UnreadCountHubOptions = {
  pollIntervalMs: 3_000,
  keepAliveMs: 25_000,
  maxStreamAgeMs: 15 * 60_000,
  maxStreamsPerUser: 10,
};

/**
 * The live unread counts of one process. A change may be written by any process sharing the database (a job
 * in another process, another tab's «read all»), and LISTEN/NOTIFY does not pass through the embedded PGlite
 * socket — so the hub polls: while any stream is open, every `pollIntervalMs` it reads the counts of all
 * people with an open stream in ONE grouped query and writes to the streams whose count changed. The cost
 * does not grow with the number of streams; with none open, nothing runs. Changes made by this process are
 * pushed at once (`refresh`).
 */
export class UnreadCountHub {
  private readonly streams = new Set<UnreadCountStream>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private lastKeepAliveAt = Date.now();
  private readonly options: UnreadCountHubOptions;

  constructor(
    private readonly database: Database,
    options: Partial<UnreadCountHubOptions> = {},
  ) {
    this.options = { ...DEFAULT_HUB_OPTIONS, ...options };
  }

  get size(): number {
    return this.streams.size;
  }

  hasRoomFor(userId: string): boolean {
    let count = 0;
    for (const stream of this.streams) if (stream.userId === userId) count += 1;
    return count < this.options.maxStreamsPerUser;
  }

  /** Adds the stream and sends it the current count. */
  async open(stream: UnreadCountStream): Promise<void> {
    this.streams.add(stream);
    this.startTimer();
    await this.refresh([stream.userId]);
  }

  remove(stream: UnreadCountStream): void {
    this.streams.delete(stream);
    if (this.streams.size === 0) this.stopTimer();
  }

  /** Reads the counts of these people (all with an open stream when omitted) and sends the changed ones. */
  async refresh(userIds?: readonly string[]): Promise<void> {
    const targets = userIds
      ? [...new Set(userIds)].filter((userId) => this.hasStreamOf(userId))
      : [...new Set([...this.streams].map((stream) => stream.userId))];
    if (targets.length === 0) return;
    const counts = await countUnreadByUser(this.database.pool, targets);
    const wanted = new Set(targets);
    for (const stream of this.streams) {
      if (!wanted.has(stream.userId)) continue;
      const count = counts.get(stream.userId) ?? 0;
      if (stream.lastSentCount !== count) {
        stream.lastSentCount = count;
        stream.sendCount(count);
      }
    }
  }

  /** Ends every stream (server shutdown: an open stream would keep the HTTP server from closing). */
  closeAll(): void {
    this.stopTimer();
    for (const stream of [...this.streams]) {
      this.streams.delete(stream);
      stream.close();
    }
  }

  private hasStreamOf(userId: string): boolean {
    for (const stream of this.streams) if (stream.userId === userId) return true;
    return false;
  }

  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.options.pollIntervalMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const now = Date.now();
    for (const stream of [...this.streams]) {
      if (now - stream.openedAt >= this.options.maxStreamAgeMs) {
        this.remove(stream);
        stream.close();
      }
    }
    if (now - this.lastKeepAliveAt >= this.options.keepAliveMs) {
      this.lastKeepAliveAt = now;
      for (const stream of this.streams) stream.sendComment('keep-alive');
    }
    // A slow database must not pile up queries: skip the tick while the previous poll still runs.
    if (this.polling) return;
    this.polling = this.refresh()
      .catch(() => {
        // The next tick tries again; the browser keeps the last count meanwhile.
      })
      .finally(() => {
        this.polling = undefined;
      });
  }
}
