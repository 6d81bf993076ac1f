import { describe, expect, it } from 'vitest';
import { call, constant, derivative, evaluate, evaluateArray, listOps, parse, print, X, type Expr } from '@actsearch/expr';

/** Points away from every op's kinks (0, ±2.5, ±3) and from the other arguments' constants. */
const POINTS = [-2.3, -0.7, 0.45, 1.3, 2.9];
const OTHER_ARGS = [0.8, 1.1, 0.6];

function centralDifference(f: (v: number) => number, v: number): number {
  const h = 1e-5 * Math.max(1, Math.abs(v));
  return (f(v + h) - f(v - h)) / (2 * h);
}

function agree(symbolic: number, numeric: number): boolean {
  if (Number.isNaN(numeric)) return Number.isNaN(symbolic) || !Number.isFinite(symbolic);
  return Math.abs(symbolic - numeric) <= 2e-6 * Math.max(1, Math.abs(numeric));
}

describe('derivative', () => {
  const cases = listOps().flatMap((op) => Array.from({ length: op.arity }, (_, i) => ({ op: op.name, arity: op.arity, position: i })));

  it.each(cases)('matches central differences for $op with respect to argument $position', ({ op, arity, position }) => {
    const args: Expr[] = Array.from({ length: arity }, (_, j) =>
      j === position ? X : constant(OTHER_ARGS[j - (j > position ? 1 : 0)] as number),
    );
    const e = call(op, ...args);
    const d = derivative(e);
    for (const p of POINTS) {
      if (Number.isNaN(evaluate(e, p))) continue; // outside the domain (log of a negative number)
      const numeric = centralDifference((v) => evaluate(e, v), p);
      const symbolic = evaluate(d, p);
      expect(agree(symbolic, numeric), `d/dx ${print(e)} at ${p}: ${print(d)} = ${symbolic}, difference quotient ${numeric}`).toBe(true);
    }
  });

  it('differentiates with respect to a parameter', () => {
    const e = parse('x * sigmoid(beta * x); beta = 1.5');
    const d = derivative(e, 'beta');
    for (const p of POINTS) {
      const numeric = centralDifference((b) => evaluate(e, p, { beta: b }), 1.5);
      expect(agree(evaluate(d, p), numeric)).toBe(true);
    }
    expect(print(derivative(parse('x * sigmoid(beta * x)'), 'alpha'))).toBe('0');
  });

  it('is simplified', () => {
    expect(print(derivative(parse('x^2')))).toBe('2 * x');
    expect(print(derivative(parse('relu(x)')))).toBe('step(x)');
    expect(print(derivative(parse('3 * x + 1')))).toBe('3');
    expect(print(derivative(parse('sin(x)')))).toBe('cos(x)');
    expect(print(derivative(parse('beta')))).toBe('0');
  });

  it('uses almost-everywhere derivatives at kinks and the true slopes of sinc and bessel_i1e at 0', () => {
    expect(evaluate(derivative(parse('relu(x)')), 0)).toBe(0);
    expect(evaluate(derivative(parse('abs(x)')), 0)).toBe(0);
    expect(evaluate(derivative(parse('max(x, x)')), 1)).toBe(1);
    expect(evaluate(derivative(parse('elu(x)')), 800)).toBe(1);
    expect(evaluate(derivative(parse('elish(x)')), -800)).toBeCloseTo(0, 12);
    expect(evaluate(derivative(parse('sinc(x)')), 0)).toBe(0);
    expect(evaluate(derivative(parse('bessel_i1e(x)')), 0)).toBe(0.5);
  });

  it('selects the active branch of piecewise ops, so a branch not taken that overflows leaks no NaN', () => {
    // Each pair is one function written twice; the first form's unselected branch is ±∞ somewhere.
    const pairs = [
      ['min(expm1(x), relu(x))', 'elu(x)'],
      ['max(x, -exp(-x))', 'x'],
      ['relu(-exp(x))', '0 * x'],
      ['step(exp(x) + 1) * x', 'x'],
      ['-max(-expm1(x), -relu(x))', 'elu(x)'],
      ['where(x, x, expm1(x))', 'elu(x)'],
      ['hard_sigmoid(exp(x))', 'hard_sigmoid(exp(x))'],
      ['hardswish(-exp(x))', 'hardswish(-exp(x))'],
    ];
    const xs = Float64Array.from([-1e4, -800, -100, -1, 0.5, 1, 100, 800, 1e4]);
    for (const [text, same] of pairs as [string, string][]) {
      for (const precision of ['f64', 'f32'] as const) {
        const got = evaluateArray(derivative(parse(text)), xs, { precision });
        const want = evaluateArray(derivative(parse(same)), xs, { precision });
        got.forEach((g, i) => {
          const at = `${text}′ at ${xs[i]} (${precision}): ${print(derivative(parse(text)))}`;
          expect(Number.isFinite(g), at).toBe(true);
          if (text !== same) expect(g, at).toBe(want[i]);
        });
      }
    }
    expect(print(derivative(parse('min(expm1(x), relu(x))')))).toBe('where(relu(x) - expm1(x), exp(x), step(x))');
    expect(print(derivative(parse('abs(x)')))).toBe('sign(x)');
  });

  it('chains through nested calls', () => {
    const e = parse('tanh(softplus(sin(2 * x))) * exp(-x^2)');
    const d = derivative(e);
    for (const p of POINTS)
      expect(
        agree(
          evaluate(d, p),
          centralDifference((v) => evaluate(e, v), p),
        ),
      ).toBe(true);
  });
});
