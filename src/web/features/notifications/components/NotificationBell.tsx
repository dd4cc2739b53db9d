import { Link, useNavigate } from '@tanstack/react-router';
import { App, Badge, Button, Empty, Popover, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  isNotificationKind,
  NOTIFICATION_KIND_TITLES,
  type Notification,
} from '../../../../shared/contracts/notifications.contract.js';
import { describeError, ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatDateTime } from '../../../lib/dates.js';
import { describeUnreadCount } from '../api/unread-count-stream.js';
import {
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useRecentNotifications,
  useUnreadCount,
} from '../hooks/use-notifications.js';

const KIND_COLORS: Record<string, string> = {
  'sla.warning': 'gold',
  'sla.breach': 'red',
  'sla.escalation': 'volcano',
};

function kindTitle(kind: string): string {
  return isNotificationKind(kind) ? NOTIFICATION_KIND_TITLES[kind] : kind;
}

function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" fill="currentColor">
      <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Zm-2 1H7v-6a5 5 0 0 1 10 0v6Z" />
    </svg>
  );
}

/** The bell in the header: unread count (live), the latest notifications, «read all», a click opens the case. */
export function NotificationBell() {
  const unreadCount = useUnreadCount();
  const [isOpen, setOpen] = useState(false);
  return (
    <Popover
      open={isOpen}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      arrow={false}
      destroyOnHidden
      content={<NotificationDropdown unreadCount={unreadCount} onClose={() => setOpen(false)} />}
    >
      <Badge count={unreadCount} overflowCount={99} size="small" offset={[-4, 4]}>
        <Button
          type="text"
          shape="circle"
          icon={<BellIcon />}
          aria-label={`Уведомления. ${describeUnreadCount(unreadCount)}`}
          title={describeUnreadCount(unreadCount)}
          data-testid="notification-bell"
        />
      </Badge>
    </Popover>
  );
}

function NotificationDropdown({ unreadCount, onClose }: { unreadCount: number; onClose: () => void }) {
  const recent = useRecentNotifications(true);
  const markRead = useMarkNotificationRead();
  const markAllRead = useMarkAllNotificationsRead();
  const navigate = useNavigate();
  const { message } = App.useApp();

  const open = (notification: Notification) => {
    if (!notification.readAt) {
      markRead.mutate(notification.id, { onError: (error) => void message.error(describeError(error)) });
    }
    if (notification.caseId) {
      onClose();
      void navigate({ to: '/cases', search: { caseId: notification.caseId } });
    }
  };
  const readAll = () => {
    markAllRead.mutate(undefined, { onError: (error) => void message.error(describeError(error)) });
  };

  return (
    <div style={{ width: 380, maxWidth: 'calc(100vw - 32px)' }}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Text strong>Уведомления</Typography.Text>
        <Button size="small" type="link" onClick={readAll} disabled={unreadCount === 0} loading={markAllRead.isPending}>
          Прочитать все
        </Button>
      </div>
      <div style={{ maxHeight: 420, overflowY: 'auto', marginInline: -12 }}>
        {recent.isPending ? (
          <div style={{ padding: '0 12px' }}>
            <Skeleton active paragraph={{ rows: 3 }} />
          </div>
        ) : recent.isError ? (
          <div style={{ padding: '0 12px' }}>
            <ErrorAlert error={recent.error} onRetry={() => void recent.refetch()} />
          </div>
        ) : recent.data.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Уведомлений пока нет" />
        ) : (
          recent.data.items.map((notification) => (
            <NotificationItem key={notification.id} notification={notification} onOpen={open} />
          ))
        )}
      </div>
      <div style={{ borderTop: '1px solid #f0f0f0', marginTop: 8, paddingTop: 8, textAlign: 'center' }}>
        <Link to="/profile" onClick={onClose}>
          Настроить уведомления
        </Link>
      </div>
    </div>
  );
}

function NotificationItem({
  notification,
  onOpen,
}: {
  notification: Notification;
  onOpen: (notification: Notification) => void;
}) {
  const isUnread = notification.readAt === null;
  return (
    <button
      type="button"
      onClick={() => onOpen(notification)}
      title={notification.caseId ? 'Открыть сообщение' : isUnread ? 'Отметить прочитанным' : undefined}
      style={{
        display: 'block',
        width: '100%',
        textAlign: 'left',
        font: 'inherit',
        border: 'none',
        borderBottom: '1px solid #f5f5f5',
        padding: '8px 12px',
        cursor: 'pointer',
        background: isUnread ? '#f0f7ff' : 'transparent',
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'baseline' }}>
        <Typography.Text strong={isUnread} style={{ minWidth: 0 }}>
          {notification.title}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          {formatDateTime(notification.createdAt)}
        </Typography.Text>
      </div>
      {notification.body ? (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '2px 0 4px', fontSize: 13 }}>
          {notification.body}
        </Typography.Paragraph>
      ) : null}
      <Tag color={KIND_COLORS[notification.kind]} style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px' }}>
        {kindTitle(notification.kind)}
      </Tag>
    </button>
  );
}
