// Working time: production calendars, work schedules, durations and deadlines. Pure functions on
// plain data, for the server and the browser alike (no Node APIs). Semantics: docs/working-time.md.
export {
  type CalendarDateDescription,
  type CalendarDay,
  type CalendarDayKind,
  type CalendarHoliday,
  type CalendarYear,
  createProductionCalendar,
  describeCalendarDate,
  type PackedCalendarYear,
  type ProductionCalendar,
  packCalendarYear,
  replaceCalendarYear,
  unpackCalendarYear,
  validateCalendarYear,
} from './production-calendar.js';
export { addCalendarYearFromXml, RUSSIAN_PRODUCTION_CALENDAR } from './production-calendar-ru.js';
export { parseProductionCalendarXml } from './production-calendar-xml.js';
export { formatInstantInZone, parseInstant, resolveTimeZone } from './time-zone.js';
export {
  BUILT_IN_SCHEDULES,
  DAILY_UNTIL_18_SCHEDULE,
  findBuiltInSchedule,
  MCU_SCHEDULE,
  ROUND_THE_CLOCK_SCHEDULE,
  WEEKDAYS,
  type Weekday,
  type WorkPeriod,
  type WorkSchedule,
} from './work-schedule.js';
export {
  checkWorkingDuration,
  formatWorkingDuration,
  parseWorkingDuration,
  WORKING_DURATION_UNITS,
  type WorkingDuration,
  type WorkingDurationUnit,
} from './working-duration.js';
export {
  computeDeadline,
  computeElapsedWorkingMinutes,
  computeRemainingWorkingMinutes,
  findNextWorkingMoment,
  isWorkingMoment,
} from './working-time.js';
export { WorkingTimeError, type WorkingTimeErrorCode } from './working-time-error.js';
