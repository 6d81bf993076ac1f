import { div, fn, num } from './build.ts';
import { defineOp, r } from './define.ts';
import { arg, callT } from './template.ts';
import type { OpDef } from './types.ts';

/** The element-wise primitives of EvoNorm's search space that no other family has. */
export const evonormOps: readonly OpDef[] = [
  defineOp({
    name: 'signed_log',
    arity: 1,
    family: 'evonorm',
    summary: 'sign(a)·ln|a| (NaN at exactly 0, as 0·(−∞))',
    f64: (a) => Math.sign(a) * Math.log(Math.abs(a)),
    f32: (a) => r(Math.sign(a) * r(Math.log(Math.abs(a)))),
    partials: ([a]) => [fn('reciprocal', fn('abs', a!))],
    latex: (a) => `\\operatorname{sgn}\\left(${arg(a, 0)}\\right) \\ln\\left|${arg(a, 0)}\\right|`,
    code: {
      numpy: callT('_signed_log'),
      torch: callT('_signed_log'),
      tf: callT('_signed_log'),
      jax: callT('_signed_log'),
      tfjs: callT('_signed_log'),
      ts: callT('_signed_log'),
    },
    helpers: {
      numpy: ['_signed_log'],
      torch: ['_signed_log'],
      tf: ['_signed_log'],
      jax: ['_signed_log'],
      tfjs: ['_signed_log'],
      ts: ['_signed_log'],
    },
  }),
  defineOp({
    name: 'signed_sqrt',
    arity: 1,
    family: 'evonorm',
    summary: 'sign(a)·√|a|',
    f64: (a) => Math.sign(a) * Math.sqrt(Math.abs(a)),
    f32: (a) => r(Math.sign(a) * r(Math.sqrt(Math.abs(a)))),
    partials: ([a]) => [div(num(0.5), fn('sqrt', fn('abs', a!)))],
    latex: (a) => `\\operatorname{sgn}\\left(${arg(a, 0)}\\right) \\sqrt{\\left|${arg(a, 0)}\\right|}`,
    code: {
      numpy: callT('_signed_sqrt'),
      torch: callT('_signed_sqrt'),
      tf: callT('_signed_sqrt'),
      jax: callT('_signed_sqrt'),
      tfjs: callT('_signed_sqrt'),
      ts: callT('_signed_sqrt'),
    },
    helpers: {
      numpy: ['_signed_sqrt'],
      torch: ['_signed_sqrt'],
      tf: ['_signed_sqrt'],
      jax: ['_signed_sqrt'],
      tfjs: ['_signed_sqrt'],
      ts: ['_signed_sqrt'],
    },
  }),
];
