import { CHANNEL_TITLES, type Channel } from '../../../../shared/channels.js';
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

const FIELD_TITLES: Record<string, string> = { territory: 'район', channel: 'канал', object: 'адрес' };

/** «канал: Телефон, горячая линия и район: северный» for the model's «channel=phone & territory=северный». */
export function describeFieldReason(text: string): string {
  return text
    .split(' & ')
    .map((part) => {
      const [key = '', ...rest] = part.split('=');
      const value = rest.join('=');
      const shown = key === 'channel' ? (CHANNEL_TITLES[value as Channel] ?? value) : value;
      return `${FIELD_TITLES[key] ?? key}: ${shown}`;
    })
    .join(' и ');
}
