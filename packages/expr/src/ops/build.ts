import { call, constant, type Expr } from '../ast.ts';

/** Small expression builders for writing partial derivatives readably. */
export const num = (v: number): Expr => constant(v);
export const add = (a: Expr, b: Expr): Expr => call('add', a, b);
export const sub = (a: Expr, b: Expr): Expr => call('sub', a, b);
export const mul = (a: Expr, b: Expr): Expr => call('mul', a, b);
export const div = (a: Expr, b: Expr): Expr => call('div', a, b);
export const neg = (a: Expr): Expr => call('neg', a);
export const pow = (a: Expr, b: Expr): Expr => call('pow', a, b);
export const fn = (op: string, ...args: Expr[]): Expr => call(op, ...args);
export const ONE = constant(1);
export const ZERO = constant(0);
/** 1 − step(a): the indicator of a ≤ 0. */
export const notStep = (a: Expr): Expr => sub(ONE, fn('step', a));
export const square = (a: Expr): Expr => call('square', a);
export const exp = (a: Expr): Expr => call('exp', a);
export const sigmoidE = (a: Expr): Expr => call('sigmoid', a);
/** `a` where c > 0, `b` where c ≤ 0: selection, never a product with a 0/1 mask. */
export const where = (c: Expr, a: Expr, b: Expr): Expr => call('where', c, a, b);

const isConstValue = (e: Expr, v: number): boolean => e.kind === 'const' && e.value === v;

/**
 * Σ pᵢ·dᵢ over the (partial, inner derivative) pairs, skipping every pair where either is the
 * constant 0 (never multiplied by 0: the other factor may be ∞ or NaN there) and writing p·1 as p.
 */
export function chainSum(pairs: readonly (readonly [Expr, Expr])[]): Expr {
  let sum: Expr | undefined;
  for (const [p, d] of pairs) {
    if (isConstValue(p, 0) || isConstValue(d, 0)) continue;
    const term = isConstValue(d, 1) ? p : isConstValue(p, 1) ? d : mul(p, d);
    sum = sum === undefined ? term : add(sum, term);
  }
  return sum ?? ZERO;
}
