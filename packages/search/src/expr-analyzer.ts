import { compileExpr, features, fingerprint, parse, probePoints } from '@actsearch/expr';
import type { ActivationFeatures } from '@actsearch/expr';
import type { Expr } from '@actsearch/expr';
import type { Analyzer } from './search-domain.ts';
import { NETWORK_FEATURE_COUNT, networkFeatures } from './network-features.ts';

/** How many probe points (evenly spaced quantiles of the sorted probes) describe a function's shape. */
const SHAPE_POINTS = 25;
/** Central-difference step for the slope statistics. */
const H = 1e-3;
/** Every STRIDE-th probe point enters the statistics: 250 points estimate a mean well and cost a quarter. */
const STRIDE = 4;

/** sign(v)·log(1+|v|): keeps exp-like and tiny outputs on one scale; non-finite values become 0. */
function slog(v: number): number {
  return Number.isFinite(v) ? Math.sign(v) * Math.log1p(Math.abs(v)) : 0;
}

const ALL_PROBES = probePoints();
const PROBES = ALL_PROBES.filter((_, i) => i % STRIDE === 0);
const SORTED = ALL_PROBES.slice().sort();
const SHAPE_XS = Float64Array.from(
  { length: SHAPE_POINTS },
  (_, i) => SORTED[Math.round(((i + 0.5) / SHAPE_POINTS) * (SORTED.length - 1))] as number,
);
const PLUS = PROBES.map((x) => x + H);
const MINUS = PROBES.map((x) => x - H);

function moments(values: Float64Array): { mean: number; sd: number; finite: number } {
  let n = 0;
  let s = 0;
  let s2 = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    n++;
    s += v;
    s2 += v * v;
  }
  if (n === 0) return { mean: 0, sd: 0, finite: 0 };
  const mean = s / n;
  return { mean, sd: Math.sqrt(Math.max(s2 / n - mean * mean, 0)), finite: n / values.length };
}

/** expr's descriptors that are numbers or flags, in a fixed order. */
const EXPR_FEATURES: readonly (keyof ActivationFeatures)[] = [
  'min',
  'max',
  'fractionZeroGradient',
  'monotonicity',
  'isMonotonic',
  'valueAt0',
  'slopeAt0',
  'slopeAtMinus5',
  'slopeAtPlus5',
  'isConstant',
  'isLinear',
];

function exprDescriptors(e: Expr): number[] {
  let f: ActivationFeatures;
  try {
    f = features(e);
  } catch {
    return EXPR_FEATURES.map(() => 0); // e.g. an op without a symbolic derivative
  }
  return EXPR_FEATURES.map((k) => {
    const v = f[k];
    return typeof v === 'boolean' ? (v ? 1 : 0) : slog(v);
  });
}

/**
 * The features the surrogate compares functions by, all computed on the fingerprint's probe points
 * (x ~ N(0, 1) clipped to ±5, parameters at their initial values) in float64:
 * - shape: f at 25 quantiles of the probe points (AQuaSurF's "outputs on the probe points", subsampled);
 * - output statistics over 250 of the points: mean and spread of f (the signal a layer passes on at
 *   initialisation), the fraction of finite outputs, the fraction below zero;
 * - gradient statistics at initialisation: mean, spread and mean magnitude of f′ (central differences,
 *   robust where an op has no symbolic derivative) and the fraction of points where f′ ≈ 0 (dead units) —
 *   a cheap stand-in for AQuaSurF's Fisher-information spectrum, which is driven by the same slopes;
 * - expr's `features`: range, monotonicity, value and slope at 0 and at ±5, share of zero gradient,
 *   constant/linear flags.
 * Every value goes through sign·log1p so exploding functions stay comparable.
 */
export function exprFeatures(e: Expr): Float64Array {
  const f = compileExpr(e, 'f64');
  const shape = new Float64Array(SHAPE_POINTS);
  f(SHAPE_XS, shape);
  const ys = new Float64Array(PROBES.length);
  f(PROBES, ys);
  const up = new Float64Array(PROBES.length);
  const down = new Float64Array(PROBES.length);
  f(PLUS, up);
  f(MINUS, down);
  const slope = new Float64Array(PROBES.length);
  let dead = 0;
  let negative = 0;
  let absSlope = 0;
  let finiteSlopes = 0;
  for (let i = 0; i < PROBES.length; i++) {
    const d = ((up[i] as number) - (down[i] as number)) / (2 * H);
    slope[i] = d;
    if (Number.isFinite(d)) {
      finiteSlopes++;
      absSlope += Math.abs(d);
      if (Math.abs(d) < 1e-6) dead++;
    }
    if ((ys[i] as number) < 0) negative++;
  }
  const out = moments(ys);
  const grad = moments(slope);
  return Float64Array.from([
    ...Array.from(shape, slog),
    slog(out.mean),
    slog(out.sd),
    out.finite,
    negative / PROBES.length,
    slog(grad.mean),
    slog(grad.sd),
    slog(finiteSlopes > 0 ? absSlope / finiteSlopes : 0),
    finiteSlopes > 0 ? dead / finiteSlopes : 1,
    ...exprDescriptors(e),
  ]);
}

const PROBE_FEATURE_COUNT = SHAPE_POINTS + 8 + EXPR_FEATURES.length;

/**
 * The default analyzer: identity by expr's fingerprint, baselines parsed as text, and as features the
 * probe-point description above (group `probes`) followed by what the function does to a randomly
 * initialised network (group `network`, network-features.ts).
 */
export const exprAnalyzer: Analyzer = {
  fingerprint,
  featurize(e: Expr): Float64Array {
    const out = new Float64Array(PROBE_FEATURE_COUNT + NETWORK_FEATURE_COUNT);
    out.set(exprFeatures(e), 0);
    out.set(networkFeatures(e), PROBE_FEATURE_COUNT);
    return out;
  },
  featureGroups: [
    { name: 'probes', size: PROBE_FEATURE_COUNT },
    { name: 'network', size: NETWORK_FEATURE_COUNT },
  ],
  fingerprintOfText(text: string): string | undefined {
    try {
      return fingerprint(parse(text));
    } catch {
      return undefined;
    }
  },
};
