import { describe, expect, it } from 'vitest';
import { CODE_LANGS, codeHelpers, getOp, listOps, opNames, resolveHelpers, Rng } from '@actsearch/expr';

const SWISH_UNARY_OPS = [
  'neg',
  'abs',
  'square',
  'cube',
  'sqrt',
  'log_abs_eps',
  'exp',
  'sin',
  'cos',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'atan',
  'sinc',
  'max',
  'min',
  'sigmoid',
  'softplus',
  'gaussian',
  'erf',
];
const SWISH_BINARY_OPS = ['add', 'mul', 'sub', 'div_eps', 'max', 'min', 'sigmoid_mul', 'gauss_kernel', 'laplace_kernel', 'interp'];
const PANGAEA_OPS = [
  'zero',
  'one',
  'identity',
  'negative',
  'abs',
  'reciprocal',
  'square',
  'exp',
  'erf',
  'erfc',
  'sinh',
  'cosh',
  'tanh',
  'expm1',
  'sigmoid',
  'log_sigmoid',
  'arcsinh',
  'arctan',
  'bessel_i0e',
  'bessel_i1e',
  'relu',
  'elu',
  'selu',
  'swish',
  'softplus',
  'softsign',
  'hard_sigmoid',
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'max',
  'min',
];
const NAMED = [
  'relu',
  'leaky_relu',
  'elu',
  'selu',
  'gelu',
  'gelu_tanh',
  'silu',
  'swish',
  'mish',
  'softplus',
  'softsign',
  'hardswish',
  'elish',
  'snake',
  'apa',
  'aglu',
  'sinc',
  'signed_log',
  'signed_sqrt',
  'log',
  'log1p',
  'sign',
  'step',
  'maximum',
  'minimum',
];

describe('the op table', () => {
  it('has every operator of the Swish, PANGAEA and EvoNorm sets and the named activations', () => {
    for (const name of [...SWISH_UNARY_OPS, ...SWISH_BINARY_OPS, ...PANGAEA_OPS, ...NAMED]) expect(getOp(name), name).toBeDefined();
    expect(getOp('nonsense')).toBeUndefined();
    expect(getOp('arctan')?.name).toBe('atan');
    expect(new Set(opNames()).size).toBe(opNames().length);
  });

  it('gives every op a consistent definition', () => {
    for (const op of listOps()) {
      expect(op.arity, op.name).toBeGreaterThan(0);
      expect(op.summary.length, op.name).toBeGreaterThan(0);
      if (op.defaults) expect(op.defaults.length, op.name).toBe(op.arity);
      expect(op.partials(Array.from({ length: op.arity }, (_, i) => ({ kind: 'var', name: `a${i}` }))).length, op.name).toBe(op.arity);
      expect(op.latex(Array.from({ length: op.arity }, (_, i) => `a_{${i}}`)).length, op.name).toBeGreaterThan(0);
    }
  });

  it('writes code for every language that uses each argument once and names only defined helpers', () => {
    for (const op of listOps()) {
      const args = Array.from({ length: op.arity }, (_, i) => `ARG${i}`);
      for (const lang of CODE_LANGS) {
        const code = op.code[lang](args);
        for (const a of args) {
          const uses = code.split(a).length - 1;
          // zero/one ignore their argument in the scalar TypeScript target.
          if (!(lang === 'ts' && (op.name === 'zero' || op.name === 'one'))) expect(uses, `${op.name}/${lang}: ${code}`).toBe(1);
        }
        const called = [...code.matchAll(/\b(_[a-z0-9_]+)\(/g)].map((m) => m[1] as string);
        for (const h of called) expect(op.helpers?.[lang] ?? [], `${op.name}/${lang} calls ${h}`).toContain(h);
        for (const h of op.helpers?.[lang] ?? []) expect(codeHelpers[lang][h], `${lang} helper ${h}`).toBeDefined();
      }
    }
  });

  it('lists helpers with their dependencies first', () => {
    expect(resolveHelpers('numpy', ['_gelu'])).toEqual(['_erfc_cf', '_erf_series', '_erfc', '_gelu']);
    expect(getOp('erfc')?.helpers?.tfjs).toEqual(['_horner', '_erfc']);
    expect(getOp('aglu')?.helpers?.ts).toEqual(['_pow', '_apa', '_aglu']);
  });

  it('computes float32 values within a few float32 ulps of the float64 ones', () => {
    const rng = new Rng(11);
    for (const op of listOps()) {
      for (let trial = 0; trial < 300; trial++) {
        const args = Array.from({ length: op.arity }, (_, i) =>
          Math.fround(i === 0 ? rng.normal() * 3 : op.defaults?.[i] !== undefined ? 0.5 + rng.next() : rng.normal() * 2),
        );
        const want = op.f64(...args);
        const got = op.f32(...args);
        expect(Math.fround(got), `${op.name} f32 result is a float32`).toBe(got);
        if (!Number.isFinite(want)) {
          if (Number.isNaN(want)) expect(got, `${op.name}(${args})`).toBeNaN();
          continue;
        }
        if (Math.abs(want) > 3.4028234663852886e38) {
          expect(got, `${op.name}(${args}) overflows float32`).toBe(Math.sign(want) * Infinity);
          continue;
        }
        // Composite ops round each step: allow a few ulps times the condition of the formula.
        const tol = (2e-6 * Math.abs(want) + 1e-7) * (1 + Math.abs(args[0] as number) ** 2);
        expect(Math.abs(got - want), `${op.name}(${args}) f32 ${got} vs f64 ${want}`).toBeLessThanOrEqual(tol);
      }
    }
  });
});
