import { createRoute } from '@tanstack/react-router';
import { OverviewPage } from '../features/overview/components/OverviewPage.js';
import { authenticatedRoute } from './authenticated.route.js';

export const overviewRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/overview',
  component: OverviewPage,
});
