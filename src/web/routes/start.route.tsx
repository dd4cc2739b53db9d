import { createRoute, redirect } from '@tanstack/react-router';
import { startPageFor } from '../features/auth/api/safe-redirect.js';
import { sessionQueryOptions } from '../features/auth/api/session.query.js';
import { authenticatedRoute } from './authenticated.route.js';

/** «/» is no page of its own: it leads to the user's start page («Входящие» or the overview). */
export const startRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/',
  beforeLoad: async ({ context }) => {
    const session = await context.queryClient.ensureQueryData(sessionQueryOptions);
    throw redirect({ to: startPageFor(session?.user.roles ?? []), replace: true });
  },
});
