import { compileExpr, Rng } from '@actsearch/expr';
import type { Expr } from '@actsearch/expr';

/**
 * AQuaSurF-style features (Bingham & Miikkulainen, 2023): what an activation does to a randomly
 * initialised network, rather than what it looks like on probe points. A fixed small MLP (the same
 * weights for every function: a seed fixes them) is run forwards on a fixed batch of Gaussian inputs
 * and a random output direction is back-propagated through it; the statistics below summarise
 *
 * - the signal it passes on (forward): per layer, the log mean square of the activations, their mean
 *   relative to their spread (a shift every following layer inherits), the share of finite values,
 *   and how similar different inputs become (mean cosine similarity between samples: near 1 means the
 *   network maps every input to the same point and cannot learn at first);
 * - how trainable it is (backward): the log of the gradient's gain from the output back to the input
 *   per sample — the squared singular values of the input–output Jacobian along random directions,
 *   a cheap proxy for the spectrum of the Fisher information at initialisation that AQuaSurF uses —
 *   as their mean, spread and the share of samples whose gradient vanished.
 *
 * Weights are He-normal truncated at 2σ (the engine's initialisation, packages/proxy/src/model/init.ts)
 * and biases zero, as in the tasks' MLPs. Everything is float64 and pure: no I/O, no global state.
 */

const BATCH = 32;
const WIDTH = 32;
const LAYERS = 3;
/** Central-difference step for f′ (robust where an op has no symbolic derivative). */
const H = 1e-3;
/** Layers whose forward statistics enter the features: the first (what one layer does) and the last (what depth compounds). */
const REPORTED = [0, LAYERS - 1] as const;
export const NETWORK_FEATURE_COUNT = REPORTED.length * 4 + 3;
const NETWORK_SEED = 0xac7f;
/** Activations and slopes are capped at this size so that sums over a layer stay finite. */
const CAP = 1e6;

function heNormal(rng: Rng, size: number, fanIn: number): Float64Array {
  const std = Math.sqrt(2 / fanIn);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let v = rng.normal();
    while (v > 2 || v < -2) v = rng.normal();
    out[i] = v * std;
  }
  return out;
}

/** The fixed network: inputs (BATCH × WIDTH), LAYERS square weight matrices (row-major, out × in) and an output direction per sample. */
const NET = (() => {
  const rng = new Rng(NETWORK_SEED);
  const inputs = Float64Array.from({ length: BATCH * WIDTH }, () => rng.normal());
  const weights = Array.from({ length: LAYERS }, () => heNormal(rng, WIDTH * WIDTH, WIDTH));
  const directions = Float64Array.from({ length: BATCH * WIDTH }, () => rng.normal());
  return { inputs, weights, directions };
})();

/** sign(v)·log1p(|v|), 0 for non-finite values: keeps exploding signals comparable. */
function slog(v: number): number {
  return Number.isFinite(v) ? Math.sign(v) * Math.log1p(Math.abs(v)) : 0;
}

/** out[b, o] = Σ_i w[o, i] · a[b, i] for a batch of row vectors. */
function forwardLayer(w: Float64Array, a: Float64Array, out: Float64Array): void {
  for (let b = 0; b < BATCH; b++) {
    for (let o = 0; o < WIDTH; o++) {
      let s = 0;
      for (let i = 0; i < WIDTH; i++) s += (w[o * WIDTH + i] as number) * (a[b * WIDTH + i] as number);
      out[b * WIDTH + o] = s;
    }
  }
}

/** out[b, i] = Σ_o w[o, i] · g[b, o]: the transpose, for back-propagation. */
function backwardLayer(w: Float64Array, g: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let b = 0; b < BATCH; b++) {
    for (let o = 0; o < WIDTH; o++) {
      const go = g[b * WIDTH + o] as number;
      if (go === 0) continue;
      for (let i = 0; i < WIDTH; i++) out[b * WIDTH + i] = (out[b * WIDTH + i] as number) + (w[o * WIDTH + i] as number) * go;
    }
  }
}

