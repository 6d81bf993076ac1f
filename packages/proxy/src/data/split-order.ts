/**
 * How a user's file becomes train, validation and test: its rows shuffled with a fixed data seed (like
 * the synthetic sets: the evaluation seed changes initialisation and batch order, never the data),
 * then cut in that order.
 */
import { Rng } from '@actsearch/expr';

export const DATA_SEED = 2024;

export interface RowSplit {
  /** Row indices in shuffled order: train, then validation, then test. */
  readonly order: readonly number[];
  readonly nTrain: number;
  readonly nVal: number;
  readonly nTest: number;
}

/** Null when the rows are too few for a training and a validation split. */
export function splitRows(n: number, validationFraction: number, testFraction: number): RowSplit | null {
  const nVal = Math.round(n * validationFraction);
  const nTest = Math.round(n * testFraction);
  const nTrain = n - nVal - nTest;
  if (nTrain < 1 || nVal < 1) return null;
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(DATA_SEED);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return { order, nTrain, nVal, nTest };
}

/**
 * Each feature's mean and deviation over the training rows, for standardising every split with the
 * training split's statistics (a constant feature gets deviation 1). `value(row, j)` reads one cell.
 */
export function featureStatistics(
  d: number,
  trainRows: readonly number[],
  value: (row: number, j: number) => number,
): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (const i of trainRows) {
    for (let j = 0; j < d; j++) {
      const v = value(i, j);
      mean[j] = (mean[j] as number) + v;
      sq[j] = (sq[j] as number) + v * v;
    }
  }
  const std = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const m = (mean[j] as number) / trainRows.length;
    mean[j] = m;
    std[j] = Math.sqrt(Math.max((sq[j] as number) / trainRows.length - m * m, 0)) || 1;
  }
  return { mean, std };
}
