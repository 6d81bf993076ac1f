/**
 * Pre-screen: rejects a candidate from cheap features of the function alone, before any training.
 * Pure and TF-free, so the engine can run it while proposing candidates.
 */

/** What the pre-screen reads (a subset of @actsearch/expr's `features`). */
export interface PrescreenFeatures {
  /** Fraction of the probe points where f is NaN or ±∞. */
  readonly fractionNonFinite: number;
  readonly isConstant: boolean;
  readonly isLinear: boolean;
  /** Largest |f(x)| seen for |x| ≤ 5 (∞ if any value there is infinite). */
  readonly maxAbs: number;
  /** Fraction of the probe points where f′(x) is zero (or not finite). */
  readonly fractionZeroGradient: number;
}

/**
 * Each check can be switched off. Defaults: reject on any non-finite probe value, on a constant or
 * linear function, on |f| > 1e6 within |x| ≤ 5, and when the gradient vanishes on every probe point.
 */
export interface PrescreenOptions {
  readonly nonFinite?: boolean;
  readonly constant?: boolean;
  readonly linear?: boolean;
  readonly exploding?: boolean;
  readonly explodingThreshold?: number;
  readonly vanishingGradient?: boolean;
  /** Reject when at least this fraction of probe points has a zero gradient (default 1: everywhere). */
  readonly vanishingFraction?: number;
}

export interface PrescreenRejection {
  readonly check: 'non_finite' | 'constant' | 'linear' | 'exploding' | 'vanishing_gradient';
  readonly reason: string;
  readonly value: number | null;
  readonly threshold: number | null;
}

export const DEFAULT_EXPLODING_THRESHOLD = 1e6;

/** The first failed check, or null when the candidate may be trained. */
export function prescreen(f: PrescreenFeatures, options: PrescreenOptions = {}): PrescreenRejection | null {
  if (options.nonFinite !== false && f.fractionNonFinite > 0) {
    return {
      check: 'non_finite',
      reason: `non-finite on ${(f.fractionNonFinite * 100).toFixed(1)} % of the probe points`,
      value: f.fractionNonFinite,
      threshold: 0,
    };
  }
  if (options.constant !== false && f.isConstant) {
    return { check: 'constant', reason: 'constant on the probe points: no signal passes', value: null, threshold: null };
  }
  if (options.linear !== false && f.isLinear) {
    return { check: 'linear', reason: 'linear on the probe points: the network collapses to a linear model', value: null, threshold: null };
  }
  const limit = options.explodingThreshold ?? DEFAULT_EXPLODING_THRESHOLD;
  if (options.exploding !== false && !(f.maxAbs <= limit)) {
    return {
      check: 'exploding',
      reason: `|f(x)| reaches ${f.maxAbs.toPrecision(3)} for |x| ≤ 5 (limit ${limit.toPrecision(2)})`,
      value: Number.isFinite(f.maxAbs) ? f.maxAbs : null,
      threshold: limit,
    };
  }
  const vanishing = options.vanishingFraction ?? 1;
  if (options.vanishingGradient !== false && f.fractionZeroGradient >= vanishing) {
    return {
      check: 'vanishing_gradient',
      reason: `zero gradient on ${(f.fractionZeroGradient * 100).toFixed(1)} % of the probe points: nothing can be learned through it`,
      value: f.fractionZeroGradient,
      threshold: vanishing,
    };
  }
  return null;
}
