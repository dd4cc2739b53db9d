/**
 * The growth test of a topic × territory: is this period's count significantly above its baseline?
 * Upper tail of the Poisson distribution with the baseline as its mean; see docs/analytics.md.
 */

/** P(X ≥ observed) for X ~ Poisson(mean), summed in log space (exact for the counts analytics sees). */
export function poissonUpperTail(observed: number, mean: number): number {
  if (observed <= 0) return 1;
  if (mean <= 0) return 0;
  // 1 − P(X ≤ observed − 1)
  let logTerm = -mean; // log P(X = 0)
  let cumulative = Math.exp(logTerm);
  for (let k = 1; k < observed; k += 1) {
    logTerm += Math.log(mean) - Math.log(k);
    cumulative += Math.exp(logTerm);
  }
  return Math.min(1, Math.max(0, 1 - cumulative));
}

export type GrowthTestSettings = {
  /** Fewer cases than this in the period are never a finding. */
  minCount: number;
  /** The count must be at least this multiple of the baseline. */
  minRatio: number;
  /** Family-wise significance level, divided by the number of cells tested (Bonferroni). */
  alpha: number;
  /** The smallest mean a baseline may have (a topic new in a territory is compared with this). */
  baselineFloor: number;
};

export const DEFAULT_GROWTH_TEST: GrowthTestSettings = { minCount: 5, minRatio: 1.5, alpha: 0.05, baselineFloor: 0.5 };

/**
 * The seasonal baseline: the mean of the previous windows, or the same window a year earlier if that
 * was higher (a topic that grows every winter is not news in winter).
 */
export function computeBaseline(previousCounts: readonly number[], yearAgo: number | null, floor: number): number {
  const mean =
    previousCounts.length > 0 ? previousCounts.reduce((sum, value) => sum + value, 0) / previousCounts.length : 0;
  return Math.max(floor, mean, yearAgo ?? 0);
}

export function isSignificantGrowth(
  count: number,
  baseline: number,
  testedCells: number,
  settings: GrowthTestSettings = DEFAULT_GROWTH_TEST,
): { isSignificant: boolean; pValue: number } {
  const pValue = poissonUpperTail(count, baseline);
  const threshold = settings.alpha / Math.max(1, testedCells);
  return {
    pValue,
    isSignificant: count >= settings.minCount && count >= settings.minRatio * baseline && pValue < threshold,
  };
}
