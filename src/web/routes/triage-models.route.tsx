import { createRoute } from '@tanstack/react-router';
import { TriageModelsPage } from '../features/triage/components/TriageModelsPage.js';
import { authenticatedRoute } from './authenticated.route.js';
import { PermissionErrorPage, requirePermission } from './require-permission.js';

export const triageModelsRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/triage-models',
  beforeLoad: ({ context }) => requirePermission(context.queryClient, 'triage.manage'),
  errorComponent: PermissionErrorPage,
  component: TriageModelsPage,
});
