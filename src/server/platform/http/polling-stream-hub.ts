/** What every live stream (SSE) of a polling hub has: whose it is, when it opened, how to write and close it. */
export type PolledStream = {
  userId: string;
  openedAt: number;
  sendComment(text: string): void;
  close(): void;
};

export type PollingHubOptions = {
  /** How often the hub reads the database for all its open streams (one query per poll). */
  pollIntervalMs: number;
  /** A comment line this often keeps proxies and the browser from closing a quiet stream. */
  keepAliveMs: number;
  /**
   * A stream is closed after this long and the browser reconnects, passing the sign-in check again: a
   * session that ended or a person switched off stops getting events within this time.
   */
  maxStreamAgeMs: number;
  maxStreamsPerUser: number;
};

/**
 * The mechanics shared by the live streams of one process (the bell's unread count, the inbox's changes):
 * LISTEN/NOTIFY does not pass through the embedded PGlite socket and changes come from any process sharing
 * the database, so while a stream is open the hub polls every `pollIntervalMs` — never two polls at once —
 * sends keep-alive comments and closes streams past their age. With no stream open nothing runs.
 * A subclass says what one poll reads and sends (`poll`).
 */
export abstract class PollingStreamHub<TStream extends PolledStream, TOptions extends PollingHubOptions> {
  protected readonly streams = new Set<TStream>();
  protected readonly options: TOptions;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private lastKeepAliveAt = Date.now();

  protected constructor(options: TOptions) {
    this.options = options;
  }

  /** One look at the database for every open stream. */
  protected abstract poll(): Promise<void>;

  get size(): number {
    return this.streams.size;
  }

  hasRoomFor(userId: string): boolean {
    let count = 0;
    for (const stream of this.streams) if (stream.userId === userId) count += 1;
    return count < this.options.maxStreamsPerUser;
  }

  protected track(stream: TStream): void {
    this.streams.add(stream);
    this.startTimer();
  }

  remove(stream: TStream): void {
    this.streams.delete(stream);
    if (this.streams.size === 0) this.stopTimer();
  }

  /** Polls now instead of at the next tick (a change this process just made); skipped while a poll runs. */
  nudge(): void {
    if (this.polling || this.streams.size === 0) return;
    this.polling = this.poll()
      .catch(() => {
        // The next tick tries again; the page keeps what it shows meanwhile.
      })
      .finally(() => {
        this.polling = undefined;
      });
  }

  /** Ends every stream (server shutdown: an open stream would keep the HTTP server from closing). */
  closeAll(): void {
    this.stopTimer();
    for (const stream of [...this.streams]) {
      this.streams.delete(stream);
      stream.close();
    }
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
    this.nudge();
  }
}
