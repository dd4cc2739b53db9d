/**
 * The fields of `next` that differ from `current`: what an edit form sends, so a save without changes asks
 * nothing of the server and leaves no empty «изменение» in the audit log. Arrays are compared as sets
 * (roles, members and topics have no order that matters).
 */
export function pickChanges<T extends Record<string, unknown>>(current: T, next: T): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(next) as Array<keyof T>) {
    if (!isSame(current[key], next[key])) {
      changes[key] = next[key];
    }
  }
  return changes;
}

function isSame(left: unknown, right: unknown): boolean {
  if (Array.isArray(left) && Array.isArray(right)) {
    const leftSet = new Set(left);
    return leftSet.size === new Set(right).size && right.every((item) => leftSet.has(item));
  }
  return left === right || ((left ?? null) === null && (right ?? null) === null);
}
