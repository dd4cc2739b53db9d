import { createRoute } from '@tanstack/react-router';
import { type InboxSearch, parseInboxSearch } from '../features/inbox/api/inbox-search.js';
import { InboxPage } from '../features/inbox/components/InboxPage.js';
import { authenticatedRoute } from './authenticated.route.js';

export const inboxRoute = createRoute({
  getParentRoute: () => authenticatedRoute,
  path: '/inbox',
  validateSearch: (search: Record<string, unknown>): InboxSearch => parseInboxSearch(search),
  component: InboxRouteComponent,
});

function InboxRouteComponent() {
  const search = inboxRoute.useSearch();
  const navigate = inboxRoute.useNavigate();
  return (
    <InboxPage
      search={search}
      onSearchChange={(patch) => void navigate({ search: (previous) => parseInboxSearch({ ...previous, ...patch }) })}
      onSearchReplace={(next) => void navigate({ search: () => parseInboxSearch({ ...next }) })}
    />
  );
}
