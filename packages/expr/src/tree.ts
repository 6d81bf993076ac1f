import { call, type Expr, type ParamNode } from './ast.ts';

/** Structural equality; constants compare with Object.is (NaN equals NaN, 0 differs from −0). */
export function exprEquals(a: Expr, b: Expr): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'var':
      return b.kind === 'var' && a.name === b.name;
    case 'const':
      return b.kind === 'const' && Object.is(a.value, b.value);
    case 'param':
      return b.kind === 'param' && a.name === b.name && Object.is(a.init, b.init);
    case 'call':
      return (
        b.kind === 'call' &&
        a.op === b.op &&
        a.args.length === b.args.length &&
        a.args.every((arg, i) => exprEquals(arg, b.args[i] as Expr))
      );
  }
}

/** Number of nodes. */
export function exprSize(e: Expr): number {
  if (e.kind !== 'call') return 1;
  let n = 1;
  for (const a of e.args) n += exprSize(a);
  return n;
}

/** Levels of the tree: a leaf has depth 1. */
export function exprDepth(e: Expr): number {
  if (e.kind !== 'call') return 1;
  let d = 0;
  for (const a of e.args) d = Math.max(d, exprDepth(a));
  return d + 1;
}

/** Distinct parameters by name, in order of first appearance (left to right). */
export function paramsOf(e: Expr): ParamNode[] {
  const out: ParamNode[] = [];
  const seen = new Set<string>();
  const walk = (n: Expr) => {
    if (n.kind === 'param') {
      if (!seen.has(n.name)) {
        seen.add(n.name);
        out.push(n);
      }
    } else if (n.kind === 'call') n.args.forEach(walk);
  };
  walk(e);
  return out;
}

/** Replace variable nodes by name; the result shares untouched subtrees with `e`. */
export function substitute(e: Expr, bindings: Readonly<Record<string, Expr>>): Expr {
  if (e.kind === 'var') return Object.prototype.hasOwnProperty.call(bindings, e.name) ? (bindings[e.name] as Expr) : e;
  if (e.kind !== 'call') return e;
  let changed = false;
  const args = e.args.map((a) => {
    const s = substitute(a, bindings);
    if (s !== a) changed = true;
    return s;
  });
  return changed ? call(e.op, ...args) : e;
}

/** Apply `f` to every node bottom-up (children first), rebuilding only what changed. */
export function mapBottomUp(e: Expr, f: (n: Expr) => Expr): Expr {
  if (e.kind !== 'call') return f(e);
  let changed = false;
  const args = e.args.map((a) => {
    const m = mapBottomUp(a, f);
    if (m !== a) changed = true;
    return m;
  });
  return f(changed ? call(e.op, ...args) : e);
}

const KIND_RANK = { const: 0, param: 1, var: 2, call: 3 } as const;

/** A total order on expressions (for sorting commutative operands): constants, params, vars, calls. */
export function compareExpr(a: Expr, b: Expr): number {
  if (a.kind !== b.kind) return KIND_RANK[a.kind] - KIND_RANK[b.kind];
  switch (a.kind) {
    case 'const': {
      const bv = (b as typeof a).value;
      if (Object.is(a.value, bv)) return 0;
      if (Number.isNaN(a.value)) return 1;
      if (Number.isNaN(bv)) return -1;
      return a.value < bv ? -1 : a.value > bv ? 1 : Object.is(a.value, -0) ? -1 : 1;
    }
    case 'param': {
      const p = b as typeof a;
      return a.name < p.name ? -1 : a.name > p.name ? 1 : a.init - p.init || 0;
    }
    case 'var': {
      const v = b as typeof a;
      return a.name < v.name ? -1 : a.name > v.name ? 1 : 0;
    }
    case 'call': {
      const c = b as typeof a;
      const sa = exprSize(a);
      const sb = exprSize(c);
      if (sa !== sb) return sa - sb;
      if (a.op !== c.op) return a.op < c.op ? -1 : 1;
      if (a.args.length !== c.args.length) return a.args.length - c.args.length;
      for (let i = 0; i < a.args.length; i++) {
        const d = compareExpr(a.args[i] as Expr, c.args[i] as Expr);
        if (d !== 0) return d;
      }
      return 0;
    }
  }
}
