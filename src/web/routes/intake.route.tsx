import { createRoute } from '@tanstack/react-router';
import { hasPermission } from '../../shared/permissions.js';
import { sessionQueryOptions } from '../features/auth/api/session.query.js';
import { IntakePage } from '../features/intake/components/IntakePage.js';
import { authenticatedRoute } from './authenticated.route.js';
import { PermissionDeniedError, PermissionErrorPage } from './require-permission.js';

export const intakeRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/intake',
  beforeLoad: async ({ context }) => {
    const session = await context.queryClient.ensureQueryData(sessionQueryOptions);
    const roles = session?.user.roles ?? [];
    if (!hasPermission(roles, 'intake.import_pos') && !hasPermission(roles, 'intake.import_im')) {
      throw new PermissionDeniedError();
    }
  },
  errorComponent: PermissionErrorPage,
  component: IntakePage,
});
