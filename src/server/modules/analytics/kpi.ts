import type { KPI_FORMULA_MEASURES, KpiMeasureValues } from '../../../shared/analytics/kpi-formula.js';
import type { KpiDefinitionInput } from '../../../shared/contracts/reports.contract.js';
import type { PeriodCounts } from './analytics.repository.js';

/**
 * KPI definitions are data (table `kpi_definition_versions`: a region's set, a municipality's override; the
 * latest version is in force). Until the ЦУР saves its own, the defaults below are. `formula` is arithmetic over
 * the case measures of the quarter (received in it, of `channel` if set) — see shared/analytics/kpi-formula.ts.
 */
export type KpiDefinition = KpiDefinitionInput;

export const DEFAULT_KPI_DEFINITIONS: readonly KpiDefinition[] = [
  {
    name: 'Доля ответов в срок',
    formula: 'answered_on_time / (answered_on_time + late) * 100',
    comparison: 'at_least',
    target: 95,
    weight: 0.25,
    channel: null,
    isActive: true,
  },
  {
    name: 'Первая реакция в Инцидент менеджменте',
    formula: 'first_reaction_median_hours',
    comparison: 'at_most',
    target: 1,
    weight: 0.15,
    channel: 'im',
    isActive: true,
  },
  {
    name: 'Удовлетворённость (оценки 4–5) на ПОС',
    formula: 'rated_high / rated * 100',
    comparison: 'at_least',
    target: 60,
    weight: 0.2,
    channel: 'pos',
    isActive: true,
  },
  {
    name: 'Срок ответа на ПОС',
    formula: 'answer_median_working_days',
    comparison: 'at_most',
    target: 8,
    weight: 0.2,
    channel: 'pos',
    isActive: true,
  },
  {
    name: 'Доля решённых проблем',
    formula: 'resolved / (resolved + explained) * 100',
    comparison: 'at_least',
    target: 50,
    weight: 0.2,
    channel: null,
    isActive: true,
  },
];

/** Working hours in a day of the МЦУ schedule (08:30–17:30), for answer times in working days. */
export const WORKING_DAY_HOURS = 9;

/** The values a KPI formula may use, from the counts of a period. */
export function measureValuesOf(counts: PeriodCounts): KpiMeasureValues {
  const hours = (minutes: number | null) => (minutes === null ? null : minutes / 60);
  return {
    received: counts.received,
    answered: counts.answered,
    answered_on_time: counts.answeredOnTime,
    late: counts.late,
    rated: counts.rated,
    rated_high: counts.ratedHigh,
    rating_sum: counts.ratingSum,
    resolved: counts.resolved,
    explained: counts.explained,
    otpiska: counts.otpiska,
    returned: counts.returned,
    returns: counts.returns,
    reopens: counts.reopens,
    first_reaction_median_hours: hours(counts.medianFirstReactionMinutes),
    answer_median_hours: hours(counts.medianAnswerMinutes),
    answer_median_working_days:
      counts.medianAnswerMinutes === null ? null : counts.medianAnswerMinutes / 60 / WORKING_DAY_HOURS,
  } satisfies Record<keyof typeof KPI_FORMULA_MEASURES, number | null>;
}
