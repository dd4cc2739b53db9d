import type {
  ApplySuggestionInput,
  CaseSuggestions,
  TriageModelView,
  TriageSettings,
} from '../../../../shared/contracts/triage.contract.js';
import { requestJson } from '../../../platform/http-client.js';

export function fetchCaseSuggestions(caseId: string, signal?: AbortSignal): Promise<CaseSuggestions> {
  return requestJson<CaseSuggestions>(`/api/cases/${caseId}/suggestions`, { signal });
}

export function applyCaseSuggestion(caseId: string, input: ApplySuggestionInput): Promise<CaseSuggestions> {
  return requestJson<CaseSuggestions>(`/api/cases/${caseId}/suggestions/apply`, { method: 'POST', body: input });
}

export function fetchTriageModels(signal?: AbortSignal): Promise<TriageModelView[]> {
  return requestJson<TriageModelView[]>('/api/triage/models', { signal });
}

export function trainTriageModel(): Promise<TriageModelView> {
  return requestJson<TriageModelView>('/api/triage/models/train', { method: 'POST' });
}

export function fetchTriageSettings(signal?: AbortSignal): Promise<TriageSettings> {
  return requestJson<TriageSettings>('/api/triage/settings', { signal });
}

export function saveTriageSettings(input: TriageSettings): Promise<TriageSettings> {
  return requestJson<TriageSettings>('/api/triage/settings', { method: 'PUT', body: input });
}

/** «87 %» for a confidence of 0.8712. */
export function formatConfidence(confidence: number): string {
  return `${Math.round(confidence * 100)} %`;
}
