import { createRoute } from '@tanstack/react-router';
import { type JournalSearch, parseJournalSearch } from '../features/appeals/api/journal-search.js';
import { AppealJournalPage } from '../features/appeals/components/AppealJournalPage.js';
import { RegistrationCardPrintPage } from '../features/appeals/components/RegistrationCardPrintPage.js';
import { authenticatedRoute } from './authenticated.route.js';
import { PermissionErrorPage, requirePermission } from './require-permission.js';

export const appealsRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/appeals',
  validateSearch: (search: Record<string, unknown>): JournalSearch => parseJournalSearch(search),
  beforeLoad: ({ context }) => requirePermission(context.queryClient, 'appeals.read'),
  errorComponent: PermissionErrorPage,
  component: AppealsRouteComponent,
});

function AppealsRouteComponent() {
  const search = appealsRoute.useSearch();
  const navigate = appealsRoute.useNavigate();
  return (
    <AppealJournalPage
      search={search}
      onSearchChange={(patch) => void navigate({ search: (previous) => parseJournalSearch({ ...previous, ...patch }) })}
    />
  );
}

export const appealCardPrintRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/appeals/$caseId/print',
  beforeLoad: ({ context }) => requirePermission(context.queryClient, 'appeals.read'),
  errorComponent: PermissionErrorPage,
  component: AppealCardPrintComponent,
});

function AppealCardPrintComponent() {
  const { caseId } = appealCardPrintRoute.useParams();
  return <RegistrationCardPrintPage caseId={caseId} />;
}
