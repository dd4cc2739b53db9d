import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DayOff, ScheduleInput, SlaPolicyInput } from '../../../../shared/contracts/sla.contract.js';
import { hasPermission } from '../../../../shared/permissions.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import {
  addDayOff,
  deleteSchedule,
  fetchCalendarYear,
  fetchCaseTimers,
  fetchDaysOff,
  fetchDeadlinePreview,
  fetchPolicies,
  fetchSchedules,
  importCalendarHolidays,
  removeDayOff,
  saveCalendarYear,
  savePolicies,
  saveSchedule,
} from '../api/sla.api.js';

const SLA_KEY = 'sla';
const calendarYearKey = (year: number) => [SLA_KEY, 'calendar-year', year] as const;
const daysOffKey = [SLA_KEY, 'days-off'] as const;
const schedulesKey = [SLA_KEY, 'schedules'] as const;
const policiesKey = [SLA_KEY, 'policies'] as const;

/** Deadlines and time left of the cases depend on calendars and schedules: the lists are asked again. */
function refreshCases(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: ['cases'] });
  void queryClient.invalidateQueries({ queryKey: [SLA_KEY, 'case-timers'] });
}

export type SlaAbilities = {
  /** Local days off, schedules and policies of the municipality. */
  canManageSla: boolean;
  /** The federal production calendar shared by the installation. */
  canManageCalendar: boolean;
};

export function useSlaAbilities(): SlaAbilities {
  const user = useCurrentUser();
  return {
    canManageSla: user ? hasPermission(user.roles, 'sla.manage') : false,
    canManageCalendar: user ? hasPermission(user.roles, 'calendar.manage') : false,
  };
}

// ── Production calendar ─────────────────────────────────────────────────────────────────────────────

export function useCalendarYear(year: number) {
  return useQuery({
    queryKey: calendarYearKey(year),
    queryFn: ({ signal }) => fetchCalendarYear(year, signal),
    staleTime: 5 * 60_000,
  });
}

export function useSaveCalendarYear() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveCalendarYear,
    onSuccess: (view) => {
      queryClient.setQueryData(calendarYearKey(view.year), view);
      refreshCases(queryClient);
    },
  });
}

export function useImportCalendarHolidays() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ year, file }: { year: number; file: File }) => importCalendarHolidays(year, file),
    onSuccess: (view) => {
      queryClient.setQueryData(calendarYearKey(view.year), view);
      refreshCases(queryClient);
    },
  });
}

// ── Local days off ──────────────────────────────────────────────────────────────────────────────────

export function useDaysOff() {
  return useQuery({ queryKey: daysOffKey, queryFn: ({ signal }) => fetchDaysOff(signal) });
}

export function useAddDayOff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DayOff) => addDayOff(input),
    onSuccess: (daysOff) => {
      queryClient.setQueryData(daysOffKey, daysOff);
      refreshCases(queryClient);
    },
  });
}

export function useRemoveDayOff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removeDayOff,
    onSuccess: (_nothing, date) => {
      queryClient.setQueryData<DayOff[]>(daysOffKey, (previous) => previous?.filter((dayOff) => dayOff.date !== date));
      void queryClient.invalidateQueries({ queryKey: daysOffKey });
      refreshCases(queryClient);
    },
  });
}

// ── Schedules ───────────────────────────────────────────────────────────────────────────────────────

/** The municipality's schedules (a region has none of its own: `isEnabled` false there). */
export function useSchedules(isEnabled = true) {
  return useQuery({ queryKey: schedulesKey, queryFn: ({ signal }) => fetchSchedules(signal), enabled: isEnabled });
}

export function useSaveSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ScheduleInput) => saveSchedule(input),
    onSuccess: (schedules) => {
      queryClient.setQueryData(schedulesKey, schedules);
      refreshCases(queryClient);
    },
  });
}

export function useDeleteSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteSchedule,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: schedulesKey });
      refreshCases(queryClient);
    },
  });
}

export function useDeadlinePreview() {
  return useMutation({ mutationFn: fetchDeadlinePreview });
}

// ── Policies ────────────────────────────────────────────────────────────────────────────────────────

export function usePolicies() {
  return useQuery({ queryKey: policiesKey, queryFn: ({ signal }) => fetchPolicies(signal) });
}

export function useSavePolicies() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (policies: SlaPolicyInput[]) => savePolicies(policies),
    onSuccess: (list) => {
      queryClient.setQueryData(policiesKey, list);
    },
  });
}

// ── Timers of a case ────────────────────────────────────────────────────────────────────────────────

export function useCaseTimers(caseId: string | undefined) {
  return useQuery({
    queryKey: [SLA_KEY, 'case-timers', caseId],
    queryFn: ({ signal }) => fetchCaseTimers(caseId ?? '', signal),
    enabled: caseId !== undefined,
  });
}
