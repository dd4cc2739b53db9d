import type {
  Block,
  Composition,
  CompositionDetail,
  CompositionImportReport,
  CreateBlockInput,
  CreatePersonInput,
  CreateRecipientInput,
  CreateSubstitutionInput,
  Person,
  Recipient,
  Substitution,
  Tenant,
  UpdateBlockInput,
  UpdatePersonInput,
  UpdateRecipientInput,
} from '../../../../shared/contracts/organization.contract.js';
import { requestJson } from '../../../platform/http-client.js';

/** Which municipality's organisation is shown: a region user (ЦУР) picks one, a municipality user has their own. */
export type TenantScope = { tenantId: string | undefined };

/** The people list's filters, in the shape `GET /api/people` takes them. */
export type PeopleFilter = {
  q?: string | undefined;
  recipientId?: string | undefined;
  role?: string | undefined;
  isActive?: boolean | undefined;
};

export type CompositionExportFormat = 'xlsx' | 'csv';

export type CompositionImportInput = {
  file: File;
  actNumber: string;
  /** YYYY-MM-DD */
  actDate: string;
  note: string | null;
};

function byId(path: string, id: string): string {
  return `${path}/${encodeURIComponent(id)}`;
}

export function fetchTenants(signal?: AbortSignal): Promise<Tenant[]> {
  return requestJson<Tenant[]>('/api/tenants', { signal });
}

// ── Responsible recipients ──────────────────────────────────────────────────────────────────────────

export function fetchRecipients(scope: TenantScope, signal?: AbortSignal): Promise<Recipient[]> {
  return requestJson<Recipient[]>('/api/recipients', { signal, query: { tenantId: scope.tenantId } });
}

export function createRecipient(scope: TenantScope, input: CreateRecipientInput): Promise<Recipient> {
  return requestJson<Recipient>('/api/recipients', {
    method: 'POST',
    query: { tenantId: scope.tenantId },
    body: input,
  });
}

export function updateRecipient(id: string, input: UpdateRecipientInput): Promise<Recipient> {
  return requestJson<Recipient>(byId('/api/recipients', id), { method: 'PATCH', body: input });
}

// ── People ──────────────────────────────────────────────────────────────────────────────────────────

export function fetchPeople(scope: TenantScope, filter: PeopleFilter, signal?: AbortSignal): Promise<Person[]> {
  return requestJson<Person[]>('/api/people', {
    signal,
    query: {
      tenantId: scope.tenantId,
      q: filter.q,
      recipientId: filter.recipientId,
      role: filter.role,
      isActive: filter.isActive === undefined ? undefined : String(filter.isActive),
    },
  });
}

export function fetchPerson(id: string, signal?: AbortSignal): Promise<Person> {
  return requestJson<Person>(byId('/api/people', id), { signal });
}

export function createPerson(scope: TenantScope, input: CreatePersonInput): Promise<Person> {
  return requestJson<Person>('/api/people', { method: 'POST', query: { tenantId: scope.tenantId }, body: input });
}

export function updatePerson(id: string, input: UpdatePersonInput): Promise<Person> {
  return requestJson<Person>(byId('/api/people', id), { method: 'PATCH', body: input });
}

export function deletePerson(id: string): Promise<void> {
  return requestJson<void>(byId('/api/people', id), { method: 'DELETE' });
}

// ── Thematic blocks ─────────────────────────────────────────────────────────────────────────────────

export function fetchBlocks(scope: TenantScope, signal?: AbortSignal): Promise<Block[]> {
  return requestJson<Block[]>('/api/blocks', { signal, query: { tenantId: scope.tenantId } });
}

export function createBlock(scope: TenantScope, input: CreateBlockInput): Promise<Block> {
  return requestJson<Block>('/api/blocks', { method: 'POST', query: { tenantId: scope.tenantId }, body: input });
}

export function updateBlock(id: string, input: UpdateBlockInput): Promise<Block> {
  return requestJson<Block>(byId('/api/blocks', id), { method: 'PATCH', body: input });
}

// ── Substitutions ───────────────────────────────────────────────────────────────────────────────────

export function fetchSubstitutions(scope: TenantScope, signal?: AbortSignal): Promise<Substitution[]> {
  return requestJson<Substitution[]>('/api/substitutions', { signal, query: { tenantId: scope.tenantId } });
}

export function createSubstitution(scope: TenantScope, input: CreateSubstitutionInput): Promise<Substitution> {
  return requestJson<Substitution>('/api/substitutions', {
    method: 'POST',
    query: { tenantId: scope.tenantId },
    body: input,
  });
}

export function deleteSubstitution(id: string): Promise<void> {
  return requestJson<void>(byId('/api/substitutions', id), { method: 'DELETE' });
}

// ── Composition of the center (состав МЦУ) ──────────────────────────────────────────────────────────

export function fetchCompositions(scope: TenantScope, signal?: AbortSignal): Promise<Composition[]> {
  return requestJson<Composition[]>('/api/compositions', { signal, query: { tenantId: scope.tenantId } });
}

export function fetchComposition(id: string, signal?: AbortSignal): Promise<CompositionDetail> {
  return requestJson<CompositionDetail>(byId('/api/compositions', id), { signal });
}

export function importComposition(scope: TenantScope, input: CompositionImportInput): Promise<CompositionImportReport> {
  const form = new FormData();
  form.append('actNumber', input.actNumber);
  form.append('actDate', input.actDate);
  if (input.note) {
    form.append('note', input.note);
  }
  // The file goes last: the server reads the fields before it streams the file.
  form.append('file', input.file, input.file.name);
  return requestJson<CompositionImportReport>('/api/compositions/import', {
    method: 'POST',
    query: { tenantId: scope.tenantId },
    body: form,
  });
}

/** A plain link: the browser downloads the file with the session cookie. */
export function buildCompositionExportUrl(id: string, format: CompositionExportFormat): string {
  return `${byId('/api/compositions', id)}/export?format=${format}`;
}
