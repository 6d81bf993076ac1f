import type { Rng } from '@actsearch/expr';

/**
 * A k-nearest-neighbour regressor over fixed candidate feature rows whose neighbour lists are updated
 * incrementally: adding an observation costs one distance per candidate, so a surrogate over a few
 * thousand candidates can refit after every result for free.
 */

export interface Neighbour {
  readonly distance: number;
  readonly observation: number;
}

export function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    s += d * d;
  }
  return Math.sqrt(s);
}

/** Insert into a list sorted by distance, keeping at most k entries (ties: the earlier observation first). */
export function insertNeighbour(list: Neighbour[], n: Neighbour, k: number): void {
  if (list.length === k && n.distance >= (list[k - 1] as Neighbour).distance) return;
  let i = list.length;
  while (i > 0 && (list[i - 1] as Neighbour).distance > n.distance) i--;
  list.splice(i, 0, n);
  if (list.length > k) list.pop();
}

export class KnnIndex {
  private readonly observations: Float64Array[] = [];
  private readonly lists: Neighbour[][];

  constructor(
    readonly candidates: readonly Float64Array[],
    readonly k: number,
  ) {
    this.lists = candidates.map(() => []);
  }

  get observationCount(): number {
    return this.observations.length;
  }

  /** Add an observation's features; returns its index (the id `Neighbour.observation` refers to). */
  add(features: Float64Array): number {
    const id = this.observations.length;
    this.observations.push(features);
    // A plain loop that rejects a distance before allocating a neighbour for it: the same lists as
    // insertNeighbour over every candidate, several times faster (this runs once per result per candidate).
    const k = this.k;
    for (let i = 0; i < this.candidates.length; i++) {
      const list = this.lists[i] as Neighbour[];
      const d = distance(this.candidates[i] as Float64Array, features);
      if (list.length === k && d >= (list[k - 1] as Neighbour).distance) continue;
      insertNeighbour(list, { distance: d, observation: id }, k);
    }
    return id;
  }

  neighbours(candidate: number): readonly Neighbour[] {
    return this.lists[candidate] ?? [];
  }
}

export interface Prediction {
  readonly mean: number;
  readonly sd: number;
}

/**
 * Inverse-distance-weighted k-NN mean, and an uncertainty that adds the neighbours' disagreement to a
 * distance term: a candidate far (relative to `lengthScale`, the typical nearest-neighbour spacing of
 * the candidates) from everything observed is as uncertain as the spread of all scores (`priorSd`).
 */
export function predict(
  neighbours: readonly Neighbour[],
  valueOf: (observation: number) => number,
  prior: Prediction,
  lengthScale: number,
): Prediction {
  if (neighbours.length === 0) return prior;
  const eps = 1e-9 * (lengthScale || 1);
  let sw = 0;
  let sy = 0;
  for (const n of neighbours) {
    const w = 1 / (n.distance + eps);
    sw += w;
    sy += w * valueOf(n.observation);
  }
  const mean = sy / sw;
  let sv = 0;
  for (const n of neighbours) sv += (1 / (n.distance + eps)) * (valueOf(n.observation) - mean) ** 2;
  const nearest = (neighbours[0] as Neighbour).distance;
  const far = lengthScale > 0 ? Math.min(1, nearest / lengthScale) : 1;
  return { mean, sd: Math.sqrt(sv / sw) + prior.sd * far };
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 through erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Expected improvement over `best` of a normal prediction (higher is better). */
export function expectedImprovement(p: Prediction, best: number): number {
  if (p.sd <= 0) return Math.max(p.mean - best, 0);
  const z = (p.mean - best) / p.sd;
  return (p.mean - best) * normalCdf(z) + p.sd * normalPdf(z);
}

/**
 * A Gamma(shape, scale) draw (mean shape·scale), by Marsaglia & Tsang's squeeze method; a shape below 1
 * is boosted from shape + 1 by U^(1/shape).
 */
export function gammaDraw(rng: Rng, shape: number, scale: number): number {
  if (shape < 1) return gammaDraw(rng, shape + 1, scale) * rng.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/** Per-column standardization fitted on reference rows; constant columns map to 0. */
export class FeatureScaler {
  private readonly mean: Float64Array;
  private readonly inv: Float64Array;

  constructor(rows: readonly Float64Array[]) {
    const d = rows[0]?.length ?? 0;
    this.mean = new Float64Array(d);
    this.inv = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (const r of rows) s += r[j] as number;
      const m = s / rows.length;
      let v = 0;
      for (const r of rows) v += ((r[j] as number) - m) ** 2;
      const sd = Math.sqrt(v / rows.length);
      this.mean[j] = m;
      this.inv[j] = sd > 1e-12 ? 1 / sd : 0;
    }
  }

  transform(row: Float64Array): Float64Array {
    const out = new Float64Array(this.mean.length);
    for (let j = 0; j < out.length; j++) out[j] = ((row[j] as number) - (this.mean[j] as number)) * (this.inv[j] as number);
    return out;
  }
}

/**
 * predict() over the scored neighbours only (`scoredAt[i] === 1`): the 'feasibility' model's score
 * prediction, whose feasible share is weighed separately; `prior` when no neighbour was scored.
 */
export function scoredPrediction(
  nb: readonly Neighbour[],
  valueAt: Float64Array,
  scoredAt: Uint8Array,
  lengthScale: number,
  prior: Prediction,
): Prediction {
  const eps = 1e-9 * (lengthScale || 1);
  let sw = 0;
  let sy = 0;
  let nearest = -1;
  for (const n of nb) {
    if (scoredAt[n.observation] !== 1) continue;
    const w = 1 / (n.distance + eps);
    sw += w;
    sy += w * (valueAt[n.observation] as number);
    if (nearest < 0) nearest = n.distance;
  }
  if (nearest < 0) return prior;
  const m = sy / sw;
  let sv = 0;
  for (const n of nb) if (scoredAt[n.observation] === 1) sv += (1 / (n.distance + eps)) * ((valueAt[n.observation] as number) - m) ** 2;
  const far = lengthScale > 0 ? Math.min(1, nearest / lengthScale) : 1;
  return { mean: m, sd: Math.sqrt(sv / sw) + prior.sd * far };
}
