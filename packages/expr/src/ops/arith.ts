import type { Expr } from '../ast.ts';
import { chainSum, div, fn, mul, neg, notStep, num, ONE, pow, sub, where, ZERO } from './build.ts';
import { defineOp, pyCode, r } from './define.ts';
import { powC, select } from './numeric.ts';
import { arg, callT, g, infix, lxAtom, lxSum } from './template.ts';
import type { OpDef } from './types.ts';

const a0 = (a: readonly string[]) => arg(a, 0);
const a1 = (a: readonly string[]) => arg(a, 1);

/** Arithmetic: the infix operators, max/min, and PANGAEA's constant and identity unaries. */
export const arithOps: readonly OpDef[] = [
  defineOp({
    name: 'add',
    arity: 2,
    family: 'arith',
    summary: 'a + b',
    f64: (a, b) => a + b,
    f32: (a, b) => r(a + b),
    partials: () => [ONE, ONE],
    latex: (a) => `${a0(a)} + ${a1(a).startsWith('-') ? `\\left(${a1(a)}\\right)` : a1(a)}`,
    code: pyCode(infix('+'), callT('tf.add'), infix('+')),
  }),
  defineOp({
    name: 'sub',
    arity: 2,
    family: 'arith',
    summary: 'a − b',
    f64: (a, b) => a - b,
    f32: (a, b) => r(a - b),
    partials: () => [ONE, num(-1)],
    latex: (a) => `${a0(a)} - ${lxSum(a1(a))}`,
    code: pyCode(infix('-'), callT('tf.sub'), infix('-')),
  }),
  defineOp({
    name: 'mul',
    arity: 2,
    family: 'arith',
    summary: 'a · b',
    f64: (a, b) => a * b,
    f32: (a, b) => r(a * b),
    partials: ([a, b]) => [b!, a!],
    latex: (a) => `${lxSum(a0(a))} \\cdot ${lxSum(a1(a))}`,
    code: pyCode(infix('*'), callT('tf.mul'), infix('*')),
  }),
  defineOp({
    name: 'div',
    arity: 2,
    family: 'arith',
    summary: 'a / b',
    f64: (a, b) => a / b,
    f32: (a, b) => r(a / b),
    // ∂/∂b = −(a/b)/b rather than −a/b²: b² overflows long before a/b does (0/exp(x) at x = 1000).
    partials: ([a, b]) => [div(ONE, b!), neg(div(div(a!, b!), b!))],
    // (a′ − (a/b)·b′)/b: one division by b at the end, so a′/b and (a/b)·b′/b never meet as ∞ − ∞
    // (exp(x)/exp(x) where exp(x) is subnormal), and 0/b has slope 0, not (0/∞)·∞ = NaN.
    chain: ([a, b], [da, db]) => {
      const zero = (e: Expr) => e.kind === 'const' && e.value === 0;
      const q = zero(db!) || zero(a!) ? null : mul(div(a!, b!), db!);
      const top = q === null ? da! : zero(da!) ? neg(q) : sub(da!, q);
      return zero(top) ? ZERO : div(top, b!);
    },
    latex: (a) => `\\frac{${a0(a)}}{${a1(a)}}`,
    code: pyCode(infix('/'), callT('tf.div'), infix('/')),
  }),
  defineOp({
    name: 'pow',
    arity: 2,
    family: 'arith',
    summary: 'a ^ b with C/IEEE semantics (1^y = 1; negative base with a non-integer exponent is NaN)',
    f64: powC,
    partials: ([a, b]) => [mul(b!, pow(a!, sub(b!, ONE))), mul(pow(a!, b!), fn('log', a!))],
    // Each term selected away where it vanishes: a^0 is constant in a (no 0·0^(−1) = 0·∞), and where
    // b′ = 0 the exponent's term is 0 even where a^b·ln a is NaN (x^relu(x) = 1 for x < 0). A constant
    // base of 0 has 0^b constant wherever it is finite (no 0·ln 0).
    chain: ([a, b], [da, db]) => {
      const zero = (e: Expr) => e.kind === 'const' && e.value === 0;
      const base = zero(da!) ? ZERO : where(fn('abs', b!), chainSum([[mul(b!, pow(a!, sub(b!, ONE))), da!]]), ZERO);
      const exponent = zero(db!) || zero(a!) ? ZERO : where(fn('abs', db!), chainSum([[mul(pow(a!, b!), fn('log', a!)), db!]]), ZERO);
      return chainSum([
        [ONE, base],
        [ONE, exponent],
      ]);
    },
    latex: (a) => `${lxAtom(a0(a))}^{${a1(a)}}`,
    code: {
      numpy: callT('np.float_power'),
      torch: infix('**'),
      tf: callT('tf.pow'),
      jax: callT('jnp.power'),
      tfjs: callT('tf.pow'),
      ts: callT('_pow'),
    },
    helpers: { ts: ['_pow'] },
  }),
  defineOp({
    name: 'neg',
    arity: 1,
    aliases: ['negative'],
    family: 'arith',
    summary: '−a',
    f64: (a) => -a,
    f32: (a) => -a,
    partials: () => [num(-1)],
    latex: (a) => `-${lxSum(a0(a))}`,
    code: pyCode(
      (a) => `(-${g(a0(a))})`,
      callT('tf.neg'),
      (a) => `(-${g(a0(a))})`,
    ),
  }),
  defineOp({
    name: 'max',
    arity: 2,
    aliases: ['maximum'],
    family: 'arith',
    summary: 'larger of a and b (NaN if either is NaN)',
    f64: (a, b) => Math.max(a, b),
    f32: (a, b) => Math.max(a, b),
    partials: ([a, b]) => [fn('step', sub(a!, b!)), notStep(sub(a!, b!))],
    chain: ([a, b], [da, db]) => where(sub(a!, b!), da!, db!),
    latex: (a) => `\\max\\left(${a0(a)}, ${a1(a)}\\right)`,
    code: {
      numpy: callT('np.maximum'),
      torch: (a) => `torch.maximum(torch.as_tensor(${a0(a)}), torch.as_tensor(${a1(a)}))`,
      tf: callT('tf.maximum'),
      jax: callT('jnp.maximum'),
      tfjs: callT('tf.maximum'),
      ts: callT('Math.max'),
    },
  }),
  defineOp({
    name: 'min',
    arity: 2,
    aliases: ['minimum'],
    family: 'arith',
    summary: 'smaller of a and b (NaN if either is NaN)',
    f64: (a, b) => Math.min(a, b),
    f32: (a, b) => Math.min(a, b),
    partials: ([a, b]) => [fn('step', sub(b!, a!)), notStep(sub(b!, a!))],
    chain: ([a, b], [da, db]) => where(sub(b!, a!), da!, db!),
    latex: (a) => `\\min\\left(${a0(a)}, ${a1(a)}\\right)`,
    code: {
      numpy: callT('np.minimum'),
      torch: (a) => `torch.minimum(torch.as_tensor(${a0(a)}), torch.as_tensor(${a1(a)}))`,
      tf: callT('tf.minimum'),
      jax: callT('jnp.minimum'),
      tfjs: callT('tf.minimum'),
      ts: callT('Math.min'),
    },
  }),
  defineOp({
    name: 'where',
    arity: 3,
    family: 'arith',
    summary: 'a where c > 0, b where c ≤ 0, NaN where c is NaN: a selection, so the branch not taken never leaks its ∞ or NaN',
    f64: select,
    f32: select,
    partials: ([c]) => [ZERO, fn('step', c!), notStep(c!)],
    chain: ([c], [, da, db]) => where(c!, da!, db!),
    latex: (a) => `\\begin{cases} ${arg(a, 1)} & ${arg(a, 0)} > 0 \\\\ ${arg(a, 2)} & \\text{otherwise} \\end{cases}`,
    code: {
      numpy: callT('_where'),
      torch: callT('_where'),
      tf: callT('_where'),
      jax: callT('_where'),
      tfjs: callT('_where'),
      ts: callT('_where'),
    },
    helpers: { numpy: ['_where'], torch: ['_where'], tf: ['_where'], jax: ['_where'], tfjs: ['_where'], ts: ['_where'] },
  }),
  defineOp({
    name: 'identity',
    arity: 1,
    family: 'arith',
    summary: 'a (PANGAEA `identity`)',
    f64: (a) => a,
    f32: (a) => a,
    partials: () => [ONE],
    latex: (a) => a0(a),
    code: pyCode(
      (a) => g(a0(a)),
      (a) => g(a0(a)),
      (a) => g(a0(a)),
    ),
  }),
  defineOp({
    name: 'zero',
    arity: 1,
    family: 'arith',
    summary: '0 everywhere, NaN input included (PANGAEA `zero`)',
    f64: () => 0,
    f32: () => 0,
    partials: () => [ZERO],
    latex: () => '0',
    code: pyCode(
      { numpy: callT('np.zeros_like'), torch: callT('torch.zeros_like'), tf: callT('tf.zeros_like'), jax: callT('jnp.zeros_like') },
      callT('tf.zerosLike'),
      () => '0',
    ),
  }),
  defineOp({
    name: 'one',
    arity: 1,
    family: 'arith',
    summary: '1 everywhere, NaN input included (PANGAEA `one`)',
    f64: () => 1,
    f32: () => 1,
    partials: () => [ZERO],
    latex: () => '1',
    code: pyCode(
      { numpy: callT('np.ones_like'), torch: callT('torch.ones_like'), tf: callT('tf.ones_like'), jax: callT('jnp.ones_like') },
      callT('tf.onesLike'),
      () => '1',
    ),
  }),
];
