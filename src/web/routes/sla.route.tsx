import { createRoute } from '@tanstack/react-router';
import { sessionQueryOptions } from '../features/auth/api/session.query.js';
import { parseSlaSearch, type SlaSearch } from '../features/sla/api/sla-search.js';
import { SlaPage } from '../features/sla/components/SlaPage.js';
import { authenticatedRoute } from './authenticated.route.js';
import { PermissionDeniedError, PermissionErrorPage } from './require-permission.js';

export const slaRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/sla',
  validateSearch: (search: Record<string, unknown>): SlaSearch => parseSlaSearch(search),
  // Calendars, schedules and policies are a municipality's own; a region (ЦУР) has none to show.
  beforeLoad: async ({ context }) => {
    const session = await context.queryClient.ensureQueryData(sessionQueryOptions);
    if (session?.user.tenant.kind !== 'municipality') {
      throw new PermissionDeniedError();
    }
  },
  errorComponent: PermissionErrorPage,
  component: SlaRouteComponent,
});

function SlaRouteComponent() {
  const search = slaRoute.useSearch();
  const navigate = slaRoute.useNavigate();
  return (
    <SlaPage
      search={search}
      onSearchChange={(patch) => void navigate({ search: (previous) => parseSlaSearch({ ...previous, ...patch }) })}
      // The year and the open schedule stay in the address when switching tabs: coming back shows the same.
      onTabChange={(tab) => void navigate({ search: (previous) => parseSlaSearch({ ...previous, tab }) })}
    />
  );
}
