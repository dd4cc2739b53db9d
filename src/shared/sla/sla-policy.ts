import type { CaseKind, CaseStatus, Channel } from '../channels.js';
import type { ProductionCalendar } from '../working-time/production-calendar.js';
import type { WorkSchedule } from '../working-time/work-schedule.js';
import type { WorkingDuration } from '../working-time/working-duration.js';
import { computeDeadline, computeElapsedWorkingMinutes } from '../working-time/working-time.js';

/**
 * SLA policies: which timers a case gets and how long each may run. Pure: the server stores policies
 * and timers, the UI shows the same arithmetic. Semantics and defaults: docs/sla.md.
 */
export const TIMER_KINDS = [
  'first_reaction',
  'acceptance',
  'registration',
  'unreadable_notice',
  'answer',
  'resolution',
] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

export const TIMER_KIND_TITLES: Record<TimerKind, string> = {
  first_reaction: 'Первая реакция',
  acceptance: 'Принятие в работу',
  registration: 'Регистрация обращения',
  unreadable_notice: 'Уведомление о нечитаемом обращении',
  answer: 'Ответ',
  resolution: 'Решение',
};

/** Every timer a case may have: the policy's kinds plus the two a workflow starts itself. */
export const CASE_TIMER_KINDS = [...TIMER_KINDS, 'satisfaction', 'promise'] as const;
export type CaseTimerKind = (typeof CASE_TIMER_KINDS)[number];
export const CASE_TIMER_KIND_TITLES: Record<CaseTimerKind, string> = {
  ...TIMER_KIND_TITLES,
  satisfaction: 'Ожидание реакции заявителя',
  promise: 'Обещанный срок (промежуточный ответ)',
};

export type SlaTimerSpec = {
  kind: TimerKind;
  /** Built-in (`mcu`, `24x7`, `daily18`) or a tenant's own schedule id. */
  scheduleId: string;
  duration: WorkingDuration;
};

/** Empty or absent list = any value. */
export type SlaPolicyMatch = {
  channels?: Channel[];
  kinds?: CaseKind[];
  categories?: string[];
  isFastTrack?: boolean;
};

export type EscalationTarget = 'executor' | 'block_leader' | 'manager';
export const ESCALATION_TARGET_TITLES: Record<EscalationTarget, string> = {
  executor: 'Исполнитель',
  block_leader: 'Руководитель блока',
  manager: 'Руководитель МЦУ',
};

/** Step N of the chain: `after` the breach (in the timer's schedule), tell `target`. */
export type EscalationStep = { after: WorkingDuration; target: EscalationTarget };

export type SlaPolicy = {
  name: string;
  match: SlaPolicyMatch;
  timers: SlaTimerSpec[];
  /** States in which the timers stand still (e.g. waiting for the applicant). */
  pauseStatuses: CaseStatus[];
  /** Warn when this share of the time has passed. */
  warningPercent: number;
  escalation: EscalationStep[];
  /** How much one extension adds to the answer timer (59-ФЗ: 30 days, once, with notice). */
  extension: WorkingDuration | null;
};

export type CaseFacts = {
  channel: Channel;
  kind: CaseKind;
  category: string | null;
  isFastTrack: boolean;
};

const wh = (amount: number): WorkingDuration => ({ unit: 'wh', amount });
const wd = (amount: number): WorkingDuration => ({ unit: 'wd', amount });
const cd = (amount: number): WorkingDuration => ({ unit: 'cd', amount });
const cdw = (amount: number): WorkingDuration => ({ unit: 'cdw', amount });

const HOURLY_ESCALATION: EscalationStep[] = [
  { after: wh(0), target: 'executor' },
  { after: wh(1), target: 'block_leader' },
  { after: wh(4), target: 'manager' },
];
const DAILY_ESCALATION: EscalationStep[] = [
  { after: wh(0), target: 'executor' },
  { after: wd(1), target: 'block_leader' },
  { after: wd(2), target: 'manager' },
];

/**
 * The shipped policies (PRODUCT.md §1), tried in order; the last one catches everything. 59-ФЗ comes
 * first: an appeal keeps its 3/7/30-day terms whatever channel brought it (ПОС «подача по 59-ФЗ»).
 */
