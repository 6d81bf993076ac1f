import { distance, insertNeighbour } from './knn-model.ts';
import type { Neighbour } from './knn-model.ts';

/**
 * The leave-one-out error of the inverse-distance-weighted k-NN mean: each row predicted from its k
 * nearest other rows, the mean squared error over rows. Comparing it across feature weightings of the
 * same observations says which weighting's neighbours agree best with the scores this run has seen —
 * a per-landscape choice instead of one fixed on the tuning table.
 */
export function leaveOneOutError(rows: readonly Float64Array[], values: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < rows.length; i++) {
    const nb: Neighbour[] = [];
    for (let j = 0; j < rows.length; j++)
      if (j !== i) insertNeighbour(nb, { distance: distance(rows[i] as Float64Array, rows[j] as Float64Array), observation: j }, k);
    let sw = 0;
    let sy = 0;
    for (const n of nb) {
      const w = 1 / (n.distance + 1e-12);
      sw += w;
      sy += w * (values[n.observation] as number);
    }
    sum += ((values[i] as number) - (sw > 0 ? sy / sw : 0)) ** 2;
  }
  return rows.length === 0 ? 0 : sum / rows.length;
}

/** The index of the row set (one per weighting) with the lowest leave-one-out error; the first of equals. */
export function bestWeighting(rowsPerWeighting: readonly (readonly Float64Array[])[], values: readonly number[], k: number): number {
  let best = 0;
  let bestError = Infinity;
  rowsPerWeighting.forEach((rows, w) => {
    const e = leaveOneOutError(rows, values, k);
    if (e < bestError) {
      bestError = e;
      best = w;
    }
  });
  return best;
}
