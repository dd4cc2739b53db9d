import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { CurrentUser } from '../../../../shared/contracts/auth.contract.js';
import { changePassword, signIn, signOut } from '../api/auth.api.js';
import { forgetUserData, sessionQueryKey, sessionQueryOptions } from '../api/session.query.js';

/**
 * The signed-in user. Only for pages behind the sign-in guard, which has loaded the session already;
 * null only for the moment between a lost session and the redirect to the sign-in page.
 */
export function useCurrentUser(): CurrentUser | null {
  const { data } = useQuery(sessionQueryOptions);
  return data?.user ?? null;
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (session) => {
      queryClient.clear();
      queryClient.setQueryData(sessionQueryKey, session);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: signOut,
    onSuccess: async () => {
      queryClient.setQueryData(sessionQueryKey, null);
      await navigate({ to: '/login' });
      forgetUserData(queryClient);
    },
  });
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
