import type { TimeContext } from '../../../shared/sla/sla-policy.js';
import {
  type CalendarYear,
  findBuiltInSchedule,
  type ProductionCalendar,
  RUSSIAN_PRODUCTION_CALENDAR,
  replaceCalendarYear,
  validateCalendarYear,
  type WorkSchedule,
} from '../../../shared/working-time/index.js';
import { compileSchedule } from '../../../shared/working-time/work-schedule.js';
import type { Queryable } from '../../platform/audit.js';
import { loadOnce } from '../../platform/shared-load.js';
import * as repository from './sla.repository.js';

/** A tenant's working-time facts: the calendar (shipped ⊕ edited years ⊕ local days off) and schedules. */
export type TenantTimeContext = TimeContext & { schedules: WorkSchedule[]; tenantId: string };

const CACHE_MILLISECONDS = 30_000;
const cache = new Map<string, { context: TenantTimeContext; loadedAt: number }>();

/** Forget cached contexts after an edit (this process; other processes refresh within 30 s). */
export function invalidateTimeContexts(): void {
  cache.clear();
}

export async function loadFederalCalendar(database: Queryable): Promise<ProductionCalendar> {
  let calendar = RUSSIAN_PRODUCTION_CALENDAR;
  for (const edited of await repository.listEditedCalendarYears(database)) {
    const year = edited.data as CalendarYear;
    try {
      validateCalendarYear(year);
      calendar = replaceCalendarYear(calendar, year);
    } catch {
      // A year that no longer validates (written by an older version) is ignored rather than break deadlines.
    }
  }
  return calendar;
}

export async function loadTimeContext(
  database: Queryable,
  tenant: { id: string; timezone: string },
): Promise<TenantTimeContext> {
  const cached = cache.get(tenant.id);
  if (cached && Date.now() - cached.loadedAt < CACHE_MILLISECONDS) return cached.context;
  return loadOnce(database, `time-context:${tenant.id}`, async () => {
    let calendar = await loadFederalCalendar(database);
    const daysOff = await repository.listTenantDaysOff(database, tenant.id);
    if (daysOff.length > 0)
      calendar = addLocalDaysOff(
        calendar,
        daysOff.map((day) => day.date),
      );
    const schedules = new Map<string, WorkSchedule>();
    for (const record of await repository.listTenantSchedules(database, tenant.id)) {
      const schedule: WorkSchedule = {
        id: record.id,
        name: record.name,
        week: record.week as WorkSchedule['week'],
        usesProductionCalendar: record.usesProductionCalendar,
      };
      try {
        compileSchedule(schedule);
        schedules.set(schedule.id, schedule);
      } catch {
        // Skipped: an invalid stored schedule falls back to the built-in one of the same id, if any.
      }
    }
    const context: TenantTimeContext = {
      tenantId: tenant.id,
      calendar,
      timeZone: tenant.timezone,
      schedules: [...schedules.values()],
      findSchedule: (id) => schedules.get(id) ?? findBuiltInSchedule(id),
    };
    cache.set(tenant.id, { context, loadedAt: Date.now() });
    return context;
  });
}

/** Local days off become days off of the years the calendar has (a year it lacks stays presumed). */
export function addLocalDaysOff(calendar: ProductionCalendar, dates: string[]): ProductionCalendar {
  let result = calendar;
  for (const year of calendar.years) {
    const local = dates.filter((date) => date.startsWith(`${year.year}-`));
    if (local.length === 0) continue;
    const days = year.days.filter((day) => !local.includes(day.date));
    result = replaceCalendarYear(result, {
      ...year,
      days: [...days, ...local.map((date) => ({ date, kind: 'dayOff' as const }))].sort((left, right) =>
        left.date.localeCompare(right.date),
      ),
    });
  }
  return result;
}
