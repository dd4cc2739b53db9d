import { createRoute } from '@tanstack/react-router';
import { ClustersPage } from '../features/clusters/components/ClustersPage.js';
import { authenticatedRoute } from './authenticated.route.js';
import { PermissionErrorPage, requirePermission } from './require-permission.js';

export const clustersRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/clusters',
  beforeLoad: ({ context }) => requirePermission(context.queryClient, 'cases.read_all'),
  errorComponent: PermissionErrorPage,
  component: ClustersPage,
});
