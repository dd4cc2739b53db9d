import type { QueryClient } from '@tanstack/react-query';
import { createRouter } from '@tanstack/react-router';
import { analyticsRoute } from './analytics.route.js';
import { appealCardPrintRoute, appealsRoute } from './appeals.route.js';
import { auditRoute } from './audit.route.js';
import { authenticatedRoute } from './authenticated.route.js';
import { casesRoute } from './cases.route.js';
import { clustersRoute } from './clusters.route.js';
import { inboxRoute } from './inbox.route.js';
import { intakeRoute } from './intake.route.js';
import { integrationsRoute } from './integrations.route.js';
import { loginRoute } from './login.route.js';
import { organizationRoute } from './organization.route.js';
import { overviewRoute } from './overview.route.js';
import { posSyncRoute } from './pos-sync.route.js';
import { profileRoute } from './profile.route.js';
import { publicFormRoute, publicStatusRoute } from './public-form.route.js';
import { rootRoute } from './root.route.js';
import { routingRulesRoute } from './routing-rules.route.js';
import { rubricatorsRoute } from './rubricators.route.js';
import { slaRoute } from './sla.route.js';
import { startRoute } from './start.route.js';
import { triageModelsRoute } from './triage-models.route.js';

const routeTree = rootRoute.addChildren([
  loginRoute,
  publicFormRoute,
  publicStatusRoute,
  authenticatedRoute.addChildren([
    startRoute,
    overviewRoute,
    inboxRoute,
    casesRoute,
    slaRoute,
    organizationRoute,
    auditRoute,
    integrationsRoute,
    profileRoute,
    appealsRoute,
    appealCardPrintRoute,
    posSyncRoute,
    analyticsRoute,
    clustersRoute,
    rubricatorsRoute,
    routingRulesRoute,
    triageModelsRoute,
    intakeRoute,
  ]),
]);

/**
 * Search params are kept as plain `key=value` pairs (`/cases?status=new&isOverdue=true`), the same shape
 * the API takes, instead of the router's default JSON encoding; each route's `validateSearch` types them.
 */
function parseSearch(searchString: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(searchString));
}

function stringifySearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      params.set(key, String(value));
    }
  }
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    parseSearch,
    stringifySearch,
    defaultPreload: 'intent',
    // The router only checks the session; data is cached by TanStack Query, so no second cache here.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
