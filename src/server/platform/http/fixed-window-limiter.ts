/**
 * Counts requests per key in fixed windows, in this process's memory (like @fastify/rate-limit's own
 * store): `take` answers whether one more is allowed and, if not, in how many seconds to retry.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { count: number; resetsAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMilliseconds: number,
  ) {}

  take(key: string, now = Date.now()): { isAllowed: true } | { isAllowed: false; retryAfterSeconds: number } {
    let window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      if (this.windows.size > 50_000) this.sweep(now);
      window = { count: 0, resetsAt: now + this.windowMilliseconds };
      this.windows.set(key, window);
    }
    if (window.count >= this.limit) {
      return { isAllowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetsAt - now) / 1000)) };
    }
    window.count += 1;
    return { isAllowed: true };
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(key);
  }
}
