/**
 * Order statistics the benchmarks report. One definition for all of them, so a «median» or a «p95» means the
 * same in every bench: the value at index ⌊share·n⌋ of the sorted sample (for an even count, the upper of the
 * two middle values). The sample is not changed.
 */
export function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

/** «min … median … max» with `digits` decimals. */
export function spread(values: readonly number[], digits: number): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return `min ${low.toFixed(digits)}  median ${median(values).toFixed(digits)}  max ${high.toFixed(digits)}`;
}
