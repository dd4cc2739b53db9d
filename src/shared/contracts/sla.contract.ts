import { z } from 'zod';
import { CASE_KINDS, CASE_STATUSES, CHANNELS } from '../channels.js';
import { CASE_TIMER_KINDS, TIMER_KINDS } from '../sla/sla-policy.js';
import { CALENDAR_DAY_KINDS } from '../working-time/production-calendar.js';
import { WEEKDAYS } from '../working-time/work-schedule.js';

const isoDate = (field: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${field}: дата в формате ГГГГ-ММ-ДД`);
const time = (field: string) => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, `${field}: время ЧЧ:ММ`);

export const WorkingDurationSchema = z.union([
  z.object({
    unit: z.enum(['wm', 'wh', 'wd', 'cd', 'cdw']),
    amount: z.number().int('amount: целое число').min(0).max(36_500_000),
  }),
  z.object({ unit: z.literal('sameDayBy'), time: time('time') }),
]);

// ── Production calendar ─────────────────────────────────────────────────────────────────────────────
export const CalendarYearSchema = z.object({
  year: z.number().int().min(1970).max(2399),
  source: z.string().trim().min(1, 'source: укажите основание (постановление)').max(300),
  holidays: z.array(z.object({ id: z.number().int().min(0), name: z.string().trim().min(1).max(300) })).max(100),
  days: z
    .array(
      z.object({
        date: isoDate('date'),
        kind: z.enum(CALENDAR_DAY_KINDS as unknown as [string, ...string[]]),
        holidayId: z.number().int().optional(),
        movedFrom: isoDate('movedFrom').optional(),
      }),
    )
    .max(366),
});
export type CalendarYearInput = z.infer<typeof CalendarYearSchema>;

export const CalendarYearViewSchema = CalendarYearSchema.extend({
  /** Empty for a year with no data (only the fixed holidays of Art. 112 ТК РФ are assumed). */
  source: z.string().max(300),
  isEdited: z.boolean(),
  isShipped: z.boolean(),
});
export type CalendarYearView = z.infer<typeof CalendarYearViewSchema>;

export const DayOffSchema = z.object({ date: isoDate('date'), note: z.string().trim().max(300).nullable() });
export type DayOff = z.infer<typeof DayOffSchema>;

// ── Schedules ───────────────────────────────────────────────────────────────────────────────────────
export const WorkPeriodSchema = z.object({ from: time('from'), to: time('to') });
export const ScheduleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'id: латинские строчные буквы, цифры, «-», «_», до 40 символов'),
  name: z.string().trim().min(1, 'name: не может быть пустым').max(200),
  week: z.object(
    Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(WorkPeriodSchema).max(6)])) as Record<
      (typeof WEEKDAYS)[number],
      z.ZodArray<typeof WorkPeriodSchema>
    >,
  ),
  usesProductionCalendar: z.boolean(),
});
export type ScheduleInput = z.infer<typeof ScheduleSchema>;
export const ScheduleViewSchema = ScheduleSchema.extend({ isBuiltIn: z.boolean(), isOverridden: z.boolean() });
export type ScheduleView = z.infer<typeof ScheduleViewSchema>;

// ── Policies ────────────────────────────────────────────────────────────────────────────────────────
export const SlaPolicySchema = z.object({
  name: z.string().trim().min(1, 'name: не может быть пустым').max(200),
  match: z.object({
    channels: z.array(z.enum(CHANNELS)).optional(),
    kinds: z.array(z.enum(CASE_KINDS)).optional(),
    categories: z.array(z.string().trim().min(1).max(200)).max(200).optional(),
    isFastTrack: z.boolean().optional(),
  }),
  timers: z
    .array(
      z.object({ kind: z.enum(TIMER_KINDS), scheduleId: z.string().min(1).max(40), duration: WorkingDurationSchema }),
    )
    .min(1, 'timers: нужен хотя бы один таймер')
    .max(TIMER_KINDS.length),
  pauseStatuses: z.array(z.enum(CASE_STATUSES)).max(CASE_STATUSES.length),
  warningPercent: z.number().int().min(1, 'warningPercent: от 1 до 99').max(99, 'warningPercent: от 1 до 99'),
  escalation: z
    .array(z.object({ after: WorkingDurationSchema, target: z.enum(['executor', 'block_leader', 'manager']) }))
    .max(5),
  extension: WorkingDurationSchema.nullable(),
});
export type SlaPolicyInput = z.infer<typeof SlaPolicySchema>;

export const SlaPolicyListSchema = z.object({
  policies: z.array(SlaPolicySchema).min(1, 'policies: нужна хотя бы одна политика').max(100),
  isDefault: z.boolean(),
});
export type SlaPolicyList = z.infer<typeof SlaPolicyListSchema>;

// ── Timers ──────────────────────────────────────────────────────────────────────────────────────────
export const TIMER_STATES = ['running', 'warning', 'overdue', 'paused', 'stopped'] as const;
export type TimerState = (typeof TIMER_STATES)[number];
export const TIMER_STATE_TITLES: Record<TimerState, string> = {
  running: 'Идёт',
  warning: 'Срок подходит',
  overdue: 'Просрочено',
  paused: 'Приостановлено',
  stopped: 'Завершено',
};

export const CaseTimerSchema = z.object({
  kind: z.enum(CASE_TIMER_KINDS),
  policyName: z.string(),
  scheduleId: z.string(),
  duration: z.string(),
  startedAt: z.string(),
  dueAt: z.string(),
  state: z.enum(TIMER_STATES),
  /** Working minutes left in the timer's schedule (negative when overdue); null when stopped. */
  workingMinutesLeft: z.number().nullable(),
  isExtended: z.boolean(),
  escalationLevel: z.number().int(),
});
export type CaseTimer = z.infer<typeof CaseTimerSchema>;

export const DeadlinePreviewQuerySchema = z.object({
  scheduleId: z.string().min(1).max(40),
  start: z.iso.datetime({ offset: true, message: 'start: дата и время ISO-8601' }),
  duration: z.string().min(2).max(20),
});
export const DeadlinePreviewSchema = z.object({ deadline: z.string(), workingMinutes: z.number() });
