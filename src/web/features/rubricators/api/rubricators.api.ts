import type {
  CreateRubricatorInput,
  CreateRubricatorItemInput,
  ItemAssignmentInput,
  LoadRubricatorResult,
  Rubricator,
  RubricatorItem,
  RubricatorItemLink,
  RubricatorItemList,
  ShippedRubricator,
  UpdateRubricatorItemInput,
} from '../../../../shared/contracts/rubricators.contract.js';
import { requestJson } from '../../../platform/http-client.js';

export function fetchRubricators(signal?: AbortSignal): Promise<Rubricator[]> {
  return requestJson<Rubricator[]>('/api/rubricators', { signal });
}

export function loadShippedRubricator(rubricator: ShippedRubricator): Promise<LoadRubricatorResult> {
  return requestJson<LoadRubricatorResult>('/api/rubricators/load', { method: 'POST', body: { rubricator } });
}

export function createRubricator(input: CreateRubricatorInput): Promise<Rubricator> {
  return requestJson<Rubricator>('/api/rubricators', { method: 'POST', body: input });
}

export function fetchRubricatorItems(
  rubricatorId: string,
  query: { parentId?: string | undefined; q?: string | undefined; page?: number; pageSize?: number },
  signal?: AbortSignal,
): Promise<RubricatorItemList> {
  return requestJson<RubricatorItemList>(`/api/rubricators/${rubricatorId}/items`, { query, signal });
}

export function createRubricatorItem(rubricatorId: string, input: CreateRubricatorItemInput): Promise<RubricatorItem> {
  return requestJson<RubricatorItem>(`/api/rubricators/${rubricatorId}/items`, { method: 'POST', body: input });
}

export function updateRubricatorItem(id: string, input: UpdateRubricatorItemInput): Promise<RubricatorItem> {
  return requestJson<RubricatorItem>(`/api/rubricator-items/${id}`, { method: 'PATCH', body: input });
}

export function assignRubricatorItem(id: string, input: ItemAssignmentInput): Promise<RubricatorItem> {
  return requestJson<RubricatorItem>(`/api/rubricator-items/${id}/assignment`, { method: 'PUT', body: input });
}

export function fetchItemLinks(id: string, signal?: AbortSignal): Promise<RubricatorItemLink[]> {
  return requestJson<RubricatorItemLink[]>(`/api/rubricator-items/${id}/links`, { signal });
}

export function linkItem(id: string, toItemId: string): Promise<RubricatorItemLink[]> {
  return requestJson<RubricatorItemLink[]>(`/api/rubricator-items/${id}/links`, { method: 'POST', body: { toItemId } });
}

export function unlinkItem(id: string, toItemId: string): Promise<RubricatorItemLink[]> {
  return requestJson<RubricatorItemLink[]>(`/api/rubricator-items/${id}/links/${toItemId}`, { method: 'DELETE' });
}

export type NamedOption = { id: string; name: string };

export function fetchBlocks(signal?: AbortSignal): Promise<NamedOption[]> {
  return requestJson<NamedOption[]>('/api/blocks', { signal });
}

export function fetchRecipients(signal?: AbortSignal): Promise<NamedOption[]> {
  return requestJson<NamedOption[]>('/api/recipients', { signal });
}
