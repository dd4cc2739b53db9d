import type {
  Delivery,
  Notification,
  NotificationListResponse,
  NotificationPreferences,
  ReadAllResponse,
  UnreadCount,
  UpdateNotificationPreferencesInput,
} from '../../../../shared/contracts/notifications.contract.js';
import { requestJson } from '../../../platform/http-client.js';

export const NOTIFICATION_STREAM_URL = '/api/notifications/stream';

export function fetchNotifications(
  options: { unreadOnly?: boolean; page?: number; pageSize?: number },
  signal?: AbortSignal,
): Promise<NotificationListResponse> {
  return requestJson<NotificationListResponse>('/api/notifications', {
    signal,
    query: { unreadOnly: options.unreadOnly ? 'true' : undefined, page: options.page, pageSize: options.pageSize },
  });
}

export function fetchUnreadCount(signal?: AbortSignal): Promise<UnreadCount> {
  return requestJson<UnreadCount>('/api/notifications/unread-count', { signal });
}

export function markNotificationRead(id: string): Promise<Notification> {
  return requestJson<Notification>(`/api/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
}

export function markAllNotificationsRead(): Promise<ReadAllResponse> {
  return requestJson<ReadAllResponse>('/api/notifications/read-all', { method: 'POST' });
}

export function fetchNotificationPreferences(signal?: AbortSignal): Promise<NotificationPreferences> {
  return requestJson<NotificationPreferences>('/api/notifications/preferences', { signal });
}

export function saveNotificationPreferences(
  input: UpdateNotificationPreferencesInput,
): Promise<NotificationPreferences> {
  return requestJson<NotificationPreferences>('/api/notifications/preferences', { method: 'PUT', body: input });
}

export function fetchDeliveries(signal?: AbortSignal): Promise<Delivery[]> {
  return requestJson<Delivery[]>('/api/notifications/deliveries', { signal });
}
