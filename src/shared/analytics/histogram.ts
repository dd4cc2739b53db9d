/**
 * Working-minute histograms of the analytics rollups (migration 0017): bucket 0 holds 0 minutes, bucket
 * b ≥ 1 holds [RATIO^(b-1), RATIO^b) minutes, the last bucket is open-ended. A median read from the
 * histogram takes each middle value as its bucket's geometric midpoint, so it is within
 * √RATIO − 1 ≈ 6.1 % of the exact median (percentile_cont(0.5)) for values below RATIO^(BUCKETS-2)
 * minutes (≈ 64,000 working minutes, about 1,180 working days).
 */
export const HISTOGRAM_RATIO = 1.125;
export const HISTOGRAM_BUCKETS = 96;
export const HISTOGRAM_RELATIVE_ERROR = Math.sqrt(HISTOGRAM_RATIO) - 1;

/** The bucket of a value (the SQL function analytics_hist_bucket computes the same). */
export function histogramBucket(minutes: number): number {
  if (minutes <= 0) return 0;
  return Math.min(HISTOGRAM_BUCKETS - 1, 1 + Math.floor(Math.log(minutes) / Math.log(HISTOGRAM_RATIO)));
}

function representative(bucket: number): number {
  return bucket === 0 ? 0 : HISTOGRAM_RATIO ** (bucket - 0.5);
}

/** The median (as percentile_cont(0.5): the mean of the two middle values when the count is even). */
export function histogramMedian(histogram: readonly number[] | null | undefined): number | null {
  if (!histogram) return null;
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total <= 0) return null;
  const valueAt = (rank: number): number => {
    let seen = 0;
    for (const [bucket, count] of histogram.entries()) {
      seen += count;
      if (seen >= rank) return representative(bucket);
    }
    return representative(histogram.length - 1);
  };
  return total % 2 === 1 ? valueAt((total + 1) / 2) : (valueAt(total / 2) + valueAt(total / 2 + 1)) / 2;
}
