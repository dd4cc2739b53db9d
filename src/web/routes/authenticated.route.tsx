import { createRoute, redirect } from '@tanstack/react-router';
import { AppLayout } from '../components/AppLayout.js';
import { sessionQueryOptions } from '../features/auth/api/session.query.js';
import { setDisplayTimeZone } from '../lib/dates.js';
import { rootRoute } from './root.route.js';

/** Every page but the sign-in page lives under this guard: no session, no page. */
export const authenticatedRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: '_authenticated',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQueryOptions);
    if (!session) {
      throw redirect({ to: '/login', search: location.href === '/' ? {} : { redirect: location.href } });
    }
    setDisplayTimeZone(session.user.tenant.timezone);
  },
  component: AppLayout,
});
