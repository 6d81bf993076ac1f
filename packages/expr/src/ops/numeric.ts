/**
 * Float64 kernels that JavaScript's Math lacks. Accuracy targets are a few ulps (checked against SciPy
 * in test/unit/expr), because the export conformance test compares exported code with these values.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const SQRT_2PI = 2.5066282746310002;

/** 1 − erf(x) for x ≥ 1.5 by the continued fraction erfc(x) = 2x·e^(−x²)/√π / (2x²+1 − 1·2/(2x²+5 − 3·4/…)). */
function erfcContinuedFraction(x: number): number {
  if (x > 30) return 0; // erfc(30) underflows; avoids ∞·0 at x = ∞
  const z = 2 * x * x;
  let f = z + 161; // 4·40 + 1: forty terms reach full precision for x ≥ 1.5
  for (let k = 40; k >= 1; k--) f = z + 4 * k - 3 - ((2 * k - 1) * 2 * k) / f;
  return (TWO_OVER_SQRT_PI * x * Math.exp(-x * x)) / f;
}

/** erf(x) for |x| < 1.5 by the positive-term series erf(x) = 2/√π·e^(−x²)·Σ (2x²)ⁿ x / (1·3·…·(2n+1)). */
function erfSeries(x: number): number {
  const x2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 60; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 1.5) return erfSeries(x);
  return Math.sign(x) * (1 - erfcContinuedFraction(ax));
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 1.5) return erfcContinuedFraction(x);
  if (x <= -1.5) return 2 - erfcContinuedFraction(-x);
  return 1 - erfSeries(x);
}

/** e^(−|x|)·I_ν(|x|) for ν ∈ {0, 1} and |x| > 20 by the Hankel asymptotic expansion. */
function besselScaledAsymptotic(nu: 0 | 1, ax: number): number {
  const mu = 4 * nu * nu;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 60; k++) {
    const next = (term * -(mu - (2 * k - 1) * (2 * k - 1))) / (8 * k * ax);
    if (Math.abs(next) >= Math.abs(term)) break; // the expansion is asymptotic: stop at its smallest term
    term = next;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum / Math.sqrt(2 * Math.PI * ax);
}

/** Exponentially scaled modified Bessel function of the first kind, order 0: e^(−|x|)·I₀(x). */
export function besselI0e(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax === Infinity) return 0;
  if (ax > 20) return besselScaledAsymptotic(0, ax);
  const q = (ax * ax) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 80; k++) {
    term *= q / (k * k);
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return sum * Math.exp(-ax);
}

/** Exponentially scaled modified Bessel function of the first kind, order 1: e^(−|x|)·I₁(x) (odd). */
export function besselI1e(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax === Infinity) return 0;
  if (ax > 20) return Math.sign(x) * besselScaledAsymptotic(1, ax);
  const q = (ax * ax) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 80; k++) {
    term *= q / (k * (k + 1));
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return (x / 2) * sum * Math.exp(-ax);
}

/** IEEE 754 / C `pow`: like Math.pow except 1^y = 1 and (−1)^±∞ = 1 for every y (NumPy, PyTorch, TF agree). */
export function powC(a: number, b: number): number {
  if (a === 1) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return Math.pow(a, b);
}

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + eˣ) without overflow. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

export function sinc(x: number): number {
  return x === 0 ? 1 : Math.sin(x) / x;
}

/** `a` where c > 0, `b` where c ≤ 0, NaN where c is NaN. */
export function select(c: number, a: number, b: number): number {
  return c > 0 ? a : c <= 0 ? b : NaN;
}

/** Heaviside step: 1 for x > 0, 0 for x ≤ 0, NaN for NaN. */
export function step(x: number): number {
  return x > 0 ? 1 : x <= 0 ? 0 : NaN;
}

export const SQRT_2_OVER_PI = 0.7978845608028654;
export const INV_SQRT_2PI = 1 / SQRT_2PI;
export const TWO_OVER_SQRT_PI_CONST = TWO_OVER_SQRT_PI;
export const SELU_LAMBDA = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;
/** ε of the Swish paper's `x1/(x2+ε)` and `log(|x|+ε)` (Keras' default epsilon). */
export const EPSILON = 1e-7;
