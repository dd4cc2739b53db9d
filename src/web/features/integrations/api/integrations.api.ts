import type { ApiKey, IssuedApiKey } from '../../../../shared/contracts/api-keys.contract.js';
import type { Open311Service, ServiceAttribute } from '../../../../shared/contracts/open311.contract.js';
import { requestJson } from '../../../platform/http-client.js';

export const fetchApiKeys = (signal?: AbortSignal) => requestJson<ApiKey[]>('/api/api-keys', { signal });
export const issueApiKey = (name: string) =>
  requestJson<IssuedApiKey>('/api/api-keys', { method: 'POST', body: { name } });
export const revokeApiKey = (id: string) =>
  requestJson<ApiKey>(`/api/api-keys/${encodeURIComponent(id)}/revoke`, { method: 'POST' });

export const fetchServices = (signal?: AbortSignal) =>
  requestJson<Open311Service[]>('/api/open311/services', { signal });
export const saveService = (
  code: string | undefined,
  body: { code: string; name: string; description?: string | null; isActive?: boolean },
) =>
  requestJson<Open311Service>(code ? `/api/open311/services/${encodeURIComponent(code)}` : '/api/open311/services', {
    method: code ? 'PUT' : 'POST',
    body,
  });
export const saveServiceAttributes = (code: string, attributes: ServiceAttribute[]) =>
  requestJson<Open311Service>(`/api/open311/services/${encodeURIComponent(code)}/attributes`, {
    method: 'PUT',
    body: { attributes },
  });
