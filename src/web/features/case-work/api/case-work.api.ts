import type { AnswerTemplate, CaseDetail, CreateCaseInput } from '../../../../shared/contracts/cases.contract.js';
import type { Person, Recipient } from '../../../../shared/contracts/organization.contract.js';
import { requestJson } from '../../../platform/http-client.js';

function caseUrl(caseId: string): string {
  return `/api/cases/${encodeURIComponent(caseId)}`;
}

/** `POST /api/cases/:id/actions/<name>` with the action's fields and the version the card showed. */
export function performCaseAction(
  caseId: string,
  action: string,
  input: Record<string, unknown>,
  version: number,
): Promise<CaseDetail> {
  return requestJson<CaseDetail>(`${caseUrl(caseId)}/actions/${encodeURIComponent(action)}`, {
    method: 'POST',
    body: { ...input, version },
  });
}

export function createCase(input: CreateCaseInput): Promise<CaseDetail> {
  return requestJson<CaseDetail>('/api/cases', { method: 'POST', body: input });
}

export function fetchExecutors(signal?: AbortSignal): Promise<Person[]> {
  return requestJson<Person[]>('/api/people', { signal, query: { role: 'executor', isActive: 'true' } });
}

export function fetchColleagues(signal?: AbortSignal): Promise<Person[]> {
  return requestJson<Person[]>('/api/people', { signal, query: { isActive: 'true' } });
}

export function fetchRecipientOptions(signal?: AbortSignal): Promise<Recipient[]> {
  return requestJson<Recipient[]>('/api/recipients', { signal });
}

/** Templates for a topic: the topic's own first, then the most used. */
export function fetchAnswerTemplates(topic: string | null, signal?: AbortSignal): Promise<AnswerTemplate[]> {
  return requestJson<AnswerTemplate[]>('/api/answer-templates', { signal, query: { topic: topic ?? undefined } });
}

export type RenderedTemplate = { text: string; missing: string[] };

export function renderAnswerTemplate(templateId: string, caseId: string): Promise<RenderedTemplate> {
  return requestJson<RenderedTemplate>(`/api/answer-templates/${encodeURIComponent(templateId)}/render`, {
    method: 'POST',
    body: { caseId },
  });
}
