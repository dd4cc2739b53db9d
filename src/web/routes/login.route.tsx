import { createRoute, redirect } from '@tanstack/react-router';
import { toSafeRedirect } from '../features/auth/api/safe-redirect.js';
import { sessionQueryOptions } from '../features/auth/api/session.query.js';
import { LoginPage } from '../features/auth/components/LoginPage.js';
import { rootRoute } from './root.route.js';

export type LoginSearch = {
  /** The page (path and query) to return to after signing in. */
  redirect?: string;
};

export const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): LoginSearch =>
    typeof search.redirect === 'string' && search.redirect !== '' ? { redirect: search.redirect } : {},
  beforeLoad: async ({ context, search }) => {
    const session = await context.queryClient.ensureQueryData(sessionQueryOptions);
    if (session) {
      throw redirect({ href: toSafeRedirect(search.redirect), replace: true });
    }
  },
  component: LoginRouteComponent,
});

function LoginRouteComponent() {
  const { redirect: target } = loginRoute.useSearch();
  return <LoginPage redirectTo={toSafeRedirect(target)} />;
}
