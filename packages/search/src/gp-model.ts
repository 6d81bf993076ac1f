import type { Prediction } from './knn-model.ts';

/**
 * A Gaussian-process regressor over fixed candidate feature rows, updated incrementally like
 * KnnIndex: the surrogate's `model: 'gp'`. Kernel: squared exponential with one length scale,
 * unit signal variance and a noise variance `noise` (targets are standardized by the caller).
 *
 * With L the Cholesky factor of K(obs, obs) + noise·I, each candidate c keeps v_c = L⁻¹ k(obs, c) and
 * |v_c|²; adding an observation appends one entry to L's new row (a forward substitution, O(n²)) and one
 * to every v_c (O(n) each). A prediction is then mean = v_c · L⁻¹y and variance = 1 − |v_c|², so scoring
 * all ~2,900 PANGAEA functions after every result costs N·n, not a refit.
 */
export class GpIndex {
  /** Rows of L, row i holding i + 1 entries. */
  private readonly rows: Float64Array[] = [];
  private readonly observations: Float64Array[] = [];
  private readonly v: number[][];
  private readonly vsq: Float64Array;

  constructor(
    readonly candidates: readonly Float64Array[],
    readonly lengthScale: number,
    readonly noise: number,
  ) {
    this.v = candidates.map(() => []);
    this.vsq = new Float64Array(candidates.length);
  }

  get observationCount(): number {
    return this.observations.length;
  }

  kernel(a: Float64Array, b: Float64Array): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) {
      const d = (a[i] as number) - (b[i] as number);
      s += d * d;
    }
    return Math.exp(-s / (2 * this.lengthScale * this.lengthScale));
  }

  /** Solve L z = b (forward substitution) for the current factor. */
  private solve(b: ArrayLike<number>): Float64Array {
    const n = this.rows.length;
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const row = this.rows[i] as Float64Array;
      let s = b[i] as number;
      for (let j = 0; j < i; j++) s -= (row[j] as number) * (z[j] as number);
      z[i] = s / (row[i] as number);
    }
    return z;
  }

  add(features: Float64Array): void {
    const n = this.observations.length;
    const k = new Float64Array(n);
    for (let i = 0; i < n; i++) k[i] = this.kernel(this.observations[i] as Float64Array, features);
    const l = this.solve(k);
    let ll = 0;
    for (let i = 0; i < n; i++) ll += (l[i] as number) ** 2;
    // A duplicate (or near-duplicate) observation leaves only the noise: the pivot stays positive.
    const d = Math.sqrt(Math.max(1 + this.noise - ll, this.noise * 1e-3));
    const row = new Float64Array(n + 1);
    row.set(l);
    row[n] = d;
    this.rows.push(row);
    this.observations.push(features);
    for (let c = 0; c < this.candidates.length; c++) {
      const vc = this.v[c] as number[];
      let s = this.kernel(this.candidates[c] as Float64Array, features);
      for (let j = 0; j < n; j++) s -= (l[j] as number) * (vc[j] as number);
      const e = s / d;
      vc.push(e);
      this.vsq[c] = (this.vsq[c] as number) + e * e;
    }
  }

  /** L⁻¹y for standardized targets y (one per observation, in the order added): pass to `predict`. */
  weights(y: ArrayLike<number>): Float64Array {
    return this.solve(y);
  }

  /** Posterior mean and standard deviation (in standardized units) of candidate c. */
  predict(c: number, weights: Float64Array): Prediction {
    const vc = this.v[c] as number[];
    let m = 0;
    for (let j = 0; j < vc.length; j++) m += (vc[j] as number) * (weights[j] as number);
    return { mean: m, sd: Math.sqrt(Math.max(1 - (this.vsq[c] as number), 0)) };
  }
}
