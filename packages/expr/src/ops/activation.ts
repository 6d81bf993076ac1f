import type { Expr } from '../ast.ts';
import { add, chainSum, div, exp, fn, mul, neg, notStep, num, ONE, sigmoidE, square, sub, where, ZERO } from './build.ts';
import { defineOp, r } from './define.ts';
import { erfc as erfcOf, INV_SQRT_2PI, powC, SELU_ALPHA, SELU_LAMBDA, sigmoid, softplus, SQRT_2_OVER_PI } from './numeric.ts';
import { arg, callT, g, lxAtom, lxFn, lxSum } from './template.ts';
import type { CodeLang, OpDef } from './types.ts';
import { unaryFn } from './unary.ts';

const GELU_TANH_C = 0.044715;
const HARD_SIGMOID_SLOPE32 = Math.fround(0.2);

/** Every language calls the same-named helper. */
function helperEverywhere(name: string, except: Partial<Record<CodeLang, string>> = {}): Record<CodeLang, string> {
  return { numpy: name, torch: name, tf: name, jax: name, tfjs: name, ts: name, ...except };
}

function geluTanh(a: number): number {
  return 0.5 * a * (1 + Math.tanh(SQRT_2_OVER_PI * (a + GELU_TANH_C * a * a * a)));
}

function hardswish(a: number): number {
  return (a * Math.min(Math.max(a + 3, 0), 6)) / 6;
}

function apa(x: number, lambda: number, kappa: number): number {
  return powC(lambda * Math.exp(-kappa * x) + 1, -1 / lambda);
}

/** (λe^(−κx) + 1)^(−1/λ) in LaTeX, with sums grouped where they are multiplied or divided by. */
function apaLatex(a: readonly string[]): string {
  const [x, l, k] = [arg(a, 0), arg(a, 1), arg(a, 2)];
  return `\\left(${lxSum(l)} e^{-${lxSum(k)} ${lxSum(x)}} + 1\\right)^{-1/${lxAtom(l)}}`;
}

/** Partials of apa(x, λ, κ) = g^(−1/λ), g = λe^(−κx) + 1, written with apa itself so no term overflows. */
function apaPartials(x: Expr, lambda: Expr, kappa: Expr): [Expr, Expr, Expr] {
  const value = fn('apa', x, lambda, kappa);
  const gExpr = add(mul(lambda, exp(neg(mul(kappa, x)))), ONE);
  const oneMinusInvG = sub(ONE, fn('reciprocal', gExpr)); // = λe^(−κx)/g
  return [
    mul(div(kappa, lambda), mul(value, oneMinusInvG)),
    div(mul(value, sub(fn('log', gExpr), oneMinusInvG)), square(lambda)),
    div(mul(value, mul(x, oneMinusInvG)), lambda),
  ];
}

