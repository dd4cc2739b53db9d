import type {
  AnswerCheck,
  Dashboard,
  DrillDownResponse,
  DrillMeasure,
  GrowthFactors,
  Heatmap,
  Ratings,
  Slice,
  SliceDefinition,
  Workload,
} from '../../../../shared/contracts/analytics.contract.js';
import { requestJson } from '../../../platform/http-client.js';

/** The filters of every analytics screen (the API's query parameters). */
export type AnalyticsFilters = {
  from: string;
  to: string;
  channel?: string | undefined;
  category?: string | undefined;
  state?: string | undefined;
  isFastTrack?: string | undefined;
  tenantId?: string | undefined;
  recipientId?: string | undefined;
};

export type DrillTarget = { measure: DrillMeasure; territory?: string; topic?: string; day?: string; title: string };

export const fetchDashboard = (filters: AnalyticsFilters, signal?: AbortSignal) =>
  requestJson<Dashboard>('/api/analytics/dashboard', { query: filters, signal });
export const fetchHeatmap = (filters: AnalyticsFilters, signal?: AbortSignal) =>
  requestJson<Heatmap>('/api/analytics/heatmap', { query: filters, signal });
export const fetchRatings = (filters: AnalyticsFilters, signal?: AbortSignal) =>
  requestJson<Ratings>('/api/analytics/ratings', { query: filters, signal });
export const fetchGrowth = (filters: AnalyticsFilters, signal?: AbortSignal) =>
  requestJson<GrowthFactors>('/api/analytics/growth', { query: filters, signal });
export const fetchConfig = (signal?: AbortSignal) =>
  requestJson<{ isSubscribed: boolean }>('/api/analytics/config', { signal });
export const fetchDrillDown = (filters: AnalyticsFilters, target: DrillTarget, page: number, signal?: AbortSignal) =>
  requestJson<DrillDownResponse>('/api/analytics/cases', {
    query: {
      ...filters,
      measure: target.measure,
      territory: target.territory,
      topic: target.topic,
      day: target.day,
      page,
      pageSize: 20,
    },
    signal,
  });
export const fetchAnswerCheck = (caseId: string) => requestJson<AnswerCheck>(`/api/analytics/answers/${caseId}`);
export const reviewAnswer = (caseId: string, isOtpiska: boolean, comment?: string) =>
  requestJson<AnswerCheck>(`/api/analytics/answers/${caseId}/review`, { method: 'PUT', body: { isOtpiska, comment } });

export type ReportArchive = {
  items: Array<{
    id: string;
    kind: 'weekly' | 'kpi';
    period: string;
    format: string;
    fileName: string;
    size: number;
    createdAt: string;
  }>;
  kpiDue: Array<{ quarter: string; dueDate: string; isSubmitted: boolean; isOverdue: boolean }>;
};
export const fetchReports = (signal?: AbortSignal) => requestJson<ReportArchive>('/api/analytics/reports', { signal });
export const generateReport = (kind: 'weekly' | 'kpi', period: string) =>
  requestJson<ReportArchive>('/api/analytics/reports', { method: 'POST', body: { kind, period } });
export const setSubscription = (isSubscribed: boolean) =>
  requestJson<{ isSubscribed: boolean }>('/api/analytics/subscription', { method: 'PUT', body: { isSubscribed } });

/** A download link of a table export with the same filters. */
export function exportUrl(
  table: string,
  format: 'xlsx' | 'csv',
  filters: AnalyticsFilters,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra, table, format })) {
    if (value) params.set(key, value);
  }
  return `/api/analytics/export?${params.toString()}`;
}

export type SavedSlice = { id: string; name: string; definition: SliceDefinition; createdAt: string };
export const fetchWorkload = (filters: AnalyticsFilters, signal?: AbortSignal) =>
  requestJson<Workload>('/api/analytics/workload', { query: filters, signal });
export const fetchSlice = (filters: AnalyticsFilters, definition: SliceDefinition, signal?: AbortSignal) =>
  requestJson<Slice>('/api/analytics/slice', { query: { ...filters, ...definition }, signal });
export const fetchSavedSlices = (signal?: AbortSignal) =>
  requestJson<SavedSlice[]>('/api/analytics/slices', { signal });
export const saveSlice = (name: string, definition: SliceDefinition) =>
  requestJson<SavedSlice[]>('/api/analytics/slices', { method: 'POST', body: { name, definition } });
export const deleteSlice = (id: string) =>
  requestJson<SavedSlice[]>(`/api/analytics/slices/${id}`, { method: 'DELETE' });
