import type {
  AnswerClusterResult,
  ClusterDetail,
  ClusterList,
  RecomputeResult,
  RepeatList,
} from '../../../../shared/contracts/clusters.contract.js';
import { requestJson } from '../../../platform/http-client.js';

export function fetchClusters(
  query: { status?: 'open' | 'answered' | undefined; page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<ClusterList> {
  return requestJson<ClusterList>('/api/clusters', { query, signal });
}

export function fetchCluster(id: string, signal?: AbortSignal): Promise<ClusterDetail> {
  return requestJson<ClusterDetail>(`/api/clusters/${id}`, { signal });
}

export function answerCluster(id: string, text: string): Promise<AnswerClusterResult> {
  return requestJson<AnswerClusterResult>(`/api/clusters/${id}/answer`, { method: 'POST', body: { text } });
}

export function mergeClusters(id: string, clusterIds: string[]): Promise<ClusterDetail> {
  return requestJson<ClusterDetail>(`/api/clusters/${id}/merge`, { method: 'POST', body: { clusterIds } });
}

export function removeClusterMember(id: string, caseId: string): Promise<ClusterDetail | null> {
  return requestJson<ClusterDetail | null>(`/api/clusters/${id}/members/${caseId}`, { method: 'DELETE' });
}

export function recomputeClusters(days: number): Promise<RecomputeResult> {
  return requestJson<RecomputeResult>('/api/clusters/recompute', { method: 'POST', body: { days } });
}

export function fetchRepeats(
  query: { days: number; page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<RepeatList> {
  return requestJson<RepeatList>('/api/clusters/repeats', { query, signal });
}
