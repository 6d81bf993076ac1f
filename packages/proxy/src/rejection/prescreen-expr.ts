/**
 * The pre-screen applied to an expression: expr's `features` on the probe points plus the largest
 * |f(x)| on a fine grid over [−5, 5] (the probe points are N(0, 1) draws and rarely reach ±5, where
 * exp(exp(x)) and friends explode). TF-free and cheap (~1,000 float64 evaluations), so the engine can
 * run it while it proposes candidates.
 */
import { evaluateArray, features, type Expr } from '@actsearch/expr';
import { prescreen, type PrescreenFeatures, type PrescreenOptions, type PrescreenRejection } from './prescreen.ts';

const GRID = (() => {
  const n = 1001;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = -5 + (10 * i) / (n - 1);
  return xs;
})();

/** max |f(x)| over a 1,001-point grid on [−5, 5] (∞ when a value is infinite; NaN values are skipped). */
export function maxAbsOnGrid(e: Expr): number {
  const ys = evaluateArray(e, GRID);
  let m = 0;
  for (const y of ys) {
    const a = Math.abs(y);
    if (a > m) m = a;
  }
  return m;
}

export function prescreenFeatures(e: Expr): PrescreenFeatures {
  const f = features(e);
  return {
    fractionNonFinite: f.fractionNonFinite,
    isConstant: f.isConstant,
    isLinear: f.isLinear,
    maxAbs: Math.max(maxAbsOnGrid(e), Math.abs(f.min), Math.abs(f.max)),
    fractionZeroGradient: f.fractionZeroGradient,
  };
}

export function prescreenExpr(e: Expr, options: PrescreenOptions = {}): PrescreenRejection | null {
  return prescreen(prescreenFeatures(e), options);
}
