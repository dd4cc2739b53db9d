/**
 * Pure helpers of the live unread counter (`GET /api/notifications/stream`), kept apart from React so they
 * can be tested without a browser.
 */

/** The count from an `unread-count` event's data, or undefined for anything else. */
export function parseUnreadCountEvent(data: unknown): number | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== 'object' || parsed === null || !('unreadCount' in parsed)) return undefined;
    const count = parsed.unreadCount;
    return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : undefined;
  } catch {
    return undefined;
  }
}

/** «99+» above 99, as the badge shows it; the number itself otherwise. */
export function describeUnreadCount(count: number): string {
  if (count === 0) return 'Непрочитанных уведомлений нет';
  return `Непрочитанных уведомлений: ${count > 99 ? 'больше 99' : count}`;
}
