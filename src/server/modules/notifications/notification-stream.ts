import type { Database } from '../../platform/db/database.js';
import { type PollingHubOptions, PollingStreamHub } from '../../platform/http/polling-stream-hub.js';
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

export type UnreadCountHubOptions = PollingHubOptions;

export const DEFAULT_HUB_OPTIONS: UnreadCountHubOptions = {
  pollIntervalMs: 3_000,
  keepAliveMs: 25_000,
  maxStreamAgeMs: 15 * 60_000,
  maxStreamsPerUser: 10,
};

/**
 * The live unread counts of one process (polling mechanics: PollingStreamHub): while any stream is open it
 * reads the counts of all people with an open stream in ONE grouped query and writes to the streams whose
 * count changed. The cost does not grow with the number of streams. Changes made by this process are
 * pushed at once (`refresh`).
 */
export class UnreadCountHub extends PollingStreamHub<UnreadCountStream, UnreadCountHubOptions> {
  constructor(
    private readonly database: Database,
    options: Partial<UnreadCountHubOptions> = {},
  ) {
    super({ ...DEFAULT_HUB_OPTIONS, ...options });
  }

  /** Adds the stream and sends it the current count. */
  async open(stream: UnreadCountStream): Promise<void> {
    this.track(stream);
    await this.refresh([stream.userId]);
  }

  protected poll(): Promise<void> {
    return this.refresh();
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

  private hasStreamOf(userId: string): boolean {
    for (const stream of this.streams) if (stream.userId === userId) return true;
    return false;
  }
}
