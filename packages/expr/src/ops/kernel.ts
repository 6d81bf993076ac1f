import { fn, mul, neg, num, ONE, sigmoidE, square, sub } from './build.ts';
import { defineOp, r } from './define.ts';
import { EPSILON, sigmoid } from './numeric.ts';
import { arg, callT, g, lxSum } from './template.ts';
import type { OpDef } from './types.ts';

const EPS32 = Math.fround(EPSILON);

/** The binary functions of the Swish search space beyond + − · max min. */
export const kernelOps: readonly OpDef[] = [
  defineOp({
    name: 'sigmoid_mul',
    arity: 2,
    family: 'kernel',
    summary: 'σ(x1)·x2',
    f64: (a, b) => sigmoid(a) * b,
    f32: (a, b) => r(r(sigmoid(a)) * b),
    partials: ([a, b]) => [mul(mul(sigmoidE(a!), sigmoidE(neg(a!))), b!), sigmoidE(a!)],
    latex: (a) => `\\sigma\\left(${arg(a, 0)}\\right) \\cdot ${lxSum(arg(a, 1))}`,
    code: {
      numpy: (a) => `(_sigmoid(${arg(a, 0)}) * ${g(arg(a, 1))})`,
      torch: (a) => `(torch.sigmoid(${arg(a, 0)}) * ${g(arg(a, 1))})`,
      tf: (a) => `(tf.math.sigmoid(${arg(a, 0)}) * ${g(arg(a, 1))})`,
      jax: (a) => `(jax.nn.sigmoid(${arg(a, 0)}) * ${g(arg(a, 1))})`,
      tfjs: (a) => `tf.mul(tf.sigmoid(${arg(a, 0)}), ${arg(a, 1)})`,
      ts: (a) => `(_sigmoid(${arg(a, 0)}) * ${g(arg(a, 1))})`,
    },
    helpers: { numpy: ['_sigmoid'], ts: ['_sigmoid'] },
  }),
  defineOp({
    name: 'gauss_kernel',
    arity: 3,
    family: 'kernel',
    summary: 'exp(−b·(x1 − x2)²)',
    f64: (a, b, c) => Math.exp(-c * (a - b) ** 2),
    partials: ([a, b, c]) => {
      const k = fn('gauss_kernel', a!, b!, c!);
      const d = sub(a!, b!);
      return [mul(mul(mul(num(-2), c!), d), k), mul(mul(mul(num(2), c!), d), k), mul(neg(square(d)), k)];
    },
    latex: (a) => `e^{-${lxSum(arg(a, 2))} \\left(${arg(a, 0)} - ${lxSum(arg(a, 1))}\\right)^{2}}`,
    code: {
      numpy: (a) => `np.exp(-${g(arg(a, 2))} * np.square(${g(arg(a, 0))} - ${g(arg(a, 1))}))`,
      torch: (a) => `torch.exp(-${g(arg(a, 2))} * torch.square(${g(arg(a, 0))} - ${g(arg(a, 1))}))`,
      tf: (a) => `tf.exp(-${g(arg(a, 2))} * tf.square(${g(arg(a, 0))} - ${g(arg(a, 1))}))`,
      jax: (a) => `jnp.exp(-${g(arg(a, 2))} * jnp.square(${g(arg(a, 0))} - ${g(arg(a, 1))}))`,
      tfjs: (a) => `tf.exp(tf.neg(tf.mul(${arg(a, 2)}, tf.square(tf.sub(${arg(a, 0)}, ${arg(a, 1)})))))`,
      ts: (a) => `Math.exp(-${g(arg(a, 2))} * _square(${g(arg(a, 0))} - ${g(arg(a, 1))}))`,
    },
    helpers: { ts: ['_square'] },
  }),
  defineOp({
    name: 'laplace_kernel',
    arity: 3,
    family: 'kernel',
    summary: 'exp(−b·|x1 − x2|)',
    f64: (a, b, c) => Math.exp(-c * Math.abs(a - b)),
    partials: ([a, b, c]) => {
      const k = fn('laplace_kernel', a!, b!, c!);
      const sg = fn('sign', sub(a!, b!));
      return [neg(mul(mul(c!, sg), k)), mul(mul(c!, sg), k), neg(mul(fn('abs', sub(a!, b!)), k))];
    },
    latex: (a) => `e^{-${lxSum(arg(a, 2))} \\left|${arg(a, 0)} - ${lxSum(arg(a, 1))}\\right|}`,
    code: {
      numpy: (a) => `np.exp(-${g(arg(a, 2))} * np.abs(${g(arg(a, 0))} - ${g(arg(a, 1))}))`,
      torch: (a) => `torch.exp(-${g(arg(a, 2))} * torch.abs(${g(arg(a, 0))} - ${g(arg(a, 1))}))`,
      tf: (a) => `tf.exp(-${g(arg(a, 2))} * tf.abs(${g(arg(a, 0))} - ${g(arg(a, 1))}))`,
      jax: (a) => `jnp.exp(-${g(arg(a, 2))} * jnp.abs(${g(arg(a, 0))} - ${g(arg(a, 1))}))`,
      tfjs: (a) => `tf.exp(tf.neg(tf.mul(${arg(a, 2)}, tf.abs(tf.sub(${arg(a, 0)}, ${arg(a, 1)})))))`,
      ts: (a) => `Math.exp(-${g(arg(a, 2))} * Math.abs(${g(arg(a, 0))} - ${g(arg(a, 1))}))`,
    },
  }),
  defineOp({
    name: 'interp',
    arity: 3,
    family: 'kernel',
    summary: 'b·x1 + (1 − b)·x2',
    f64: (a, b, c) => c * a + (1 - c) * b,
    partials: ([a, b, c]) => [c!, sub(ONE, c!), sub(a!, b!)],
    latex: (a) => `${lxSum(arg(a, 2))} ${lxSum(arg(a, 0))} + \\left(1 - ${lxSum(arg(a, 2))}\\right) ${lxSum(arg(a, 1))}`,
    code: {
      numpy: callT('_interp'),
      torch: callT('_interp'),
      tf: callT('_interp'),
      jax: callT('_interp'),
      tfjs: callT('_interp'),
      ts: callT('_interp'),
    },
    helpers: { numpy: ['_interp'], torch: ['_interp'], tf: ['_interp'], jax: ['_interp'], tfjs: ['_interp'], ts: ['_interp'] },
  }),
  defineOp({
    name: 'div_eps',
    arity: 2,
    family: 'kernel',
    summary: `x1/(x2 + ε), ε = ${EPSILON}`,
    f64: (a, b) => a / (b + EPSILON),
    f32: (a, b) => r(a / r(b + EPS32)),
    partials: ([a, b]) => [fn('div_eps', ONE, b!), neg(mul(fn('div_eps', a!, b!), fn('div_eps', ONE, b!)))],
    latex: (a) => `\\frac{${arg(a, 0)}}{${arg(a, 1)} + \\epsilon}`,
    code: {
      numpy: (a) => `(${g(arg(a, 0))} / (${g(arg(a, 1))} + ${EPSILON}))`,
      torch: (a) => `(${g(arg(a, 0))} / (${g(arg(a, 1))} + ${EPSILON}))`,
      tf: (a) => `(${g(arg(a, 0))} / (${g(arg(a, 1))} + ${EPSILON}))`,
      jax: (a) => `(${g(arg(a, 0))} / (${g(arg(a, 1))} + ${EPSILON}))`,
      tfjs: (a) => `tf.div(${arg(a, 0)}, tf.add(${arg(a, 1)}, ${EPSILON}))`,
      ts: (a) => `(${g(arg(a, 0))} / (${g(arg(a, 1))} + ${EPSILON}))`,
    },
  }),
];
