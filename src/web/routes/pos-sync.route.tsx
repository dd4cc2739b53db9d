import { createRoute } from '@tanstack/react-router';
import { PosSyncPage } from '../features/appeals/components/PosSyncPage.js';
import { authenticatedRoute } from './authenticated.route.js';
import { PermissionErrorPage, requirePermission } from './require-permission.js';

export const posSyncRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/pos-sync',
  beforeLoad: ({ context }) => requirePermission(context.queryClient, 'pos_sync.manage'),
  errorComponent: PermissionErrorPage,
  component: PosSyncPage,
});
