import type { Expr } from './ast.ts';
import { ValidationError } from '@actsearch/core';
import { getOp } from './ops/registry.ts';
import type { OpDef } from './ops/types.ts';

export type Precision = 'f64' | 'f32';
export type ParamValues = Readonly<Record<string, number>>;

/** A compiled expression: fills `out[i]` with f(xs[i]) for every i < xs.length. */
export type CompiledExpr = (xs: ArrayLike<number>, out: Float64Array | Float32Array, params?: ParamValues) => void;

function opOf(name: string): OpDef {
  const op = getOp(name);
  if (!op) throw new ValidationError(`unknown op '${name}'`, [{ path: 'op', message: `no op is named '${name}'` }]);
  return op;
}

function unbound(name: string): never {
  throw new ValidationError(`variable '${name}' has no value: only 'x' can be evaluated`, [{ path: name, message: 'unbound variable' }]);
}

/** Float64 value of `e` at one point (parameters at `paramValues`, else at their initial values). */
export function evaluate(e: Expr, x: number, paramValues?: ParamValues): number {
  switch (e.kind) {
    case 'var':
      return e.name === 'x' ? x : unbound(e.name);
    case 'const':
      return e.value;
    case 'param':
      return paramValues?.[e.name] ?? e.init;
    case 'call': {
      const op = opOf(e.op);
      if (e.args.length !== op.arity) throw arityError(op, e.args.length);
      const a = e.args;
      switch (a.length) {
        case 1:
          return op.f64(evaluate(a[0] as Expr, x, paramValues));
        case 2:
          return op.f64(evaluate(a[0] as Expr, x, paramValues), evaluate(a[1] as Expr, x, paramValues));
        default:
          return op.f64(...a.map((arg) => evaluate(arg, x, paramValues)));
      }
    }
  }
}

function arityError(op: OpDef, got: number): ValidationError {
  return new ValidationError(`'${op.name}' takes ${op.arity} arguments, got ${got}`, [
    { path: op.name, message: 'wrong number of arguments' },
  ]);
}

// ---- vectorized evaluation ------------------------------------------------------------------------

/**
 * A stack machine over typed arrays: each instruction runs one loop over all points, writing into a
 * stack slot. Slots come from one module-wide pool (evaluation is synchronous and never re-entrant),
 * so compiled expressions hold no buffers of their own.
 */
type Instr =
  | { readonly kind: 'x'; readonly slot: number }
  | { readonly kind: 'const'; readonly slot: number; readonly value: number }
  | { readonly kind: 'param'; readonly slot: number; readonly name: string; readonly init: number }
  | { readonly kind: 'op'; readonly slot: number; readonly op: OpDef };

let pool: Float64Array[] = [];
let poolLength = 0;

function slots(count: number, n: number): Float64Array[] {
  if (n > poolLength) {
    poolLength = Math.max(n, poolLength * 2, 1024);
    pool = [];
  }
  while (pool.length < count) pool.push(new Float64Array(poolLength));
  return pool;
}

function compileInstrs(e: Expr): { instrs: Instr[]; slotCount: number } {
  const instrs: Instr[] = [];
  let slotCount = 0;
  const emit = (n: Expr, slot: number) => {
    slotCount = Math.max(slotCount, slot + 1);
    switch (n.kind) {
      case 'var':
        if (n.name !== 'x') unbound(n.name);
        instrs.push({ kind: 'x', slot });
        return;
      case 'const':
        instrs.push({ kind: 'const', slot, value: n.value });
        return;
      case 'param':
        instrs.push({ kind: 'param', slot, name: n.name, init: n.init });
        return;
      case 'call': {
        const op = opOf(n.op);
        if (n.args.length !== op.arity) throw arityError(op, n.args.length);
        n.args.forEach((arg, i) => emit(arg, slot + i));
        instrs.push({ kind: 'op', slot, op });
      }
    }
  };
  emit(e, 0);
  return { instrs, slotCount };
}

