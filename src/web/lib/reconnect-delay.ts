const RECONNECT_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000] as const;

/**
 * How long to wait before opening a live stream again after the browser gave it up (the server answered 401,
 * 429 or 5xx, or is restarting): a little longer each time, at most a minute. Shared by every event stream.
 */
export function reconnectDelayMs(failures: number): number {
  const index = Math.min(Math.max(failures, 0), RECONNECT_DELAYS_MS.length - 1);
  return RECONNECT_DELAYS_MS[index] ?? 60_000;
}