/** Mean cosine similarity between the batch's rows (over pairs of distinct samples). */
function meanCosine(a: Float64Array): number {
  const norms = new Float64Array(BATCH);
  for (let b = 0; b < BATCH; b++) {
    let s = 0;
    for (let i = 0; i < WIDTH; i++) s += (a[b * WIDTH + i] as number) ** 2;
    norms[b] = Math.sqrt(s);
  }
  let total = 0;
  let pairs = 0;
  for (let b = 0; b < BATCH; b++) {
    for (let c = b + 1; c < BATCH; c++) {
      const nb = norms[b] as number;
      const nc = norms[c] as number;
      if (nb === 0 || nc === 0) continue;
      let s = 0;
      for (let i = 0; i < WIDTH; i++) s += (a[b * WIDTH + i] as number) * (a[c * WIDTH + i] as number);
      total += s / (nb * nc);
      pairs++;
    }
  }
  return pairs === 0 ? 1 : total / pairs;
}

/** The NETWORK_FEATURE_COUNT features described above, for one function. */
export function networkFeatures(e: Expr): Float64Array {
  const f = compileExpr(e, 'f64');
  const n = BATCH * WIDTH;
  const slopes: Float64Array[] = [];
  const out: number[] = [];
  let a = NET.inputs;
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  for (let l = 0; l < LAYERS; l++) {
    const h = new Float64Array(n);
    forwardLayer(NET.weights[l] as Float64Array, a, h);
    const next = new Float64Array(n);
    f(h, next);
    for (let i = 0; i < n; i++) {
      plus[i] = (h[i] as number) + H;
      minus[i] = (h[i] as number) - H;
    }
    f(plus, up);
    f(minus, down);
    const slope = new Float64Array(n);
    let finite = 0;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const d = ((up[i] as number) - (down[i] as number)) / (2 * H);
      slope[i] = Number.isFinite(d) ? d : 0;
      // A non-finite unit passes nothing on (the share of finite ones records it); an exploding one is
      // capped so that later layers' sums stay finite (its size is recorded in the mean square).
      const v = next[i] as number;
      if (Number.isFinite(v)) {
        finite++;
        s += v;
        s2 += v * v;
        next[i] = Math.max(-CAP, Math.min(CAP, v));
      } else next[i] = 0;
      if (!Number.isFinite(slope[i] as number) || Math.abs(slope[i] as number) > CAP) slope[i] = Math.sign(slope[i] as number) * CAP;
    }
    slopes.push(slope);
    if ((REPORTED as readonly number[]).includes(l)) {
      const mean = finite > 0 ? s / finite : 0;
      const ms = finite > 0 ? s2 / finite : 0;
      const sd = Math.sqrt(Math.max(ms - mean * mean, 0));
      out.push(slog(ms), sd > 1e-12 ? Math.tanh(mean / sd) : Math.sign(mean), finite / n, meanCosine(next));
    }
    a = next;
  }
  // Back-propagate each sample's random output direction; the gain is |g_input|² / |g_output|².
  let g = NET.directions.slice();
  for (let l = LAYERS - 1; l >= 0; l--) {
    const slope = slopes[l] as Float64Array;
    for (let i = 0; i < n; i++) g[i] = (g[i] as number) * (slope[i] as number);
    const back = new Float64Array(n);
    backwardLayer(NET.weights[l] as Float64Array, g, back);
    g = back;
  }
  const gains: number[] = [];
  let vanished = 0;
  for (let b = 0; b < BATCH; b++) {
    let gi = 0;
    let go = 0;
    for (let i = 0; i < WIDTH; i++) {
      gi += (g[b * WIDTH + i] as number) ** 2;
      go += (NET.directions[b * WIDTH + i] as number) ** 2;
    }
    const gain = gi / go;
    if (!Number.isFinite(gain) || gain < 1e-12) vanished++;
    else gains.push(Math.log(gain));
  }
  const meanGain = gains.length === 0 ? 0 : gains.reduce((x, y) => x + y, 0) / gains.length;
  const sdGain = gains.length === 0 ? 0 : Math.sqrt(gains.reduce((x, y) => x + (y - meanGain) ** 2, 0) / gains.length);
  out.push(slog(meanGain), slog(sdGain), vanished / BATCH);
  return Float64Array.from(out, (v) => (Number.isFinite(v) ? v : 0));
}
