import { describe, expect, it } from 'vitest';
import { call, constant, exprDepth, param, parse, print, Rng, X, type Expr } from '@actsearch/expr';
import { ValidationError } from '@actsearch/core';
import { randomExpr } from './random-expr.ts';

describe('print', () => {
  it.each([
    ['x * sigmoid(beta * x); beta = 1.5', 'x * sigmoid(beta * x); beta = 1.5'],
    ['min(square(x),selu(x))', 'min(square(x), selu(x))'],
    ['(x + 1) * (x - 1)', '(x + 1) * (x - 1)'],
    ['x - (x - x)', 'x - (x - x)'],
    ['(x - x) - x', 'x - x - x'],
    ['x / (x * x)', 'x / (x * x)'],
    ['(x^2)^3', '(x^2)^3'],
    ['x^(2^3)', 'x^2^3'],
    ['(-x)^2', '(-x)^2'],
    ['-(x^2)', '-x^2'],
    ['x^(-2)', 'x^-2'],
    ['(-2)^x', '(-2)^x'],
    ['-(2)', '-(2)'],
    ['x + (-2)', 'x + -2'],
    ['leaky_relu(x, 0.01)', 'leaky_relu(x)'],
    ['apa(x, 1, 2)', 'apa(x, 1, 2)'],
    ['maximum(x, 0)', 'max(x, 0)'],
    ['beta * x; beta = 1', 'beta * x'],
  ])('prints %j as %j', (text, printed) => {
    expect(print(parse(text))).toBe(printed);
  });

  it('writes every constant so that it reads back exactly', () => {
    for (const v of [0, -0, 1e-7, 1e21, -1e21, 5e-324, 0.1 + 0.2, -3.25, Infinity, -Infinity, NaN, Math.PI]) {
      const e = call('mul', constant(v), X);
      expect(parse(print(e))).toEqual(e);
      expect(parse(print(constant(v)))).toEqual(constant(v));
      expect(parse(print(call('neg', constant(v))))).toEqual(call('neg', constant(v)));
    }
  });

  it('round-trips thousands of random trees over the whole op table', () => {
    const rng = new Rng(2024);
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const e: Expr = randomExpr(rng, 1 + rng.int(7));
      if (exprDepth(e) > 64) continue;
      const text = print(e);
      expect(parse(text), text).toEqual(e);
      checked++;
    }
    expect(checked).toBeGreaterThan(2900);
  });

  it('refuses a parameter name with two initial values', () => {
    expect(() => print(call('add', param('beta', 1), param('beta', 2)))).toThrow(ValidationError);
  });
});
