import type {
  KpiDefinitionSet,
  KpiVersion,
  ReportSchedule,
  RestoreKpiVersionInput,
  UpdateKpiDefinitionsInput,
  UpdateReportScheduleInput,
} from '../../../../shared/contracts/reports.contract.js';
import { requestJson } from '../../../platform/http-client.js';

export const fetchReportSchedule = (signal?: AbortSignal) =>
  requestJson<ReportSchedule>('/api/analytics/report-schedule', { signal });
export const saveReportSchedule = (input: UpdateReportScheduleInput) =>
  requestJson<ReportSchedule>('/api/analytics/report-schedule', { method: 'PUT', body: input });

export const fetchKpiDefinitions = (tenantId: string | undefined, signal?: AbortSignal) =>
  requestJson<KpiDefinitionSet>('/api/analytics/kpi-definitions', { query: { tenantId }, signal });
export const saveKpiDefinitions = (tenantId: string | undefined, input: UpdateKpiDefinitionsInput) =>
  requestJson<KpiDefinitionSet>('/api/analytics/kpi-definitions', { method: 'PUT', query: { tenantId }, body: input });
export const fetchKpiVersion = (tenantId: string | undefined, version: number, signal?: AbortSignal) =>
  requestJson<KpiVersion>(`/api/analytics/kpi-definitions/versions/${version}`, { query: { tenantId }, signal });
export const restoreKpiVersion = (tenantId: string | undefined, version: number, input: RestoreKpiVersionInput) =>
  requestJson<KpiDefinitionSet>(`/api/analytics/kpi-definitions/versions/${version}/restore`, {
    method: 'POST',
    query: { tenantId },
    body: input,
  });
