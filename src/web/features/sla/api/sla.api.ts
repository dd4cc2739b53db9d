import type {
  CalendarYearInput,
  CalendarYearView,
  CaseTimer,
  DayOff,
  ScheduleInput,
  ScheduleView,
  SlaPolicyInput,
  SlaPolicyList,
} from '../../../../shared/contracts/sla.contract.js';
import { requestJson } from '../../../platform/http-client.js';

export type DeadlinePreview = { deadline: string; workingMinutes: number };

export type DeadlinePreviewInput = {
  scheduleId: string;
  /** ISO-8601 with the tenant's offset. */
  start: string;
  /** `8wh`, `3wd`, `30cdw`, `by18:00`. */
  duration: string;
};

// ── Production calendar (federal, shared by the installation) ───────────────────────────────────────

export function fetchCalendarYear(year: number, signal?: AbortSignal): Promise<CalendarYearView> {
  return requestJson<CalendarYearView>(`/api/calendar/years/${year}`, { signal });
}

export function saveCalendarYear(input: CalendarYearInput): Promise<CalendarYearView> {
  return requestJson<CalendarYearView>(`/api/calendar/years/${input.year}`, { method: 'PUT', body: input });
}

export function importCalendarHolidays(year: number, file: File): Promise<CalendarYearView> {
  const body = new FormData();
  body.append('file', file);
  return requestJson<CalendarYearView>(`/api/calendar/years/${year}/ical`, { method: 'POST', body });
}

// ── Local days off of the municipality ──────────────────────────────────────────────────────────────

export function fetchDaysOff(signal?: AbortSignal): Promise<DayOff[]> {
  return requestJson<DayOff[]>('/api/calendar/days-off', { signal });
}

export function addDayOff(input: DayOff): Promise<DayOff[]> {
  return requestJson<DayOff[]>('/api/calendar/days-off', { method: 'POST', body: input });
}

export function removeDayOff(date: string): Promise<void> {
  return requestJson<void>(`/api/calendar/days-off/${encodeURIComponent(date)}`, { method: 'DELETE' });
}

// ── Work schedules ──────────────────────────────────────────────────────────────────────────────────

export function fetchSchedules(signal?: AbortSignal): Promise<ScheduleView[]> {
  return requestJson<ScheduleView[]>('/api/sla/schedules', { signal });
}

export function saveSchedule(input: ScheduleInput): Promise<ScheduleView[]> {
  return requestJson<ScheduleView[]>(`/api/sla/schedules/${encodeURIComponent(input.id)}`, {
    method: 'PUT',
    body: input,
  });
}

/** Deletes a custom schedule, or brings a built-in one back to how it ships. */
export function deleteSchedule(id: string): Promise<void> {
  return requestJson<void>(`/api/sla/schedules/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function fetchDeadlinePreview(input: DeadlinePreviewInput): Promise<DeadlinePreview> {
  return requestJson<DeadlinePreview>('/api/sla/deadline', { query: input });
}

// ── SLA policies ────────────────────────────────────────────────────────────────────────────────────

export function fetchPolicies(signal?: AbortSignal): Promise<SlaPolicyList> {
  return requestJson<SlaPolicyList>('/api/sla/policies', { signal });
}

export function savePolicies(policies: SlaPolicyInput[]): Promise<SlaPolicyList> {
  return requestJson<SlaPolicyList>('/api/sla/policies', { method: 'PUT', body: { policies } });
}

// ── Timers of a case ────────────────────────────────────────────────────────────────────────────────

export function fetchCaseTimers(caseId: string, signal?: AbortSignal): Promise<CaseTimer[]> {
  return requestJson<CaseTimer[]>(`/api/cases/${encodeURIComponent(caseId)}/timers`, { signal });
}
