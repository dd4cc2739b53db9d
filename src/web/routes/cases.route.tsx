import { createRoute } from '@tanstack/react-router';
import { type CasesSearch, parseCasesSearch } from '../features/cases/api/cases-search.js';
import { CasesPage } from '../features/cases/components/CasesPage.js';
import { authenticatedRoute } from './authenticated.route.js';

export const casesRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/cases',
  validateSearch: (search: Record<string, unknown>): CasesSearch => parseCasesSearch(search),
  component: CasesRouteComponent,
});

function CasesRouteComponent() {
  const search = casesRoute.useSearch();
  const navigate = casesRoute.useNavigate();
  return (
    <CasesPage
      search={search}
      onSearchChange={(patch) => void navigate({ search: (previous) => parseCasesSearch({ ...previous, ...patch }) })}
    />
  );
}
