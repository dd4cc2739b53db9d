import { createRoute } from '@tanstack/react-router';
import { AnalyticsPage } from '../features/analytics/components/AnalyticsPage.js';
import { authenticatedRoute } from './authenticated.route.js';
import { PermissionErrorPage, requirePermission } from './require-permission.js';

export const analyticsRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/analytics',
  beforeLoad: ({ context }) => requirePermission(context.queryClient, 'analytics.read'),
  errorComponent: PermissionErrorPage,
  component: AnalyticsPage,
});
