import { createRoute } from '@tanstack/react-router';
import { RoutingRulesPage } from '../features/routing/components/RoutingRulesPage.js';
import { authenticatedRoute } from './authenticated.route.js';
import { PermissionErrorPage, requirePermission } from './require-permission.js';

export const routingRulesRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/routing-rules',
  beforeLoad: ({ context }) => requirePermission(context.queryClient, 'routing.manage'),
  errorComponent: PermissionErrorPage,
  component: RoutingRulesPage,
});
