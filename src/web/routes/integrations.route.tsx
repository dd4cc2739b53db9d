import { createRoute } from '@tanstack/react-router';
import { hasPermission } from '../../shared/permissions.js';
import { sessionQueryOptions } from '../features/auth/api/session.query.js';
import { IntegrationsPage } from '../features/integrations/components/IntegrationsPage.js';
import { authenticatedRoute } from './authenticated.route.js';
import { PermissionDeniedError, PermissionErrorPage } from './require-permission.js';

export const integrationsRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/integrations',
  beforeLoad: async ({ context }) => {
    const session = await context.queryClient.ensureQueryData(sessionQueryOptions);
    if (session?.user.tenant.kind !== 'municipality' || !hasPermission(session.user.roles, 'api_keys.manage')) {
      throw new PermissionDeniedError();
    }
  },
  errorComponent: PermissionErrorPage,
  component: IntegrationsPage,
});
