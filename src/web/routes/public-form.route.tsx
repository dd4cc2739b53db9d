import { createRoute } from '@tanstack/react-router';
import { PublicFormPage } from '../features/public-form/components/PublicFormPage.js';
import { PublicStatusPage } from '../features/public-form/components/PublicStatusPage.js';
import { rootRoute } from './root.route.js';

/** Public pages of a municipality: no sign-in (outside the authenticated layout). */
export const publicFormRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/m/$slug/form',
  component: function PublicFormRouteComponent() {
    const { slug } = publicFormRoute.useParams();
    return <PublicFormPage slug={slug} />;
  },
});

export const publicStatusRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/m/$slug/status/$token',
  component: function PublicStatusRouteComponent() {
    const { token } = publicStatusRoute.useParams();
    return <PublicStatusPage token={token} />;
  },
});
