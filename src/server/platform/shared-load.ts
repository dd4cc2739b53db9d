const running = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * One load per key at a time: callers that arrive while a load of the same key through the same
 * connection (`through`: the pool, or one transaction's client) is running share its promise instead of
 * starting their own. For the process caches on the intake hot path (routing rules, working time, SLA
 * policies, Open311 services): without it, the moment a cache expires every request in flight reloads it
 * — dozens of identical queries at once and a latency spike under load. Loads through different
 * connections are never shared: a transaction must not wait for a pool query that, on the embedded
 * database, would wait for that transaction's own backend.
 */
export function loadOnce<T>(through: object, key: string, load: () => Promise<T>): Promise<T> {
  let loads = running.get(through);
  if (!loads) {
    loads = new Map();
    running.set(through, loads);
  }
  const current = loads.get(key);
  if (current) return current as Promise<T>;
  const inFlight = loads;
  const started = load().finally(() => {
    if (inFlight.get(key) === started) inFlight.delete(key);
  });
  inFlight.set(key, started);
  return started;
}
