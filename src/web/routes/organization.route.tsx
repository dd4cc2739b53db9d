import { createRoute } from '@tanstack/react-router';
import {
  type OrganizationSearch,
  parseOrganizationSearch,
  switchOrganizationTab,
} from '../features/organization/api/organization-search.js';
import { OrganizationPage } from '../features/organization/components/OrganizationPage.js';
import { authenticatedRoute } from './authenticated.route.js';
import { PermissionErrorPage, requirePermission } from './require-permission.js';

export const organizationRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/organization',
  validateSearch: (search: Record<string, unknown>): OrganizationSearch => parseOrganizationSearch(search),
  beforeLoad: ({ context }) => requirePermission(context.queryClient, 'organization.read'),
  errorComponent: PermissionErrorPage,
  component: OrganizationRouteComponent,
});

function OrganizationRouteComponent() {
  const search = organizationRoute.useSearch();
  const navigate = organizationRoute.useNavigate();
  return (
    <OrganizationPage
      search={search}
      onSearchChange={(patch) =>
        void navigate({ search: (previous) => parseOrganizationSearch({ ...previous, ...patch }) })
      }
      onTabChange={(tab, patch = {}) =>
        void navigate({
          search: (previous) => parseOrganizationSearch({ ...switchOrganizationTab(previous, tab), ...patch }),
        })
      }
    />
  );
}
