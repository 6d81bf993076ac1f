import { add, div, exp, fn, mul, neg, num, ONE, square, sub, where, ZERO } from './build.ts';
import { defineOp, r } from './define.ts';
import { EPSILON, sinc, step } from './numeric.ts';
import { arg, g, lxAtom } from './template.ts';
import type { OpDef } from './types.ts';
import { unaryFn } from './unary.ts';

const EPS32 = Math.fround(EPSILON);

/** Elementary functions of one variable. */
export const elementaryOps: readonly OpDef[] = [
  unaryFn({
    name: 'abs', family: 'elementary', summary: '|a|',
    f64: Math.abs, f32: Math.abs,
    derivative: (a) => fn('sign', a),
    // |a|′ = a′ for a > 0, −a′ for a < 0, 0 at a = 0 (sign(0) = 0), selected branch by branch.
    chain: (a, d) => where(a, d, where(neg(a), neg(d), ZERO)),
    latex: (a) => `\\left|${a}\\right|`,
    fns: { numpy: 'np.abs', torch: 'torch.abs', tf: 'tf.abs', jax: 'jnp.abs', tfjs: 'tf.abs', ts: 'Math.abs' },
  }),
  unaryFn({
    name: 'square', family: 'elementary', summary: 'a²',
    f64: (a) => a * a,
    derivative: (a) => mul(num(2), a),
    latex: (a) => `${lxAtom(a)}^{2}`,
    fns: { numpy: 'np.square', torch: 'torch.square', tf: 'tf.square', jax: 'jnp.square', tfjs: 'tf.square', ts: '_square' },
  }),
  defineOp({
    name: 'cube', arity: 1, family: 'elementary', summary: 'a³',
    f64: (a) => a * a * a,
    f32: (a) => r(r(a * a) * a),
    partials: ([a]) => [mul(num(3), square(a!))],
    latex: (a) => `${lxAtom(arg(a, 0))}^{3}`,
    code: {
      numpy: (a) => `np.power(${arg(a, 0)}, 3)`,
      torch: (a) => `torch.pow(${arg(a, 0)}, 3)`,
      tf: (a) => `tf.pow(${arg(a, 0)}, 3.0)`,
      jax: (a) => `jnp.power(${arg(a, 0)}, 3)`,
      tfjs: (a) => `tf.pow(${arg(a, 0)}, 3)`,
      ts: (a) => `_cube(${arg(a, 0)})`,
    },
    helpers: { ts: ['_cube'] },
  }),
  unaryFn({
    name: 'sqrt', family: 'elementary', summary: '√a (NaN for a < 0)',
    f64: Math.sqrt,
    derivative: (a) => div(num(0.5), fn('sqrt', a)),
    latex: (a) => `\\sqrt{${a}}`,
    fns: { numpy: 'np.sqrt', torch: 'torch.sqrt', tf: 'tf.sqrt', jax: 'jnp.sqrt', tfjs: 'tf.sqrt', ts: 'Math.sqrt' },
  }),
  defineOp({
    name: 'reciprocal', arity: 1, family: 'elementary', summary: '1/a',
    f64: (a) => 1 / a,
    partials: ([a]) => [neg(div(ONE, square(a!)))],
    latex: (a) => `\\frac{1}{${arg(a, 0)}}`,
    code: {
      numpy: (a) => `(1.0 / ${g(arg(a, 0))})`,
      torch: (a) => `torch.reciprocal(${arg(a, 0)})`,
      tf: (a) => `tf.math.reciprocal(${arg(a, 0)})`,
      jax: (a) => `jnp.reciprocal(${arg(a, 0)})`,
      tfjs: (a) => `tf.reciprocal(${arg(a, 0)})`,
      ts: (a) => `(1 / ${g(arg(a, 0))})`,
    },
  }),
  unaryFn({
    name: 'exp', family: 'elementary', summary: 'eᵃ',
    f64: Math.exp,
    derivative: (a) => exp(a),
    latex: (a) => `e^{${a}}`,
    fns: { numpy: 'np.exp', torch: 'torch.exp', tf: 'tf.exp', jax: 'jnp.exp', tfjs: 'tf.exp', ts: 'Math.exp' },
  }),
  unaryFn({
    name: 'expm1', family: 'elementary', summary: 'eᵃ − 1, accurate near 0',
    f64: Math.expm1,
    derivative: (a) => exp(a),
    latex: (a) => `\\left(e^{${a}} - 1\\right)`,
    fns: { numpy: 'np.expm1', torch: 'torch.expm1', tf: 'tf.math.expm1', jax: 'jnp.expm1', tfjs: 'tf.expm1', ts: 'Math.expm1' },
  }),
  unaryFn({
    name: 'log', family: 'elementary', summary: 'natural logarithm (−∞ at 0, NaN below)',
    f64: Math.log,
    derivative: (a) => fn('reciprocal', a),
    latex: (a) => `\\ln\\left(${a}\\right)`,
    fns: { numpy: 'np.log', torch: 'torch.log', tf: 'tf.math.log', jax: 'jnp.log', tfjs: 'tf.log', ts: 'Math.log' },
  }),
  unaryFn({
    name: 'log1p', family: 'elementary', summary: 'ln(1 + a), accurate near 0',
    f64: Math.log1p,
    derivative: (a) => div(ONE, add(ONE, a)),
    latex: (a) => `\\ln\\left(1 + ${a}\\right)`,
    fns: { numpy: 'np.log1p', torch: 'torch.log1p', tf: 'tf.math.log1p', jax: 'jnp.log1p', tfjs: 'tf.log1p', ts: 'Math.log1p' },
  }),
  unaryFn({
    name: 'sin', family: 'elementary', summary: 'sine',
    f64: Math.sin,
    derivative: (a) => fn('cos', a),
    latex: (a) => `\\sin\\left(${a}\\right)`,
    fns: { numpy: 'np.sin', torch: 'torch.sin', tf: 'tf.sin', jax: 'jnp.sin', tfjs: 'tf.sin', ts: 'Math.sin' },
  }),
  unaryFn({
    name: 'cos', family: 'elementary', summary: 'cosine',
    f64: Math.cos,
    derivative: (a) => neg(fn('sin', a)),
    latex: (a) => `\\cos\\left(${a}\\right)`,
    fns: { numpy: 'np.cos', torch: 'torch.cos', tf: 'tf.cos', jax: 'jnp.cos', tfjs: 'tf.cos', ts: 'Math.cos' },
  }),
  unaryFn({
    name: 'sinh', family: 'elementary', summary: 'hyperbolic sine',
    f64: Math.sinh,
    derivative: (a) => fn('cosh', a),
    latex: (a) => `\\sinh\\left(${a}\\right)`,
    fns: { numpy: 'np.sinh', torch: 'torch.sinh', tf: 'tf.sinh', jax: 'jnp.sinh', tfjs: 'tf.sinh', ts: 'Math.sinh' },
  }),
  unaryFn({
    name: 'cosh', family: 'elementary', summary: 'hyperbolic cosine',
    f64: Math.cosh,
    derivative: (a) => fn('sinh', a),
    latex: (a) => `\\cosh\\left(${a}\\right)`,
    fns: { numpy: 'np.cosh', torch: 'torch.cosh', tf: 'tf.cosh', jax: 'jnp.cosh', tfjs: 'tf.cosh', ts: 'Math.cosh' },
  }),
  unaryFn({
    name: 'tanh', family: 'elementary', summary: 'hyperbolic tangent',
    f64: Math.tanh,
    derivative: (a) => sub(ONE, square(fn('tanh', a))),
    latex: (a) => `\\tanh\\left(${a}\\right)`,
    fns: { numpy: 'np.tanh', torch: 'torch.tanh', tf: 'tf.tanh', jax: 'jnp.tanh', tfjs: 'tf.tanh', ts: 'Math.tanh' },
  }),
  unaryFn({
    name: 'asinh', aliases: ['arcsinh'], family: 'elementary', summary: 'inverse hyperbolic sine',
    f64: Math.asinh,
    derivative: (a) => div(ONE, fn('sqrt', add(square(a), ONE))),
    latex: (a) => `\\operatorname{arsinh}\\left(${a}\\right)`,
    fns: { numpy: 'np.arcsinh', torch: 'torch.asinh', tf: 'tf.math.asinh', jax: 'jnp.arcsinh', tfjs: 'tf.asinh', ts: 'Math.asinh' },
  }),
  unaryFn({
    name: 'atan', aliases: ['arctan'], family: 'elementary', summary: 'inverse tangent',
    f64: Math.atan,
    derivative: (a) => div(ONE, add(ONE, square(a))),
    latex: (a) => `\\arctan\\left(${a}\\right)`,
    fns: { numpy: 'np.arctan', torch: 'torch.atan', tf: 'tf.math.atan', jax: 'jnp.arctan', tfjs: 'tf.atan', ts: 'Math.atan' },
  }),
  defineOp({
    name: 'sinc', arity: 1, family: 'elementary', summary: 'unnormalised sinc: sin(a)/a, 1 at 0',
    f64: sinc,
    // (cos a − sinc a)/a: a removable 0/0 at exactly a = 0, where the true slope is 0.
    partials: ([a]) => [div(sub(fn('cos', a!), fn('sinc', a!)), a!)],
    latex: (a) => `\\operatorname{sinc}\\left(${arg(a, 0)}\\right)`,
    code: {
      // np/torch/jnp sinc are normalised: sinc(t) = sin(πt)/(πt).
      numpy: (a) => `np.sinc(${g(arg(a, 0))} / np.pi)`,
      torch: (a) => `torch.sinc(${g(arg(a, 0))} / 3.141592653589793)`,
      tf: (a) => `_sinc(${arg(a, 0)})`,
      jax: (a) => `jnp.sinc(${g(arg(a, 0))} / jnp.pi)`,
      tfjs: (a) => `_sinc(${arg(a, 0)})`,
      ts: (a) => `_sinc(${arg(a, 0)})`,
    },
    helpers: { tf: ['_sinc'], tfjs: ['_sinc'], ts: ['_sinc'] },
  }),
  unaryFn({
    name: 'sign', family: 'elementary', summary: 'sign of a: −1, 0 or 1',
    f64: Math.sign, f32: Math.sign,
    derivative: () => ZERO,
    latex: (a) => `\\operatorname{sgn}\\left(${a}\\right)`,
    fns: { numpy: 'np.sign', torch: 'torch.sign', tf: 'tf.sign', jax: 'jnp.sign', tfjs: 'tf.sign', ts: 'Math.sign' },
  }),
  defineOp({
    name: 'step', arity: 1, family: 'elementary', summary: 'Heaviside step: 1 for a > 0, 0 for a ≤ 0 (NaN stays NaN)',
    f64: step, f32: step,
    partials: () => [ZERO],
    latex: (a) => `H\\left(${arg(a, 0)}\\right)`,
    code: {
      numpy: (a) => `np.heaviside(${arg(a, 0)}, 0.0)`,
      torch: (a) => `_step(${arg(a, 0)})`,
      tf: (a) => `_step(${arg(a, 0)})`,
      jax: (a) => `jnp.heaviside(${arg(a, 0)}, 0.0)`,
      tfjs: (a) => `tf.step(${arg(a, 0)})`,
      ts: (a) => `_step(${arg(a, 0)})`,
    },
    helpers: { torch: ['_step'], tf: ['_step'], ts: ['_step'] },
  }),
  defineOp({
    name: 'log_abs_eps', arity: 1, family: 'elementary', summary: `ln(|a| + ε), ε = ${EPSILON} (Swish paper's log(|x|+ε))`,
    f64: (a) => Math.log(Math.abs(a) + EPSILON),
    f32: (a) => r(Math.log(r(Math.abs(a) + EPS32))),
    partials: ([a]) => [div(fn('sign', a!), add(fn('abs', a!), num(EPSILON)))],
    latex: (a) => `\\ln\\left(\\left|${arg(a, 0)}\\right| + \\epsilon\\right)`,
    code: {
      numpy: (a) => `np.log(np.abs(${arg(a, 0)}) + ${EPSILON})`,
      torch: (a) => `torch.log(torch.abs(${arg(a, 0)}) + ${EPSILON})`,
      tf: (a) => `tf.math.log(tf.abs(${arg(a, 0)}) + ${EPSILON})`,
      jax: (a) => `jnp.log(jnp.abs(${arg(a, 0)}) + ${EPSILON})`,
      tfjs: (a) => `tf.log(tf.add(tf.abs(${arg(a, 0)}), ${EPSILON}))`,
      ts: (a) => `Math.log(Math.abs(${arg(a, 0)}) + ${EPSILON})`,
    },
  }),
];
