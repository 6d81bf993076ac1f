import { differenceRangeOf, seedStatistics, studentTCdf, type IntervalClipping, type MetricRange } from '@actsearch/store';

/** One training seed's metric; null when that seed has none (rejected, failed, not trained yet). */
export interface SeedMetric {
  readonly seed: number;
  readonly metric: number | null;
}

/**
 * The comparison of an activation with the reference over the seeds both have a metric for (same
 * seed: same initialization and batches, so the per-seed difference cancels most seed noise).
 */
export interface PairedComparison {
  /** Seeds both have a metric for. */
  readonly n: number;
  /**
   * Δ reference: the mean over common seeds of (activation − reference). The one definition of Δ
   * wherever actsearch shows it (finale, report, answer, campaign views).
   */
  readonly meanDiff: number;
  /** 95 % t-interval of the mean difference, cut at the range a difference can take; null below two pairs. */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly clipped: IntervalClipping;
  readonly t: number | null;
  /**
   * One-sided p of the paired t-test for "better than the reference" (H1: mean difference > 0); null
   * below two pairs. One-sided because the only claim ever made from it is that direction.
   */
  readonly p: number | null;
}

/** Paired comparison of `mine` with `reference` by seed (SciPy: `ttest_rel(mine, ref, alternative='greater')`). */
export function paired(mine: readonly SeedMetric[], reference: readonly SeedMetric[], range?: MetricRange): PairedComparison | null {
  const diffs: number[] = [];
  for (const own of mine) {
    const other = reference.find((r) => r.seed === own.seed);
    if (own.metric !== null && other !== undefined && other.metric !== null) diffs.push(own.metric - other.metric);
  }
  if (diffs.length === 0) return null;
  const n = diffs.length;
  const meanDiff = diffs.reduce((s, v) => s + v, 0) / n;
  const sd = n < 2 ? null : Math.sqrt(diffs.reduce((s, v) => s + (v - meanDiff) ** 2, 0) / (n - 1));
  const interval = seedStatistics(n, meanDiff, sd, differenceRangeOf(range));
  const base = { n, meanDiff, ciLow: interval.ciLow, ciHigh: interval.ciHigh, clipped: interval.clipped };
  if (sd === null) return { ...base, t: null, p: null };
  // Every seed moved by the same amount: the test's limit (SciPy gives t = ±inf, p = 0 or 1; 0/0 is
  // taken as no evidence).
  if (sd === 0) return { ...base, t: null, p: meanDiff > 0 ? 0 : 1 };
  const t = meanDiff / (sd / Math.sqrt(n));
  // P(T > t) read from the lower tail at −t: 1 − cdf(t) would round small p-values to 0.
  return { ...base, t, p: studentTCdf(-t, n - 1) };
}
