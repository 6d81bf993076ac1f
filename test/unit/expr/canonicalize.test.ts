import { describe, expect, it } from 'vitest';
import { canonicalize, evaluate, exprEquals, parse, print, probePoints, Rng } from '@actsearch/expr';
import { randomExpr } from './random-expr.ts';

const canon = (text: string) => print(canonicalize(parse(text)));

describe('canonicalize', () => {
  it.each([
    ['sigmoid(x) * x', 'x * sigmoid(x)'],
    ['x + 0', 'x'],
    ['0 + x', 'x'],
    ['x * 1', 'x'],
    ['x / 1', 'x'],
    ['x^1', 'x'],
    ['x^0', '1'],
    ['--x', 'x'],
    ['x - -x', '2 * x'],
    ['x - x', '0'],
    ['x + x - 2 * x', '0'],
    ['0 * sigmoid(x)', '0'],
    ['-sigmoid(x) + 1', '1 - sigmoid(x)'],
    ['3 - x - 1', '2 - x'],
    ['(x + 1) - (x - 1)', '2'],
    ['x * -2', '-2 * x'],
    ['-(2 * x)', '-2 * x'],
    ['-x * -x', 'x * x'],
    ['2 * 3 + x', 'x + 6'],
    ['exp(0) * x', 'x'],
    ['max(x, max(0, x))', 'max(x, 0)'],
    ['min(2, min(x, 1))', 'min(x, 1)'],
    ['max(sigmoid(x), x)', 'max(x, sigmoid(x))'],
    ['identity(x) + zero(x) * one(x)', 'x'],
    ['abs(-x)', 'abs(x)'],
    ['-x / -sigmoid(x)', 'x / sigmoid(x)'],
  ])('rewrites %j as %j', (text, want) => {
    expect(canon(text)).toBe(want);
  });

  it('gives equivalent sums and products one form', () => {
    expect(canon('x * sigmoid(x)')).toBe(canon('sigmoid(x) * x'));
    expect(canon('sin(x) + x * 2 + 1')).toBe(canon('1 + (2 * x + sin(x))'));
    expect(canon('a * b * c'.replace(/a/g, 'x').replace(/b/g, 'tanh(x)').replace(/c/g, 'beta'))).toBe(canon('beta * (tanh(x) * x)'));
    expect(canon('max(relu(x), tanh(x))')).toBe(canon('max(tanh(x), relu(x))'));
  });

  it('never removes terms whose value can be NaN or infinite', () => {
    expect(canon('0 * exp(x)')).toBe('0 * exp(x)');
    expect(canon('log(x) - log(x)')).toBe('log(x) - log(x)');
    expect(canon('x * 0 + 1 / x * 0')).toBe('0 * (1 / x)');
    expect(evaluate(canonicalize(parse('0 * exp(exp(x))')), 800)).toBeNaN();
  });

  it('is idempotent on random trees over every op', () => {
    const rng = new Rng(77);
    for (let i = 0; i < 1500; i++) {
      const once = canonicalize(randomExpr(rng, 1 + rng.int(6)));
      const twice = canonicalize(once);
      expect(exprEquals(once, twice), print(once)).toBe(true);
    }
  });

  it('keeps the values of random trees', () => {
    // Ops whose values stay moderate, so re-associated sums differ only by rounding.
    const ops = [
      'add',
      'sub',
      'mul',
      'neg',
      'max',
      'min',
      'sin',
      'cos',
      'tanh',
      'sigmoid',
      'atan',
      'relu',
      'abs',
      'square',
      'swish',
      'softplus',
      'erf',
      'identity',
      'zero',
      'one',
      'gelu',
      'elu',
    ];
    const rng = new Rng(78);
    const xs = probePoints().slice(0, 40);
    for (let i = 0; i < 1500; i++) {
      const e = randomExpr(rng, 1 + rng.int(5), { finiteConstants: true, ops });
      const c = canonicalize(e);
      for (const x of xs) {
        const a = evaluate(e, x);
        const b = evaluate(c, x);
        if (Number.isNaN(a)) {
          expect(b, `${print(e)} → ${print(c)} at ${x}`).toBeNaN();
          continue;
        }
        expect(Math.abs(a - b), `${print(e)} → ${print(c)} at ${x}: ${a} vs ${b}`).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(a)) * 1e3,
        );
      }
    }
  });
});
