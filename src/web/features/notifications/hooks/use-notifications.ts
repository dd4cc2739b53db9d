import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  UNREAD_COUNT_EVENT,
  type UnreadCount,
  type UpdateNotificationPreferencesInput,
} from '../../../../shared/contracts/notifications.contract.js';
import { useEventStream } from '../../../lib/use-event-stream.js';
import {
  fetchDeliveries,
  fetchNotificationPreferences,
  fetchNotifications,
  fetchUnreadCount,
  markAllNotificationsRead,
  markNotificationRead,
  NOTIFICATION_STREAM_URL,
  saveNotificationPreferences,
} from '../api/notifications.api.js';
import { parseUnreadCountEvent } from '../api/unread-count-stream.js';

const NOTIFICATIONS_KEY = 'notifications';
const unreadCountKey = [NOTIFICATIONS_KEY, 'unread-count'] as const;
const listKey = [NOTIFICATIONS_KEY, 'list'] as const;
const preferencesKey = [NOTIFICATIONS_KEY, 'preferences'] as const;
const deliveriesKey = [NOTIFICATIONS_KEY, 'deliveries'] as const;

/** Without a live stream the count is asked for this often. */
const FALLBACK_POLL_MS = 60_000;

/** The unread count for the bell: live from the stream, or asked for every minute while the stream is down. */
export function useUnreadCount(): number {
  const isLive = useUnreadCountStream();
  const { data } = useQuery({
    queryKey: unreadCountKey,
    queryFn: ({ signal }) => fetchUnreadCount(signal),
    staleTime: isLive ? Number.POSITIVE_INFINITY : 0,
    refetchInterval: isLive ? false : FALLBACK_POLL_MS,
  });
  return data?.unreadCount ?? 0;
}

/**
 * Keeps an EventSource on `/api/notifications/stream` and writes every count it sends into the query cache;
 * a changed count reloads the open list. The browser itself reconnects a dropped stream; when it gives up
 * (the server answered 401, 429 or 5xx) the hook opens it again after a growing pause. While the tab is
 * hidden the stream is closed (no connection held, no session kept alive by a tab nobody looks at) and
 * reopened, with a fresh count, when the tab is shown. Returns whether the stream is open.
 */
function useUnreadCountStream(): boolean {
  const queryClient = useQueryClient();
  return useEventStream(NOTIFICATION_STREAM_URL, UNREAD_COUNT_EVENT, {
    onEvent: (data) => {
      const count = parseUnreadCountEvent(data);
      if (count === undefined) return;
      const previous = queryClient.getQueryData<UnreadCount>(unreadCountKey)?.unreadCount;
      queryClient.setQueryData<UnreadCount>(unreadCountKey, { unreadCount: count });
      if (previous !== count) void queryClient.invalidateQueries({ queryKey: listKey });
    },
    // Asked once through the ordinary client: a lost session then leads to the sign-in page.
    onMissed: () => void queryClient.invalidateQueries({ queryKey: unreadCountKey }),
  });
}

export const RECENT_NOTIFICATIONS_COUNT = 10;

/** The latest notifications for the bell's dropdown, loaded while it is open. */
export function useRecentNotifications(isEnabled: boolean) {
  return useQuery({
    queryKey: [...listKey, 'recent'],
    queryFn: ({ signal }) => fetchNotifications({ pageSize: RECENT_NOTIFICATIONS_COUNT }, signal),
    enabled: isEnabled,
    staleTime: 0,
  });
}

function useRefreshNotifications() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: listKey });
    void queryClient.invalidateQueries({ queryKey: deliveriesKey });
  };
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  const refresh = useRefreshNotifications();
  return useMutation({
    mutationFn: markNotificationRead,
    onSuccess: () => {
      refresh();
      void queryClient.invalidateQueries({ queryKey: unreadCountKey });
    },
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  const refresh = useRefreshNotifications();
  return useMutation({
    mutationFn: markAllNotificationsRead,
    onSuccess: (result) => {
      queryClient.setQueryData<UnreadCount>(unreadCountKey, { unreadCount: result.unreadCount });
      refresh();
    },
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: preferencesKey,
    queryFn: ({ signal }) => fetchNotificationPreferences(signal),
  });
}

export function useSaveNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateNotificationPreferencesInput) => saveNotificationPreferences(input),
    onSuccess: (saved) => {
      queryClient.setQueryData(preferencesKey, saved);
    },
  });
}

export function useDeliveries() {
  return useQuery({
    queryKey: deliveriesKey,
    queryFn: ({ signal }) => fetchDeliveries(signal),
    staleTime: 0,
  });
}
