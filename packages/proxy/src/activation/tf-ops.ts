/**
 * One TF.js implementation per operator of @actsearch/expr (`listOps()`; a test checks the coverage
 * and each op's values against expr's float32 evaluation). Arguments are tensors (constants arrive as
 * scalars). Piecewise functions are built from relu/step/min/max and masks from sign/step, never from
 * tf.where(tf.greater(…)), which has no gradient: the compiled activation's own gradient comes from the
 * symbolic derivative, but a user's tape-based model may differentiate these directly.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EPSILON, SELU_ALPHA, SELU_LAMBDA } from '@actsearch/expr';

export type TfOp = (...args: tf.Tensor[]) => tf.Tensor;

const SQRT1_2 = Math.SQRT1_2;
const SQRT_2_OVER_PI = 0.7978845608028654;

function a1(args: tf.Tensor[]): tf.Tensor {
  return args[0] as tf.Tensor;
}

/** Horner's rule with scalar coefficients, highest degree last: c0 + y(c1 + y(c2 + …)). */
function horner(y: tf.Tensor, coeffs: readonly number[]): tf.Tensor {
  let acc: tf.Tensor = tf.scalar(coeffs[coeffs.length - 1] as number);
  for (let i = coeffs.length - 2; i >= 0; i--) acc = tf.add(tf.mul(acc, y), coeffs[i] as number);
  return acc;
}

// Abramowitz & Stegun 9.8.1–9.8.4 (Numerical Recipes bessi0/bessi1): relative error below 2e-7.
const I0_SMALL = [1, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.0360768, 0.0045813];
const I1_SMALL = [0.5, 0.87890594, 0.51498869, 0.15084934, 0.02658733, 0.00301532, 0.00032411];
const I0_LARGE = [0.39894228, 0.01328592, 0.00225319, -0.00157565, 0.00916281, -0.02057706, 0.02635537, -0.01647633, 0.00392377];
const I1_LARGE = [0.39894228, -0.03988024, -0.00362018, 0.00163801, -0.01031555, 0.02282967, -0.02895312, 0.01787654, -0.00420059];
const BESSEL_SPLIT = 3.75;

/**
 * e^(−|x|)·I_ν(x) from the two A&S branches. Each branch is evaluated on |x| clamped into its own range
 * (so neither overflows or divides by zero) and the branches are blended with a step mask.
 */
function besselScaled(x: tf.Tensor, order: 0 | 1): tf.Tensor {
  const ax = tf.abs(x);
  const small = tf.minimum(ax, BESSEL_SPLIT);
  const large = tf.maximum(ax, BESSEL_SPLIT);
  const ys = tf.square(tf.div(small, BESSEL_SPLIT));
  const polySmall = horner(ys, order === 0 ? I0_SMALL : I1_SMALL);
  const valueSmall = tf.mul(order === 0 ? polySmall : tf.mul(polySmall, small), tf.exp(tf.neg(small)));
  const valueLarge = tf.div(horner(tf.div(BESSEL_SPLIT, large), order === 0 ? I0_LARGE : I1_LARGE), tf.sqrt(large));
  const isSmall = tf.step(tf.sub(BESSEL_SPLIT, ax));
  const blended = tf.add(tf.mul(isSmall, valueSmall), tf.mul(tf.sub(1, isSmall), valueLarge));
  return order === 0 ? blended : tf.mul(tf.sign(x), blended);
}

function sigmoid(x: tf.Tensor): tf.Tensor {
  return tf.sigmoid(x);
}

function apa(x: tf.Tensor, lambda: tf.Tensor, kappa: tf.Tensor): tf.Tensor {
  return tf.pow(tf.add(tf.mul(lambda, tf.exp(tf.neg(tf.mul(kappa, x)))), 1), tf.div(-1, lambda));
}