/** Named activation functions. */
export const activationOps: readonly OpDef[] = [
  unaryFn({
    name: 'relu',
    family: 'activation',
    summary: 'max(a, 0)',
    f64: (a) => Math.max(a, 0),
    f32: (a) => Math.max(a, 0),
    derivative: (a) => fn('step', a),
    chain: (a, d) => where(a, d, ZERO),
    latex: (a) => `\\operatorname{ReLU}\\left(${a}\\right)`,
    fns: { numpy: '_relu', torch: 'torch.relu', tf: 'tf.nn.relu', jax: 'jax.nn.relu', tfjs: 'tf.relu', ts: '_relu' },
  }),
  defineOp({
    name: 'leaky_relu',
    arity: 2,
    defaults: [undefined, 0.01],
    family: 'activation',
    summary: 'a for a > 0, slope·a otherwise (slope defaults to 0.01)',
    f64: (a, s) => (a > 0 ? a : s * a),
    f32: (a, s) => (a > 0 ? a : r(s * a)),
    partials: ([a, s]) => [add(fn('step', a!), mul(s!, notStep(a!))), mul(notStep(a!), a!)],
    chain: ([a, s], [da, ds]) =>
      where(
        a!,
        da!,
        chainSum([
          [s!, da!],
          [a!, ds!],
        ]),
      ),
    latex: lxFn('LeakyReLU'),
    code: { ...mapCall(helperEverywhere('_leaky_relu', { jax: 'jax.nn.leaky_relu' })) },
    helpers: { numpy: ['_leaky_relu'], torch: ['_leaky_relu'], tf: ['_leaky_relu'], tfjs: ['_leaky_relu'], ts: ['_leaky_relu'] },
  }),
  unaryFn({
    name: 'elu',
    family: 'activation',
    summary: 'a for a > 0, eᵃ − 1 otherwise (α = 1)',
    f64: (a) => (a > 0 ? a : Math.expm1(a)),
    derivative: (a) => fn('min', exp(a), ONE),
    latex: (a) => `\\operatorname{ELU}\\left(${a}\\right)`,
    fns: { numpy: '_elu', torch: 'F.elu', tf: 'tf.nn.elu', jax: 'jax.nn.elu', tfjs: 'tf.elu', ts: '_elu' },
  }),
  unaryFn({
    name: 'selu',
    family: 'activation',
    summary: `λ·(a for a > 0, α(eᵃ − 1) otherwise), λ = ${SELU_LAMBDA}, α = ${SELU_ALPHA}`,
    f64: (a) => SELU_LAMBDA * (a > 0 ? a : SELU_ALPHA * Math.expm1(a)),
    derivative: (a) => mul(num(SELU_LAMBDA), add(fn('step', a), mul(mul(num(SELU_ALPHA), exp(fn('min', a, num(0)))), notStep(a)))),
    latex: (a) => `\\operatorname{SELU}\\left(${a}\\right)`,
    fns: { numpy: '_selu', torch: 'F.selu', tf: 'tf.nn.selu', jax: 'jax.nn.selu', tfjs: 'tf.selu', ts: '_selu' },
  }),
  defineOp({
    name: 'gelu',
    arity: 1,
    family: 'activation',
    summary: 'a·Φ(a) = a/2·(1 + erf(a/√2)) (exact form)',
    f64: (a) => 0.5 * a * erfcOf(-a * Math.SQRT1_2),
    partials: ([a]) => [
      add(mul(num(0.5), fn('erfc', mul(num(-Math.SQRT1_2), a!))), mul(mul(num(INV_SQRT_2PI), a!), exp(mul(num(-0.5), square(a!))))),
    ],
    latex: (a) => `\\operatorname{GELU}\\left(${arg(a, 0)}\\right)`,
    code: {
      numpy: callT('_gelu'),
      torch: callT('F.gelu'),
      tf: callT('tf.nn.gelu'),
      jax: (a) => `jax.nn.gelu(${arg(a, 0)}, approximate=False)`,
      tfjs: callT('_gelu'),
      ts: callT('_gelu'),
    },
    helpers: { numpy: ['_gelu'], tfjs: ['_gelu'], ts: ['_gelu'] },
  }),
  defineOp({
    name: 'gelu_tanh',
    arity: 1,
    family: 'activation',
    summary: 'a/2·(1 + tanh(√(2/π)(a + 0.044715a³))), the tanh approximation of GELU',
    f64: geluTanh,
    partials: ([a]) => {
      const x = a!;
      const t = fn('tanh', mul(num(SQRT_2_OVER_PI), add(x, mul(num(GELU_TANH_C), fn('cube', x)))));
      const inner = mul(num(SQRT_2_OVER_PI), add(ONE, mul(num(3 * GELU_TANH_C), square(x))));
      return [add(mul(num(0.5), add(ONE, t)), mul(mul(num(0.5), x), mul(sub(ONE, square(t)), inner)))];
    },
    latex: (a) => `\\operatorname{GELU}_{\\tanh}\\left(${arg(a, 0)}\\right)`,
    code: {
      numpy: callT('_gelu_tanh'),
      torch: (a) => `F.gelu(${arg(a, 0)}, approximate='tanh')`,
      tf: (a) => `tf.nn.gelu(${arg(a, 0)}, approximate=True)`,
      jax: (a) => `jax.nn.gelu(${arg(a, 0)}, approximate=True)`,
      tfjs: callT('_gelu_tanh'),
      ts: callT('_gelu_tanh'),
    },
    helpers: { numpy: ['_gelu_tanh'], tfjs: ['_gelu_tanh'], ts: ['_gelu_tanh'] },
  }),
  unaryFn({
    name: 'sigmoid',
    family: 'activation',
    summary: 'logistic sigmoid 1/(1 + e^(−a))',
    f64: sigmoid,
    derivative: (a) => mul(sigmoidE(a), sigmoidE(neg(a))),
    latex: (a) => `\\sigma\\left(${a}\\right)`,
    fns: { numpy: '_sigmoid', torch: 'torch.sigmoid', tf: 'tf.math.sigmoid', jax: 'jax.nn.sigmoid', tfjs: 'tf.sigmoid', ts: '_sigmoid' },
  }),
  defineOp({
    name: 'log_sigmoid',
    arity: 1,
    family: 'activation',
    summary: 'ln σ(a) = −softplus(−a)',
    f64: (a) => -softplus(-a),
    partials: ([a]) => [sigmoidE(neg(a!))],
    latex: (a) => `\\ln \\sigma\\left(${arg(a, 0)}\\right)`,
    code: {
      numpy: (a) => `(-np.logaddexp(0.0, (-${g(arg(a, 0))})))`,
      torch: callT('F.logsigmoid'),
      tf: callT('tf.math.log_sigmoid'),
      jax: callT('jax.nn.log_sigmoid'),
      tfjs: callT('tf.logSigmoid'),
      ts: callT('_log_sigmoid'),
    },
    helpers: { ts: ['_log_sigmoid'] },
  }),
  defineOp({
    name: 'hard_sigmoid',
    arity: 1,
    family: 'activation',
    summary: 'clip(0.2a + 0.5, 0, 1) (TF 2 Keras)',
    f64: (a) => Math.min(Math.max(0.2 * a + 0.5, 0), 1),
    f32: (a) => Math.min(Math.max(r(r(HARD_SIGMOID_SLOPE32 * a) + 0.5), 0), 1),
    partials: ([a]) => [mul(num(0.2), mul(fn('step', add(a!, num(2.5))), fn('step', sub(num(2.5), a!))))],
    chain: ([a], [d]) => where(add(a!, num(2.5)), where(sub(num(2.5), a!), chainSum([[num(0.2), d!]]), ZERO), ZERO),
    latex: (a) => `\\operatorname{clip}\\left(0.2 ${lxSum(arg(a, 0))} + 0.5, 0, 1\\right)`,
    code: {
      numpy: (a) => `np.clip(0.2 * ${g(arg(a, 0))} + 0.5, 0.0, 1.0)`,
      torch: (a) => `torch.clamp(0.2 * ${g(arg(a, 0))} + 0.5, 0.0, 1.0)`,
      tf: (a) => `tf.clip_by_value(0.2 * ${g(arg(a, 0))} + 0.5, 0.0, 1.0)`,
      jax: (a) => `jnp.clip(0.2 * ${g(arg(a, 0))} + 0.5, 0.0, 1.0)`,
      tfjs: (a) => `tf.clipByValue(tf.add(tf.mul(${arg(a, 0)}, 0.2), 0.5), 0, 1)`,
      ts: (a) => `Math.min(Math.max(0.2 * ${g(arg(a, 0))} + 0.5, 0), 1)`,
    },
  }),
  unaryFn({
    name: 'swish',
    aliases: ['silu'],
    family: 'activation',
    summary: 'a·σ(a) (SiLU; Swish with β = 1)',
    f64: (a) => a * sigmoid(a),
    f32: (a) => r(a * r(sigmoid(a))),
    derivative: (a) => mul(sigmoidE(a), add(ONE, mul(a, sigmoidE(neg(a))))),
    latex: (a) => `${lxSum(a)} \\cdot \\sigma\\left(${a}\\right)`,
    fns: { numpy: '_swish', torch: 'F.silu', tf: 'tf.nn.silu', jax: 'jax.nn.silu', tfjs: '_swish', ts: '_swish' },
  }),
  unaryFn({
    name: 'mish',
    family: 'activation',
    summary: 'a·tanh(softplus(a))',
    f64: (a) => a * Math.tanh(softplus(a)),
    f32: (a) => r(a * r(Math.tanh(r(softplus(a))))),
    derivative: (a) => {
      const t = fn('tanh', fn('softplus', a));
      return add(t, mul(mul(a, sub(ONE, square(t))), sigmoidE(a)));
    },
    latex: (a) => `${lxSum(a)} \\tanh\\left(\\operatorname{softplus}\\left(${a}\\right)\\right)`,
    fns: { ...helperEverywhere('_mish', { torch: 'F.mish' }) },
  }),
  defineOp({
    name: 'softplus',
    arity: 1,
    family: 'activation',
    summary: 'ln(1 + eᵃ), computed without overflow',
    f64: softplus,
    partials: ([a]) => [sigmoidE(a!)],
    latex: (a) => `\\ln\\left(1 + e^{${arg(a, 0)}}\\right)`,
    code: {
      numpy: (a) => `np.logaddexp(0.0, ${arg(a, 0)})`,
      torch: callT('F.softplus'),
      tf: callT('tf.math.softplus'),
      jax: callT('jax.nn.softplus'),
      tfjs: callT('tf.softplus'),
      ts: callT('_softplus'),
    },
    helpers: { ts: ['_softplus'] },
  }),
  unaryFn({
    name: 'softsign',
    family: 'activation',
    summary: 'a/(1 + |a|)',
    f64: (a) => a / (1 + Math.abs(a)),
    f32: (a) => r(a / r(1 + Math.abs(a))),
    derivative: (a) => div(ONE, square(add(ONE, fn('abs', a)))),
    latex: (a) => `\\frac{${a}}{1 + \\left|${a}\\right|}`,
    fns: { numpy: '_softsign', torch: 'F.softsign', tf: 'tf.nn.softsign', jax: 'jax.nn.soft_sign', tfjs: '_softsign', ts: '_softsign' },
  }),
  unaryFn({
    name: 'hardswish',
    family: 'activation',
    summary: 'a·min(max(a + 3, 0), 6)/6',
    f64: hardswish,
    f32: (a) => r(r(a * Math.min(Math.max(r(a + 3), 0), 6)) / 6),
    derivative: (a) =>
      div(
        add(fn('min', fn('max', add(a, num(3)), num(0)), num(6)), mul(a, mul(fn('step', add(a, num(3))), fn('step', sub(num(3), a))))),
        num(6),
      ),
    // (2a + 3)/6 between −3 and 3, 1 above, 0 below.
    chain: (a, d) => where(add(a, num(3)), where(sub(num(3), a), chainSum([[div(add(mul(num(2), a), num(3)), num(6)), d]]), d), ZERO),
    latex: (a) => `\\operatorname{hardswish}\\left(${a}\\right)`,
    fns: { ...helperEverywhere('_hardswish', { torch: 'F.hardswish' }) },
  }),
  unaryFn({
    name: 'elish',
    family: 'activation',
    summary: 'a·σ(a) for a ≥ 0, (eᵃ − 1)·σ(a) otherwise',
    f64: (a) => (a >= 0 ? a : Math.expm1(a)) * sigmoid(a),
    f32: (a) => r((a >= 0 ? a : r(Math.expm1(a))) * r(sigmoid(a))),
    derivative: (a) => {
      const em = exp(fn('min', a, num(0))); // e^min(a,0): the negative branch never overflows
      const positive = mul(sigmoidE(a), add(ONE, mul(a, sigmoidE(neg(a)))));
      const negative = mul(sigmoidE(a), add(em, mul(sub(em, ONE), sigmoidE(neg(a)))));
      return add(mul(fn('step', a), positive), mul(notStep(a), negative));
    },
    latex: (a) => `\\operatorname{ELiSH}\\left(${a}\\right)`,
    fns: helperEverywhere('_elish'),
  }),
  defineOp({
    name: 'snake',
    arity: 2,
    defaults: [undefined, 1],
    family: 'activation',
    summary: 'x + sin²(a·x)/a (a defaults to 1)',
    f64: (x, a) => x + Math.sin(a * x) ** 2 / a,
    partials: ([x, a]) => {
      const s2 = fn('sin', mul(num(2), mul(a!, x!)));
      return [add(ONE, s2), sub(div(mul(x!, s2), a!), div(square(fn('sin', mul(a!, x!))), square(a!)))];
    },
    latex: lxFn('snake'),
    code: mapCall(helperEverywhere('_snake')),
    helpers: { numpy: ['_snake'], torch: ['_snake'], tf: ['_snake'], jax: ['_snake'], tfjs: ['_snake'], ts: ['_snake'] },
  }),
  defineOp({
    name: 'apa',
    arity: 3,
    defaults: [undefined, 1, 1],
    family: 'activation',
    summary: '(λ·e^(−κx) + 1)^(−1/λ) (λ = κ = 1 by default: the sigmoid; λ must not be 0)',
    f64: apa,
    partials: ([x, l, k]) => apaPartials(x!, l!, k!),
    latex: (a) => apaLatex(a),
    code: mapCall(helperEverywhere('_apa')),
    helpers: { numpy: ['_apa'], torch: ['_apa'], tf: ['_apa'], jax: ['_apa'], tfjs: ['_apa'], ts: ['_apa'] },
  }),
  defineOp({
    name: 'aglu',
    arity: 3,
    defaults: [undefined, 1, 1],
    family: 'activation',
    summary: 'x·apa(x, λ, κ) (λ = κ = 1: SiLU; κ ≈ 1.702: GELU-like)',
    f64: (x, l, k) => x * apa(x, l, k),
    f32: (x, l, k) => r(x * r(apa(x, l, k))),
    partials: ([x, l, k]) => {
      const [dx, dl, dk] = apaPartials(x!, l!, k!);
      return [add(fn('apa', x!, l!, k!), mul(x!, dx)), mul(x!, dl), mul(x!, dk)];
    },
    latex: (a) => `${lxSum(arg(a, 0))} ${apaLatex(a)}`,
    code: mapCall(helperEverywhere('_aglu')),
    helpers: { numpy: ['_aglu'], torch: ['_aglu'], tf: ['_aglu'], jax: ['_aglu'], tfjs: ['_aglu'], ts: ['_aglu'] },
  }),
  defineOp({
    name: 'gaussian',
    arity: 1,
    family: 'activation',
    summary: 'e^(−a²)',
    f64: (a) => Math.exp(-a * a),
    f32: (a) => r(Math.exp(-r(a * a))),
    partials: ([a]) => [mul(mul(num(-2), a!), fn('gaussian', a!))],
    latex: (a) => `e^{-${lxAtomSafe(arg(a, 0))}^{2}}`,
    code: {
      numpy: (a) => `np.exp(-np.square(${arg(a, 0)}))`,
      torch: (a) => `torch.exp(-torch.square(${arg(a, 0)}))`,
      tf: (a) => `tf.exp(-tf.square(${arg(a, 0)}))`,
      jax: (a) => `jnp.exp(-jnp.square(${arg(a, 0)}))`,
      tfjs: (a) => `tf.exp(tf.neg(tf.square(${arg(a, 0)})))`,
      ts: (a) => `Math.exp(-_square(${arg(a, 0)}))`,
    },
    helpers: { ts: ['_square'] },
  }),
];

function mapCall(fns: Record<CodeLang, string>): Record<CodeLang, (a: readonly string[]) => string> {
  return {
    numpy: callT(fns.numpy),
    torch: callT(fns.torch),
    tf: callT(fns.tf),
    jax: callT(fns.jax),
    tfjs: callT(fns.tfjs),
    ts: callT(fns.ts),
  };
}

function lxAtomSafe(s: string): string {
  return /^[A-Za-z0-9.]+$/.test(s) ? s : `\\left(${s}\\right)`;
}
