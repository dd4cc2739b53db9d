import type {
  AppealSettings,
  CreateAppealInput,
  JournalQuery,
  JournalResponse,
  RegisterAppealInput,
  RegistrationCard,
  RepeatCheckResponse,
} from '../../../../shared/contracts/appeals.contract.js';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import type { ManualEntryInput, SuspectedDuplicate } from '../../../../shared/contracts/manual-entry.contract.js';
import type {
  PosAppealRequestResult,
  PosCaseLink,
  PosSyncSettingsInput,
  PosSyncStatus,
} from '../../../../shared/contracts/pos-sync.contract.js';
import { type QueryValue, requestJson } from '../../../platform/http-client.js';

export type JournalFilters = Partial<Omit<JournalQuery, 'page' | 'pageSize'>> & { page?: number; pageSize?: number };

export function fetchJournal(filters: JournalFilters, signal?: AbortSignal): Promise<JournalResponse> {
  return requestJson<JournalResponse>('/api/appeals/journal', { query: filters as Record<string, QueryValue>, signal });
}

/** The export link for the same filters (a download: the browser sends the session cookie). */
export function journalExportUrl(filters: JournalFilters, format: 'xlsx' | 'csv'): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '' && key !== 'page' && key !== 'pageSize') params.set(key, String(value));
  }
  params.set('format', format);
  return `/api/appeals/journal/export?${params.toString()}`;
}

export function createAppeal(input: CreateAppealInput): Promise<RegistrationCard> {
  return requestJson<RegistrationCard>('/api/appeals', { method: 'POST', body: input });
}

export function registerAppeal(input: RegisterAppealInput): Promise<RegistrationCard> {
  return requestJson<RegistrationCard>('/api/appeals/registrations', { method: 'POST', body: input });
}

export function checkRepeat(input: {
  applicant: { name: string; address: string | null; email: string | null; phone: string | null };
  text: string;
  classifierCode: string | null;
  caseId?: string;
}): Promise<RepeatCheckResponse> {
  return requestJson<RepeatCheckResponse>('/api/appeals/repeat-check', { method: 'POST', body: input });
}

export function fetchCard(caseId: string, signal?: AbortSignal): Promise<RegistrationCard> {
  return requestJson<RegistrationCard>(`/api/appeals/${encodeURIComponent(caseId)}/card`, { signal });
}

export function cardPdfUrl(caseId: string): string {
  return `/api/appeals/${encodeURIComponent(caseId)}/card.pdf`;
}

export function fetchAppealSettings(signal?: AbortSignal): Promise<AppealSettings> {
  return requestJson<AppealSettings>('/api/appeals/settings', { signal });
}

export function checkDuplicates(phone: string | null, text: string): Promise<{ duplicates: SuspectedDuplicate[] }> {
  return requestJson('/api/manual-entry/duplicates', { method: 'POST', body: { phone, text } });
}

export function createManualEntry(input: ManualEntryInput): Promise<CaseDetail> {
  return requestJson<CaseDetail>('/api/manual-entry', { method: 'POST', body: input });
}

export function fetchPosSync(signal?: AbortSignal): Promise<PosSyncStatus> {
  return requestJson<PosSyncStatus>('/api/pos-sync', { signal });
}

export function savePosSync(input: PosSyncSettingsInput): Promise<PosSyncStatus> {
  return requestJson<PosSyncStatus>('/api/pos-sync/settings', { method: 'PUT', body: input });
}

export function runPosSync(): Promise<PosSyncStatus> {
  return requestJson<PosSyncStatus>('/api/pos-sync/run', { method: 'POST' });
}

/** Queues registering a case of another channel on the ПОС platform. */
export function requestPosAppeal(caseId: string): Promise<PosAppealRequestResult> {
  return requestJson<PosAppealRequestResult>(`/api/pos-sync/cases/${caseId}/appeal`, { method: 'POST' });
}

/** Where a case stands with the ПОС platform: not registered, queued, refused or linked (number, status). */
export function fetchPosCaseLink(caseId: string, signal?: AbortSignal): Promise<PosCaseLink> {
  return requestJson<PosCaseLink>(`/api/pos-sync/cases/${caseId}`, { signal });
}