function runOp(op: OpDef, precision: Precision, s: Float64Array[], slot: number, n: number): void {
  const a = s[slot] as Float64Array;
  const f32 = precision === 'f32';
  const f = f32 ? op.f32 : op.f64;
  switch (op.arity) {
    case 1: {
      if (op.name === 'neg') for (let i = 0; i < n; i++) a[i] = -(a[i] as number);
      else for (let i = 0; i < n; i++) a[i] = f(a[i] as number);
      return;
    }
    case 2: {
      const b = s[slot + 1] as Float64Array;
      const fr = Math.fround;
      switch (op.name) {
        case 'add':
          if (f32) for (let i = 0; i < n; i++) a[i] = fr((a[i] as number) + (b[i] as number));
          else for (let i = 0; i < n; i++) a[i] = (a[i] as number) + (b[i] as number);
          return;
        case 'sub':
          if (f32) for (let i = 0; i < n; i++) a[i] = fr((a[i] as number) - (b[i] as number));
          else for (let i = 0; i < n; i++) a[i] = (a[i] as number) - (b[i] as number);
          return;
        case 'mul':
          if (f32) for (let i = 0; i < n; i++) a[i] = fr((a[i] as number) * (b[i] as number));
          else for (let i = 0; i < n; i++) a[i] = (a[i] as number) * (b[i] as number);
          return;
        case 'div':
          if (f32) for (let i = 0; i < n; i++) a[i] = fr((a[i] as number) / (b[i] as number));
          else for (let i = 0; i < n; i++) a[i] = (a[i] as number) / (b[i] as number);
          return;
        default:
          for (let i = 0; i < n; i++) a[i] = f(a[i] as number, b[i] as number);
          return;
      }
    }
    case 3: {
      const b = s[slot + 1] as Float64Array;
      const c = s[slot + 2] as Float64Array;
      for (let i = 0; i < n; i++) a[i] = f(a[i] as number, b[i] as number, c[i] as number);
      return;
    }
    default: {
      const args = new Array<number>(op.arity);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < op.arity; k++) args[k] = (s[slot + k] as Float64Array)[i] as number;
        a[i] = f(...args);
      }
    }
  }
}

const compiledCache: Record<Precision, WeakMap<Expr, CompiledExpr>> = { f64: new WeakMap(), f32: new WeakMap() };

/**
 * Compile `e` into a vectorized evaluator: one typed-array loop per AST node, never a walk of the tree
 * per point. In 'f32' every input, constant, parameter and op result is rounded to float32, which is
 * what a float32 network computes. Throws ValidationError for unknown ops or variables other than x.
 */
export function compileExpr(e: Expr, precision: Precision = 'f64'): CompiledExpr {
  const cached = compiledCache[precision].get(e);
  if (cached) return cached;
  const { instrs, slotCount } = compileInstrs(e);
  const round = precision === 'f32' ? Math.fround : (v: number) => v;
  const compiled: CompiledExpr = (xs, out, params) => {
    const n = xs.length;
    if (out.length < n) throw new RangeError(`output holds ${out.length} values, ${n} needed`);
    const s = slots(slotCount, n);
    for (const ins of instrs) {
      const a = s[ins.slot] as Float64Array;
      switch (ins.kind) {
        case 'x':
          for (let i = 0; i < n; i++) a[i] = round(xs[i] as number);
          break;
        case 'const':
          a.fill(round(ins.value), 0, n);
          break;
        case 'param':
          a.fill(round(params?.[ins.name] ?? ins.init), 0, n);
          break;
        case 'op':
          runOp(ins.op, precision, s, ins.slot, n);
      }
    }
    const result = s[0] as Float64Array;
    for (let i = 0; i < n; i++) out[i] = result[i] as number;
  };
  compiledCache[precision].set(e, compiled);
  return compiled;
}

/** Values of `e` at every point of `xs` (float64 by default; 'f32' rounds as a float32 network would). */
export function evaluateArray(e: Expr, xs: Float64Array, opts: { precision?: Precision; params?: ParamValues } = {}): Float64Array {
  const out = new Float64Array(xs.length);
  compileExpr(e, opts.precision ?? 'f64')(xs, out, opts.params);
  return out;
}
