import type { Overview } from '../../../../shared/contracts/cases.contract.js';
import { requestJson } from '../../../platform/http-client.js';

export function fetchOverview(signal?: AbortSignal): Promise<Overview> {
  return requestJson<Overview>('/api/overview', { signal });
}
