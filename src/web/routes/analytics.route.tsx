import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { authenticatedRoute } from './authenticated.route.js';
import { PermissionErrorPage, requirePermission } from './require-permission.js';

export const analyticsRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/analytics',
  beforeLoad: ({ context }) => requirePermission(context.queryClient, 'analytics.read'),
  errorComponent: PermissionErrorPage,
  // ECharts and MapLibre are large: loaded only when the analytics section is opened.
  component: lazyRouteComponent(() => import('../features/analytics/components/AnalyticsPage.js'), 'AnalyticsPage'),
});
