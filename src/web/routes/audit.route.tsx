import { createRoute } from '@tanstack/react-router';
import { type AuditSearch, parseAuditSearch } from '../features/audit/api/audit-search.js';
import { AuditPage } from '../features/audit/components/AuditPage.js';
import { authenticatedRoute } from './authenticated.route.js';
import { PermissionErrorPage, requirePermission } from './require-permission.js';

export const auditRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/audit',
  validateSearch: (search: Record<string, unknown>): AuditSearch => parseAuditSearch(search),
  beforeLoad: ({ context }) => requirePermission(context.queryClient, 'audit.read'),
  errorComponent: PermissionErrorPage,
  component: AuditRouteComponent,
});

function AuditRouteComponent() {
  const search = auditRoute.useSearch();
  const navigate = auditRoute.useNavigate();
  return (
    <AuditPage
      search={search}
      onSearchChange={(patch) => void navigate({ search: (previous) => parseAuditSearch({ ...previous, ...patch }) })}
    />
  );
}
