import { add, fn, mul, neg, num, sub, where } from './build.ts';
import { besselI0e, besselI1e, erf, erfc, TWO_OVER_SQRT_PI_CONST } from './numeric.ts';
import type { OpDef } from './types.ts';
import { unaryFn } from './unary.ts';

/** 2/√π·e^(−a²), the derivative of erf. */
const erfSlope = (a: Parameters<typeof fn>[1]) => mul(num(TWO_OVER_SQRT_PI_CONST), fn('gaussian', a));

/** Special functions: the error function family and exponentially scaled modified Bessel functions. */
export const specialOps: readonly OpDef[] = [
  unaryFn({
    name: 'erf',
    family: 'special',
    summary: 'error function',
    f64: erf,
    derivative: erfSlope,
    latex: (a) => `\\operatorname{erf}\\left(${a}\\right)`,
    fns: { numpy: '_erf', torch: 'torch.erf', tf: 'tf.math.erf', jax: 'jax.scipy.special.erf', tfjs: '_erf', ts: '_erf' },
  }),
  unaryFn({
    name: 'erfc',
    family: 'special',
    summary: 'complementary error function 1 − erf(a), accurate in the tails',
    f64: erfc,
    derivative: (a) => neg(erfSlope(a)),
    latex: (a) => `\\operatorname{erfc}\\left(${a}\\right)`,
    fns: { numpy: '_erfc', torch: 'torch.erfc', tf: 'tf.math.erfc', jax: 'jax.scipy.special.erfc', tfjs: '_erfc', ts: '_erfc' },
  }),
  unaryFn({
    name: 'bessel_i0e',
    family: 'special',
    summary: 'e^(−|a|)·I₀(a), exponentially scaled modified Bessel function of order 0',
    f64: besselI0e,
    derivative: (a) => sub(fn('bessel_i1e', a), mul(fn('sign', a), fn('bessel_i0e', a))),
    latex: (a) => `e^{-\\left|${a}\\right|} I_0\\left(${a}\\right)`,
    fns: {
      numpy: '_i0e',
      torch: 'torch.special.i0e',
      tf: 'tf.math.bessel_i0e',
      jax: 'jax.scipy.special.i0e',
      tfjs: '_i0e',
      ts: '_i0e',
    },
  }),
  unaryFn({
    name: 'bessel_i1e',
    family: 'special',
    summary: 'e^(−|a|)·I₁(a), exponentially scaled modified Bessel function of order 1',
    f64: besselI1e,
    // I₁' = I₀ − I₁/a, selected away at exactly a = 0 (a removable 0/0 there; the true slope is 1/2).
    derivative: (a) =>
      where(fn('abs', a), sub(fn('bessel_i0e', a), mul(fn('bessel_i1e', a), add(fn('sign', a), fn('reciprocal', a)))), num(0.5)),
    latex: (a) => `e^{-\\left|${a}\\right|} I_1\\left(${a}\\right)`,
    fns: {
      numpy: '_i1e',
      torch: 'torch.special.i1e',
      tf: 'tf.math.bessel_i1e',
      jax: 'jax.scipy.special.i1e',
      tfjs: '_i1e',
      ts: '_i1e',
    },
  }),
];
