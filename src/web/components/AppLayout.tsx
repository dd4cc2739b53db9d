import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { App, Button, Layout, Menu, type MenuProps, Space, Tag, Tooltip, Typography } from 'antd';
import { hasPermission } from '../../shared/permissions.js';
import { ROLE_TITLES, type Role } from '../../shared/roles.js';
import { useCurrentUser, useSignOut } from '../features/auth/hooks/use-session.js';
import { NotificationBell } from '../features/notifications/components/NotificationBell.js';
import { describeError } from './ErrorAlert.js';
import { PRODUCT_NAME } from './product-name.js';

/** The sticky header's height; sticky table headers sit right under it. */
export const HEADER_HEIGHT = 56;

/** The menu for the user's roles: a section they may not open is not offered. */
function buildMenuItems(roles: readonly Role[], isMunicipality: boolean): MenuProps['items'] {
  return [
    // The main work page: queues per role (docs/inbox.md).
    { key: '/inbox', label: <Link to="/inbox">Входящие</Link> },
    { key: '/overview', label: <Link to="/overview">Обзор</Link> },
    { key: '/cases', label: <Link to="/cases">Сообщения и обращения</Link> },
    ...(isMunicipality && hasPermission(roles, 'cases.read_all')
      ? [{ key: '/clusters', label: <Link to="/clusters">Массовые проблемы</Link> }]
      : []),
    ...(hasPermission(roles, 'appeals.read')
      ? [{ key: '/appeals', label: <Link to="/appeals">Журнал обращений</Link> }]
      : []),
    // Calendars, schedules and SLA policies are a municipality's own.
    ...(isMunicipality ? [{ key: '/sla', label: <Link to="/sla">Сроки и календарь</Link> }] : []),
    ...(isMunicipality && hasPermission(roles, 'rubricators.read')
      ? [{ key: '/rubricators', label: <Link to="/rubricators">Рубрикаторы</Link> }]
      : []),
    ...(isMunicipality && hasPermission(roles, 'routing.manage')
      ? [{ key: '/routing-rules', label: <Link to="/routing-rules">Автоправила</Link> }]
      : []),
    ...(isMunicipality && hasPermission(roles, 'triage.manage')
      ? [{ key: '/triage-models', label: <Link to="/triage-models">Модели классификатора</Link> }]
      : []),
    ...(hasPermission(roles, 'organization.read')
      ? [{ key: '/organization', label: <Link to="/organization">Организация</Link> }]
      : []),
    ...(isMunicipality && hasPermission(roles, 'pos_sync.manage')
      ? [{ key: '/pos-sync', label: <Link to="/pos-sync">Интеграция с ПОС</Link> }]
      : []),
    ...(hasPermission(roles, 'analytics.read')
      ? [{ key: '/analytics', label: <Link to="/analytics">Аналитика</Link> }]
      : []),
    ...(hasPermission(roles, 'audit.read') ? [{ key: '/audit', label: <Link to="/audit">Журнал аудита</Link> }] : []),
    ...(hasPermission(roles, 'intake.import_pos') || hasPermission(roles, 'intake.import_im')
      ? [{ key: '/intake', label: <Link to="/intake">Импорт</Link> }]
      : []),
    ...(isMunicipality && hasPermission(roles, 'api_keys.manage')
      ? [{ key: '/integrations', label: <Link to="/integrations">Open311 и ключи API</Link> }]
      : []),
    { key: '/profile', label: <Link to="/profile">Профиль</Link> },
    { type: 'divider' },
    {
      key: 'api-docs',
      label: (
        <a href="/api/docs" target="_blank" rel="noopener noreferrer">
          API ↗
        </a>
      ),
    },
  ];
}

/** The menu section a path belongs to: «/cases» for «/cases?status=new» and so on. */
function findSectionKey(pathname: string): string {
  return `/${pathname.split('/')[1] ?? ''}`;
}

export function AppLayout() {
  const user = useCurrentUser();
  const signOutMutation = useSignOut();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const { message } = App.useApp();

  if (!user) {
    return null;
  }

  const roleTitles = user.roles.map((role) => ROLE_TITLES[role]);
  const signOut = () => {
    signOutMutation.mutate(undefined, { onError: (error) => void message.error(describeError(error)) });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          height: HEADER_HEIGHT,
          lineHeight: 'normal',
          padding: '0 16px',
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          background: '#fff',
          borderBottom: '1px solid #f0f0f0',
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        <Link to="/" style={{ color: 'inherit' }}>
          <Typography.Text strong style={{ fontSize: 20, whiteSpace: 'nowrap' }}>
            {PRODUCT_NAME}
          </Typography.Text>
        </Link>
        <div style={{ flex: 1 }} />
        <NotificationBell />
        <div style={{ minWidth: 0, textAlign: 'right' }} data-testid="current-user">
          <div>
            <Typography.Text strong>{user.fullName}</Typography.Text>
            <Typography.Text type="secondary"> · {user.tenant.name}</Typography.Text>
          </div>
          <Tooltip title={roleTitles.join(', ')} placement="bottomRight">
            <Space size={4} wrap={false} style={{ maxWidth: '48vw', overflow: 'hidden', justifyContent: 'flex-end' }}>
              {roleTitles.map((title) => (
                <Tag key={title} style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px' }}>
                  {title}
                </Tag>
              ))}
            </Space>
          </Tooltip>
        </div>
        <Button onClick={signOut} loading={signOutMutation.isPending}>
          Выйти
        </Button>
      </Layout.Header>
      <Layout>
        <Layout.Sider
          width={220}
          theme="light"
          breakpoint="lg"
          collapsedWidth={0}
          style={{
            borderRight: '1px solid #f0f0f0',
            position: 'sticky',
            top: HEADER_HEIGHT,
            height: `calc(100vh - ${HEADER_HEIGHT}px)`,
          }}
        >
          <Menu
            mode="inline"
            items={buildMenuItems(user.roles, user.tenant.kind === 'municipality')}
            selectedKeys={[findSectionKey(pathname)]}
            style={{ borderInlineEnd: 'none', paddingTop: 8 }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
