import type { MetricRange } from './leaderboard.ts';

/**
 * The values a task's metric can take, by its name: accuracy in [0, 1], a negative mean squared
 * error in (−∞, 0]. Unknown metrics have no range (their intervals are not cut).
 */
export function metricRangeOf(metric: string | undefined): MetricRange | undefined {
  if (metric === 'accuracy') return { min: 0, max: 1 };
  if (metric === 'neg_mse') return { min: -Infinity, max: 0 };
  return undefined;
}

/** The range of a difference of two such metrics (accuracy − accuracy in [−1, 1]). */
export function differenceRangeOf(range: MetricRange | undefined): MetricRange | undefined {
  return range === undefined ? undefined : { min: range.min - range.max, max: range.max - range.min };
}
