import type { Expr } from './ast.ts';
import { derivative } from './derivative.ts';
import { evaluate, evaluateArray } from './evaluate.ts';
import { probePointsShared } from './probe.ts';

/** Cheap, float64 descriptors of an activation on the probe points (parameters at their initial values). */
export interface ActivationFeatures {
  /** Smallest, largest, max − min, mean and standard deviation of the finite outputs (NaN if none). */
  readonly min: number;
  readonly max: number;
  readonly range: number;
  readonly mean: number;
  readonly std: number;
  /** Fraction of probe points whose output is NaN or ±∞. */
  readonly fractionNonFinite: number;
  /** Fraction of probe points where the derivative is 0 (|f'| < 1e−10), e.g. ≈ ½ for relu. */
  readonly fractionZeroGradient: number;
  /** Over consecutive sorted probe points: (#increasing − #decreasing)/#pairs, in [−1, 1]. */
  readonly monotonicity: number;
  /** Never decreasing, or never increasing, on the probe points. */
  readonly isMonotonic: boolean;
  readonly valueAt0: number;
  readonly slopeAt0: number;
  /** Slopes at the ends of the probe range, x = −5 and x = 5. */
  readonly slopeAtMinus5: number;
  readonly slopeAtPlus5: number;
  /** Every output finite and all equal (to 1e−12 relative). */
  readonly isConstant: boolean;
  /** Every output finite and on one straight line (to 1e−9 relative). */
  readonly isLinear: boolean;
}

/** Slope from the symbolic derivative, or a central difference where that is not finite (0/0 at 0). */
function slopeAt(e: Expr, d: Expr, x: number): number {
  const s = evaluate(d, x);
  if (Number.isFinite(s)) return s;
  const h = 1e-6;
  return (evaluate(e, x + h) - evaluate(e, x - h)) / (2 * h);
}

/** Features of `e` on `probePoints()`, computed in float64. */
export function features(e: Expr): ActivationFeatures {
  const xs = probePointsShared() as Float64Array;
  const ys = evaluateArray(e, xs);
  const d = derivative(e, 'x');
  const gs = evaluateArray(d, xs);
  const n = xs.length;

  let finite = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let zeroGrad = 0;
  for (let i = 0; i < n; i++) {
    const y = ys[i] as number;
    if (Math.abs(gs[i] as number) < 1e-10) zeroGrad++;
    if (!Number.isFinite(y)) continue;
    finite++;
    sum += y;
    if (y < min) min = y;
    if (y > max) max = y;
  }
  const mean = finite > 0 ? sum / finite : NaN;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const y = ys[i] as number;
    if (Number.isFinite(y)) sq += (y - mean) ** 2;
  }
  const std = finite > 0 ? Math.sqrt(sq / finite) : NaN;
  if (finite === 0) {
    min = NaN;
    max = NaN;
  }

  // Monotonicity over the points in increasing x.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (xs[a] as number) - (xs[b] as number));
  const scale = Math.max(Math.abs(min), Math.abs(max), 1e-300);
  let inc = 0;
  let dec = 0;
  let pairs = 0;
  for (let k = 1; k < n; k++) {
    const i = order[k - 1] as number;
    const j = order[k] as number;
    if (xs[i] === xs[j]) continue;
    const a = ys[i] as number;
    const b = ys[j] as number;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    pairs++;
    if (b - a > 1e-12 * scale) inc++;
    else if (a - b > 1e-12 * scale) dec++;
  }

  const allFinite = finite === n;
  const isConstant = allFinite && max - min <= 1e-12 * Math.max(1, Math.abs(mean));
  return {
    min,
    max,
    range: max - min,
    mean,
    std,
    fractionNonFinite: (n - finite) / n,
    fractionZeroGradient: zeroGrad / n,
    monotonicity: pairs > 0 ? (inc - dec) / pairs : 0,
    isMonotonic: pairs > 0 && (inc === 0 || dec === 0),
    valueAt0: evaluate(e, 0),
    slopeAt0: slopeAt(e, d, 0),
    slopeAtMinus5: slopeAt(e, d, -5),
    slopeAtPlus5: slopeAt(e, d, 5),
    isConstant,
    isLinear: allFinite && (isConstant || fitsLine(xs, ys)),
  };
}

/** Least-squares line through (xs, ys) with every residual below 1e−9 of the output scale. */
function fitsLine(xs: Float64Array, ys: Float64Array): boolean {
  const n = xs.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i] as number;
    sy += ys[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let ymax = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    sxy += dx * ((ys[i] as number) - my);
    sxx += dx * dx;
    ymax = Math.max(ymax, Math.abs(ys[i] as number));
  }
  const slope = sxy / sxx;
  const tol = 1e-9 * Math.max(1, ymax);
  for (let i = 0; i < n; i++) {
    const fit = my + slope * ((xs[i] as number) - mx);
    if (!(Math.abs((ys[i] as number) - fit) <= tol)) return false;
  }
  return true;
}
