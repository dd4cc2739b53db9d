import type { Channel } from '../../../shared/channels.js';

/**
 * KPI definitions are data (table `kpi_definitions`; none stored — the ЦУР defaults below). `measure` is
 * one of the formulas of KPI_MEASURES over the cases of the quarter (received in it, of `channel` if set).
 */
export type KpiDefinition = {
  name: string;
  measure: KpiMeasure;
  comparison: 'at_least' | 'at_most';
  target: number;
  weight: number;
  channel: Channel | null;
};

export const KPI_MEASURES = {
  on_time_share: {
    title: 'Доля ответов в срок, %',
    formula: 'ответы в срок / (ответы в срок + с нарушением срока) × 100',
  },
  first_reaction_median_hours: {
    title: 'Медиана первой реакции, рабочих часов',
    formula:
      'медиана рабочего времени от поступления до первой реакции (таймеры первой реакции, принятия, регистрации)',
  },
  satisfaction_high_share: { title: 'Доля оценок 4–5, %', formula: 'оценки 4 и 5 / все оценки × 100' },
  answer_median_working_days: {
    title: 'Медиана срока ответа, рабочих дней',
    formula: 'медиана рабочих часов от поступления до ответа / 9 (рабочий день графика МЦУ 08:30–17:30)',
  },
  resolved_share: { title: 'Доля «Решено», %', formula: '«Решено» / («Решено» + «Разъяснено») × 100' },
  otpiska_share: { title: 'Доля «отписок», %', formula: '«отписки» / ответы × 100' },
} as const;
export type KpiMeasure = keyof typeof KPI_MEASURES;

export function isKpiMeasure(value: string): value is KpiMeasure {
  return Object.hasOwn(KPI_MEASURES, value);
}

export const DEFAULT_KPI_DEFINITIONS: readonly KpiDefinition[] = [
  {
    name: 'Доля ответов в срок',
    measure: 'on_time_share',
    comparison: 'at_least',
    target: 95,
    weight: 0.25,
    channel: null,
  },
  {
    name: 'Первая реакция в Инцидент менеджменте',
    measure: 'first_reaction_median_hours',
    comparison: 'at_most',
    target: 1,
    weight: 0.15,
    channel: 'im',
  },
  {
    name: 'Удовлетворённость (оценки 4–5) на ПОС',
    measure: 'satisfaction_high_share',
    comparison: 'at_least',
    target: 60,
    weight: 0.2,
    channel: 'pos',
  },
  {
    name: 'Срок ответа на ПОС',
    measure: 'answer_median_working_days',
    comparison: 'at_most',
    target: 8,
    weight: 0.2,
    channel: 'pos',
  },
  {
    name: 'Доля решённых проблем',
    measure: 'resolved_share',
    comparison: 'at_least',
    target: 50,
    weight: 0.2,
    channel: null,
  },
];

export const WORKING_DAY_HOURS = 9;