export const DEFAULT_SLA_POLICIES: readonly SlaPolicy[] = [
  {
    name: 'Обращения по 59-ФЗ',
    match: { kinds: ['appeal'] },
    timers: [
      { kind: 'registration', scheduleId: 'mcu', duration: cdw(3) },
      { kind: 'unreadable_notice', scheduleId: 'mcu', duration: cdw(7) },
      { kind: 'answer', scheduleId: 'mcu', duration: cdw(30) },
    ],
    pauseStatuses: [],
    warningPercent: 80,
    escalation: DAILY_ESCALATION,
    extension: cdw(30),
  },
  {
    name: 'Инцидент менеджмент — повышенная важность',
    match: { channels: ['im'], isFastTrack: true },
    timers: [
      { kind: 'first_reaction', scheduleId: 'mcu', duration: wh(1) },
      { kind: 'answer', scheduleId: 'mcu', duration: wh(4) },
    ],
    pauseStatuses: [],
    warningPercent: 75,
    escalation: HOURLY_ESCALATION,
    extension: null,
  },
  {
    name: 'Инцидент менеджмент',
    match: { channels: ['im'] },
    timers: [
      { kind: 'first_reaction', scheduleId: 'mcu', duration: wh(1) },
      { kind: 'answer', scheduleId: 'mcu', duration: wh(8) },
    ],
    pauseStatuses: [],
    warningPercent: 75,
    escalation: HOURLY_ESCALATION,
    extension: null,
  },
  {
    name: 'ПОС «Решаем вместе»',
    match: { channels: ['pos'] },
    timers: [{ kind: 'answer', scheduleId: 'mcu', duration: wd(8) }],
    pauseStatuses: [],
    warningPercent: 75,
    escalation: DAILY_ESCALATION,
    extension: null,
  },
  {
    name: 'Региональный портал',
    match: { channels: ['regional'] },
    timers: [
      { kind: 'acceptance', scheduleId: '24x7', duration: cd(1) },
      { kind: 'resolution', scheduleId: 'mcu', duration: cd(14) },
    ],
    pauseStatuses: [],
    warningPercent: 75,
    escalation: DAILY_ESCALATION,
    extension: null,
  },
  {
    name: 'Страницы главы и губернатора',
    match: { channels: ['official_pages'] },
    timers: [{ kind: 'answer', scheduleId: 'daily18', duration: { unit: 'sameDayBy', time: '18:00' } }],
    pauseStatuses: [],
    warningPercent: 75,
    escalation: HOURLY_ESCALATION,
    extension: null,
  },
  {
    name: 'Все остальные сообщения',
    match: {},
    timers: [{ kind: 'answer', scheduleId: 'mcu', duration: wd(8) }],
    pauseStatuses: [],
    warningPercent: 75,
    escalation: DAILY_ESCALATION,
    extension: null,
  },
];

export function matchesPolicy(policy: Pick<SlaPolicy, 'match'>, facts: CaseFacts): boolean {
  const { match } = policy;
  if (match.channels?.length && !match.channels.includes(facts.channel)) return false;
  if (match.kinds?.length && !match.kinds.includes(facts.kind)) return false;
  if (match.categories?.length && (!facts.category || !match.categories.includes(facts.category))) return false;
  if (match.isFastTrack !== undefined && match.isFastTrack !== facts.isFastTrack) return false;
  return true;
}

/** First match wins; when nothing matches (a tenant's list without a catch-all), the shipped catch-all. */
export function selectPolicy(policies: readonly SlaPolicy[], facts: CaseFacts): SlaPolicy {
  const found = policies.find((policy) => matchesPolicy(policy, facts));
  const fallback = DEFAULT_SLA_POLICIES[DEFAULT_SLA_POLICIES.length - 1];
  if (found) return found;
  if (!fallback) throw new Error('no catch-all SLA policy');
  return fallback;
}

export type TimeContext = {
  calendar: ProductionCalendar;
  timeZone: string;
  findSchedule(id: string): WorkSchedule | undefined;
};

export type PlannedTimer = {
  kind: TimerKind;
  scheduleId: string;
  duration: WorkingDuration;
  startedAt: number;
  dueAt: number;
  warnAt: number;
};

function scheduleOf(context: TimeContext, id: string): WorkSchedule {
  const schedule = context.findSchedule(id);
  if (!schedule) throw new Error(`Неизвестный график работы «${id}»`);
  return schedule;
}

/**
 * The moment `percent` % of the working time between start and due has passed (the warning time):
 * measured in the timer's own schedule, so a warning never falls into a night or a holiday.
 */
export function computeWarningTime(
  schedule: WorkSchedule,
  context: TimeContext,
  startedAt: number,
  dueAt: number,
  percent: number,
): number {
  const total = computeElapsedWorkingMinutes(schedule, context.calendar, startedAt, dueAt, context.timeZone);
  const minutes = Math.floor((total * percent) / 100);
  if (minutes <= 0) return startedAt;
  return computeDeadline(schedule, context.calendar, startedAt, { unit: 'wm', amount: minutes }, context.timeZone);
}

export function planTimers(policy: SlaPolicy, receivedAt: number, context: TimeContext): PlannedTimer[] {
  return policy.timers.map((spec) => {
    const schedule = scheduleOf(context, spec.scheduleId);
    const dueAt = computeDeadline(schedule, context.calendar, receivedAt, spec.duration, context.timeZone);
    return {
      kind: spec.kind,
      scheduleId: spec.scheduleId,
      duration: spec.duration,
      startedAt: receivedAt,
      dueAt,
      warnAt: computeWarningTime(schedule, context, receivedAt, dueAt, policy.warningPercent),
    };
  });
}

/** When a paused timer resumes, the working time it had left at the pause is counted again from now. */
export function computeResumedDueAt(
  schedule: WorkSchedule,
  context: TimeContext,
  pausedAt: number,
  dueAt: number,
  resumedAt: number,
): number {
  const left = Math.max(
    0,
    Math.round(computeElapsedWorkingMinutes(schedule, context.calendar, pausedAt, dueAt, context.timeZone)),
  );
  return computeDeadline(schedule, context.calendar, resumedAt, { unit: 'wm', amount: left }, context.timeZone);
}

/** When escalation step `index` falls due after a breach at `dueAt`. */
export function computeEscalationTime(
  schedule: WorkSchedule,
  context: TimeContext,
  dueAt: number,
  step: EscalationStep,
): number {
  if (step.after.unit !== 'sameDayBy' && step.after.amount === 0) return dueAt;
  return computeDeadline(schedule, context.calendar, dueAt, step.after, context.timeZone);
}