/**
 * expr's `where`: a where c > 0, b where c ≤ 0, NaN where c is NaN. A selection (tf.where), never a
 * blend with a 0/1 mask, so the branch not taken cannot leak its ∞ or NaN: this is the op the
 * symbolic derivatives of min, max, relu, abs, … are written with. It is meant for the compiled
 * derivative (which nothing differentiates again); a tape through it gets no gradient for c.
 */
function select(c: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  // tf.where wants equal shapes: broadcast all three (parameters and constants are scalars).
  const same = (t: tf.Tensor, u: tf.Tensor) => t.shape.length === u.shape.length && t.shape.every((n, i) => n === u.shape[i]);
  const z = same(c, a) && same(a, b) ? null : tf.add(tf.add(tf.zerosLike(c), tf.zerosLike(a)), tf.zerosLike(b));
  const [cz, az, bz] = z === null ? [c, a, b] : [tf.add(c, z), tf.add(a, z), tf.add(b, z)];
  // Where c is NaN neither comparison holds and the result is c itself: NaN.
  return tf.where(tf.greater(cz, 0), az, tf.where(tf.lessEqual(cz, 0), bz, cz));
}

export const TF_OPS: Readonly<Record<string, TfOp>> = {
  // arithmetic
  add: (a, b) => tf.add(a as tf.Tensor, b as tf.Tensor),
  sub: (a, b) => tf.sub(a as tf.Tensor, b as tf.Tensor),
  mul: (a, b) => tf.mul(a as tf.Tensor, b as tf.Tensor),
  div: (a, b) => tf.div(a as tf.Tensor, b as tf.Tensor),
  pow: (a, b) => tf.pow(a as tf.Tensor, b as tf.Tensor),
  neg: (...a) => tf.neg(a1(a)),
  max: (a, b) => tf.maximum(a as tf.Tensor, b as tf.Tensor),
  min: (a, b) => tf.minimum(a as tf.Tensor, b as tf.Tensor),
  where: (c, a, b) => select(c as tf.Tensor, a as tf.Tensor, b as tf.Tensor),
  identity: (...a) => a1(a),
  zero: (...a) => tf.zerosLike(a1(a)),
  one: (...a) => tf.onesLike(a1(a)),
  // elementary
  abs: (...a) => tf.abs(a1(a)),
  square: (...a) => tf.square(a1(a)),
  cube: (...a) => tf.mul(tf.square(a1(a)), a1(a)),
  sqrt: (...a) => tf.sqrt(a1(a)),
  reciprocal: (...a) => tf.reciprocal(a1(a)),
  exp: (...a) => tf.exp(a1(a)),
  expm1: (...a) => tf.expm1(a1(a)),
  log: (...a) => tf.log(a1(a)),
  log1p: (...a) => tf.log1p(a1(a)),
  sin: (...a) => tf.sin(a1(a)),
  cos: (...a) => tf.cos(a1(a)),
  sinh: (...a) => tf.sinh(a1(a)),
  cosh: (...a) => tf.cosh(a1(a)),
  tanh: (...a) => tf.tanh(a1(a)),
  asinh: (...a) => tf.asinh(a1(a)),
  atan: (...a) => tf.atan(a1(a)),
  sinc: (...a) => {
    // m = 1 exactly at 0 (else 0): sin(x)/(x + m) + m is sin(x)/x away from 0 and 1 at 0.
    const x = a1(a);
    const m = tf.sub(1, tf.sign(tf.abs(x)));
    return tf.add(tf.div(tf.sin(x), tf.add(x, m)), m);
  },
  sign: (...a) => tf.sign(a1(a)),
  step: (...a) => tf.step(a1(a)),
  log_abs_eps: (...a) => tf.log(tf.add(tf.abs(a1(a)), EPSILON)),
  // special
  erf: (...a) => tf.erf(a1(a)),
  erfc: (...a) => tf.sub(1, tf.erf(a1(a))),
  bessel_i0e: (...a) => besselScaled(a1(a), 0),
  bessel_i1e: (...a) => besselScaled(a1(a), 1),
  // activations
  relu: (...a) => tf.relu(a1(a)),
  leaky_relu: (x, s) => tf.sub(tf.relu(x as tf.Tensor), tf.mul(s as tf.Tensor, tf.relu(tf.neg(x as tf.Tensor)))),
  elu: (...a) => tf.elu(a1(a)),
  selu: (...a) => {
    const x = a1(a);
    return tf.mul(SELU_LAMBDA, tf.add(tf.relu(x), tf.mul(SELU_ALPHA, tf.expm1(tf.minimum(x, 0)))));
  },
  gelu: (...a) => {
    const x = a1(a);
    return tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, SQRT1_2))));
  },
  gelu_tanh: (...a) => {
    const x = a1(a);
    const inner = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.mul(tf.square(x), x))));
    return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
  },
  sigmoid: (...a) => sigmoid(a1(a)),
  log_sigmoid: (...a) => tf.neg(tf.softplus(tf.neg(a1(a)))),
  hard_sigmoid: (...a) => {
    const t = tf.mul(0.2, a1(a));
    return tf.sub(tf.relu(tf.add(t, 0.5)), tf.relu(tf.sub(t, 0.5)));
  },
  swish: (...a) => tf.mul(a1(a), sigmoid(a1(a))),
  mish: (...a) => tf.mul(a1(a), tf.tanh(tf.softplus(a1(a)))),
  softplus: (...a) => tf.softplus(a1(a)),
  softsign: (...a) => tf.div(a1(a), tf.add(1, tf.abs(a1(a)))),
  hardswish: (...a) => {
    const x = a1(a);
    return tf.div(tf.mul(x, tf.sub(tf.relu(tf.add(x, 3)), tf.relu(tf.sub(x, 3)))), 6);
  },
  elish: (...a) => {
    const x = a1(a);
    return tf.mul(tf.add(tf.relu(x), tf.expm1(tf.minimum(x, 0))), sigmoid(x));
  },
  snake: (x, s) => tf.add(x as tf.Tensor, tf.div(tf.square(tf.sin(tf.mul(s as tf.Tensor, x as tf.Tensor))), s as tf.Tensor)),
  apa: (x, l, k) => apa(x as tf.Tensor, l as tf.Tensor, k as tf.Tensor),
  aglu: (x, l, k) => tf.mul(x as tf.Tensor, apa(x as tf.Tensor, l as tf.Tensor, k as tf.Tensor)),
  gaussian: (...a) => tf.exp(tf.neg(tf.square(a1(a)))),
  // Swish-paper binaries
  sigmoid_mul: (a, b) => tf.mul(sigmoid(a as tf.Tensor), b as tf.Tensor),
  gauss_kernel: (a, b, c) => tf.exp(tf.neg(tf.mul(c as tf.Tensor, tf.square(tf.sub(a as tf.Tensor, b as tf.Tensor))))),
  laplace_kernel: (a, b, c) => tf.exp(tf.neg(tf.mul(c as tf.Tensor, tf.abs(tf.sub(a as tf.Tensor, b as tf.Tensor))))),
  interp: (a, b, c) => tf.add(tf.mul(c as tf.Tensor, a as tf.Tensor), tf.mul(tf.sub(1, c as tf.Tensor), b as tf.Tensor)),
  div_eps: (a, b) => tf.div(a as tf.Tensor, tf.add(b as tf.Tensor, EPSILON)),
  // EvoNorm element-wise
  signed_log: (...a) => tf.mul(tf.sign(a1(a)), tf.log(tf.abs(a1(a)))),
  signed_sqrt: (...a) => tf.mul(tf.sign(a1(a)), tf.sqrt(tf.abs(a1(a)))),
};

export function tfOp(name: string): TfOp | undefined {
  return Object.prototype.hasOwnProperty.call(TF_OPS, name) ? TF_OPS[name] : undefined;
}
