import { type QueryClient, queryOptions } from '@tanstack/react-query';
import { fetchSession } from './auth.api.js';

export const sessionQueryKey = ['session'] as const;

/** Loaded once per page load and kept until sign-in or sign-out replaces it. */
export const sessionQueryOptions = queryOptions({
  queryKey: sessionQueryKey,
  queryFn: ({ signal }) => fetchSession(signal),
  staleTime: Number.POSITIVE_INFINITY,
  refetchOnWindowFocus: false,
});

/** Drops every cached answer except the session itself, so nothing of one user is shown to the next. */
export function forgetUserData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
}
