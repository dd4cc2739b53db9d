import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateBlockInput,
  CreatePersonInput,
  CreateRecipientInput,
  CreateSubstitutionInput,
  Tenant,
  UpdateBlockInput,
  UpdatePersonInput,
  UpdateRecipientInput,
} from '../../../../shared/contracts/organization.contract.js';
import { hasPermission } from '../../../../shared/permissions.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import {
  type CompositionImportInput,
  createBlock,
  createPerson,
  createRecipient,
  createSubstitution,
  deletePerson,
  deleteSubstitution,
  fetchBlocks,
  fetchComposition,
  fetchCompositions,
  fetchPeople,
  fetchPerson,
  fetchRecipients,
  fetchSubstitutions,
  fetchTenants,
  importComposition,
  type PeopleFilter,
  type TenantScope,
  updateBlock,
  updatePerson,
  updateRecipient,
} from '../api/organization.api.js';

const ORGANIZATION_KEY = 'organization';

function scopeKey(scope: TenantScope): string {
  return scope.tenantId ?? 'own';
}

export function useTenants() {
  return useQuery({
    queryKey: [ORGANIZATION_KEY, 'tenants'],
    queryFn: ({ signal }) => fetchTenants(signal),
    staleTime: 5 * 60_000,
  });
}

export type TenantChoice = {
  /** What the list requests are scoped with; undefined for a municipality user (the server uses their tenant). */
  scope: TenantScope;
  /** False while a region user's municipalities are loading: nothing can be asked for yet. */
  isReady: boolean;
  /** The municipalities to choose from; more than one only for a region user. */
  tenants: Tenant[];
  selectedTenantId: string | undefined;
  /** A region (ЦУР) and a municipality (МЦУ) take different roles. */
  selectedTenantKind: Tenant['kind'];
  tenantsError: unknown;
  canManage: boolean;
};

/**
 * Which municipality the organisation page shows. A municipality user sees their own; a region user (ЦУР) picks
 * one of the municipalities `GET /api/tenants` gives (the first one until they choose), and the choice is sent as
 * `?tenantId=` with every list.
 */
export function useTenantChoice(requestedTenantId: string | undefined): TenantChoice {
  const user = useCurrentUser();
  const tenantsQuery = useTenants();
  const tenants = tenantsQuery.data ?? [];
  const canManage = user ? hasPermission(user.roles, 'organization.manage') : false;
  if (!user || user.tenant.kind === 'municipality') {
    return {
      scope: { tenantId: undefined },
      isReady: Boolean(user),
      tenants,
      selectedTenantId: user?.tenant.id,
      selectedTenantKind: 'municipality',
      tenantsError: tenantsQuery.error,
      canManage,
    };
  }
  const requested = tenants.find((tenant) => tenant.id === requestedTenantId);
  const fallback = tenants.find((tenant) => tenant.kind === 'municipality') ?? tenants[0];
  const selected = requested ?? fallback;
  return {
    scope: { tenantId: selected?.id },
    isReady: tenantsQuery.isSuccess,
    tenants,
    selectedTenantId: selected?.id,
    selectedTenantKind: selected?.kind ?? user.tenant.kind,
    tenantsError: tenantsQuery.error,
    canManage,
  };
}

export function useRecipients(choice: TenantChoice) {
  return useQuery({
    queryKey: [ORGANIZATION_KEY, scopeKey(choice.scope), 'recipients'],
    queryFn: ({ signal }) => fetchRecipients(choice.scope, signal),
    enabled: choice.isReady,
  });
}

export function usePeople(choice: TenantChoice, filter: PeopleFilter = {}) {
  return useQuery({
    queryKey: [ORGANIZATION_KEY, scopeKey(choice.scope), 'people', filter],
    queryFn: ({ signal }) => fetchPeople(choice.scope, filter, signal),
    enabled: choice.isReady,
    placeholderData: keepPreviousData,
  });
}

export function usePerson(id: string | undefined) {
  return useQuery({
    queryKey: [ORGANIZATION_KEY, 'person', id],
    queryFn: ({ signal }) => fetchPerson(id ?? '', signal),
    enabled: id !== undefined,
  });
}

export function useBlocks(choice: TenantChoice) {
  return useQuery({
    queryKey: [ORGANIZATION_KEY, scopeKey(choice.scope), 'blocks'],
    queryFn: ({ signal }) => fetchBlocks(choice.scope, signal),
    enabled: choice.isReady,
  });
}

export function useSubstitutions(choice: TenantChoice) {
  return useQuery({
    queryKey: [ORGANIZATION_KEY, scopeKey(choice.scope), 'substitutions'],
    queryFn: ({ signal }) => fetchSubstitutions(choice.scope, signal),
    enabled: choice.isReady,
  });
}

export function useCompositions(choice: TenantChoice) {
  return useQuery({
    queryKey: [ORGANIZATION_KEY, scopeKey(choice.scope), 'compositions'],
    queryFn: ({ signal }) => fetchCompositions(choice.scope, signal),
    enabled: choice.isReady,
  });
}

export function useComposition(id: string | undefined) {
  return useQuery({
    queryKey: [ORGANIZATION_KEY, 'composition', id],
    queryFn: ({ signal }) => fetchComposition(id ?? '', signal),
    enabled: id !== undefined,
  });
}

/**
 * A change of the organisation. Everything on the page hangs together (a person's recipient changes the people
 * count, an import creates people and blocks), so every list of it is asked again, and so is the audit log.
 */
function useOrganizationMutation<Variables, Result>(mutationFn: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [ORGANIZATION_KEY] }),
        queryClient.invalidateQueries({ queryKey: ['audit'] }),
      ]);
    },
  });
}

export function useCreateRecipient(scope: TenantScope) {
  return useOrganizationMutation((input: CreateRecipientInput) => createRecipient(scope, input));
}

export function useUpdateRecipient() {
  return useOrganizationMutation(({ id, input }: { id: string; input: UpdateRecipientInput }) =>
    updateRecipient(id, input),
  );
}

export function useCreatePerson(scope: TenantScope) {
  return useOrganizationMutation((input: CreatePersonInput) => createPerson(scope, input));
}

export function useUpdatePerson() {
  return useOrganizationMutation(({ id, input }: { id: string; input: UpdatePersonInput }) => updatePerson(id, input));
}

export function useDeletePerson() {
  return useOrganizationMutation((id: string) => deletePerson(id));
}

export function useCreateBlock(scope: TenantScope) {
  return useOrganizationMutation((input: CreateBlockInput) => createBlock(scope, input));
}

export function useUpdateBlock() {
  return useOrganizationMutation(({ id, input }: { id: string; input: UpdateBlockInput }) => updateBlock(id, input));
}

export function useCreateSubstitution(scope: TenantScope) {
  return useOrganizationMutation((input: CreateSubstitutionInput) => createSubstitution(scope, input));
}

export function useDeleteSubstitution() {
  return useOrganizationMutation((id: string) => deleteSubstitution(id));
}

export function useImportComposition(scope: TenantScope) {
  return useOrganizationMutation((input: CompositionImportInput) => importComposition(scope, input));
}
