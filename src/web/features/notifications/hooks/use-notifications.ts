import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  UNREAD_COUNT_EVENT,
  type UnreadCount,
  type UpdateNotificationPreferencesInput,
} from '../../../../shared/contracts/notifications.contract.js';
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
import { parseUnreadCountEvent, reconnectDelayMs } from '../api/unread-count-stream.js';

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
  const [isLive, setLive] = useState(false);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let isStopped = false;

    const onCount = (event: MessageEvent) => {
      const count = parseUnreadCountEvent(event.data);
      if (count === undefined) return;
      failures = 0;
      setLive(true);
      const previous = queryClient.getQueryData<UnreadCount>(unreadCountKey)?.unreadCount;
      queryClient.setQueryData<UnreadCount>(unreadCountKey, { unreadCount: count });
      if (previous !== count) void queryClient.invalidateQueries({ queryKey: listKey });
    };

    const close = () => {
      source?.removeEventListener(UNREAD_COUNT_EVENT, onCount);
      source?.close();
      source = undefined;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      retryTimer = undefined;
      setLive(false);
    };

    const open = () => {
      if (isStopped || source) return;
      const current = new EventSource(NOTIFICATION_STREAM_URL, { withCredentials: true });
      source = current;
      current.addEventListener(UNREAD_COUNT_EVENT, onCount);
      current.onerror = () => {
        setLive(false);
        if (current.readyState !== EventSource.CLOSED) return;
        // The browser gave up: ask once through the ordinary client (a lost session then leads to the
        // sign-in page) and try the stream again later.
        close();
        void queryClient.invalidateQueries({ queryKey: unreadCountKey });
        retryTimer = setTimeout(open, reconnectDelayMs(failures));
        failures += 1;
      };
    };

    const onVisibilityChange = () => {
      if (document.visibilityState === 'hidden') {
        close();
      } else {
        failures = 0;
        open();
      }
    };

    if (document.visibilityState !== 'hidden') open();
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      isStopped = true;
      document.removeEventListener('visibilitychange', onVisibilityChange);
      close();
    };
  }, [queryClient]);

  return isLive;
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
