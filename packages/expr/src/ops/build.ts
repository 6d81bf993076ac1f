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
