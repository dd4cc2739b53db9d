import { createRoute } from '@tanstack/react-router';
import { RubricatorsPage } from '../features/rubricators/components/RubricatorsPage.js';
import { authenticatedRoute } from './authenticated.route.js';
import { PermissionErrorPage, requirePermission } from './require-permission.js';

export const rubricatorsRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/rubricators',
  beforeLoad: ({ context }) => requirePermission(context.queryClient, 'rubricators.read'),
  errorComponent: PermissionErrorPage,
  component: RubricatorsPage,
});
