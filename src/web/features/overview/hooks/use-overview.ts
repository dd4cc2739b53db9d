import { useQuery } from '@tanstack/react-query';
import { fetchOverview } from '../api/overview.api.js';

export function useOverview() {
  return useQuery({
    queryKey: ['overview'],
    queryFn: ({ signal }) => fetchOverview(signal),
    // The numbers on the wall screen of the center should not go stale while nobody touches it.
    refetchInterval: 60_000,
  });
}
