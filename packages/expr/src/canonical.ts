import { call, constant, type Expr } from './ast.ts';
import { getOp } from './ops/registry.ts';
import { compareExpr, exprEquals, mapBottomUp } from './tree.ts';

/**
 * Ops whose result is finite whenever their arguments are: the only places where `0 * e → 0` and
 * `e - e → 0` are sound (with NaN or ±∞, 0·e and e − e are NaN). Ops that can overflow (+, ·, exp,
 * λ·x in selu, …) are left out.
 */
const FINITE_OPS = new Set([
  'sin',
  'cos',
  'tanh',
  'atan',
  'sigmoid',
  'erf',
  'erfc',
  'bessel_i0e',
  'bessel_i1e',
  'sign',
  'step',
  'hard_sigmoid',
  'softsign',
  'gaussian',
  'sinc',
  'zero',
  'one',
  'neg',
  'abs',
  'identity',
  'relu',
  'asinh',
  'softplus',
  'log_sigmoid',
  'swish',
  'elu',
  'gelu',
  'gelu_tanh',
  'mish',
  'elish',
  'sigmoid_mul',
  'max',
  'min',
  'where',
]);

/**
 * True when `e` is finite at every finite input: the variable, finite constants and parameters
 * (trainable values are finite) combined only by FINITE_OPS.
 */
export function isAlwaysFinite(e: Expr): boolean {
  switch (e.kind) {
    case 'var':
    case 'param':
      return true;
    case 'const':
      return Number.isFinite(e.value);
    case 'call':
      return FINITE_OPS.has(e.op) && e.args.every(isAlwaysFinite);
  }
}

const isConst = (e: Expr, v?: number): e is Extract<Expr, { kind: 'const' }> => e.kind === 'const' && (v === undefined || e.value === v);

// ---- sums -----------------------------------------------------------------------------------------

interface Term {
  coef: number;
  readonly expr: Expr;
}

/** Split a canonical product into its leading constant and the rest (`-2 * x * y` → −2, x * y). */
function splitCoefficient(e: Expr): { coef: number; rest: Expr } {
  if (e.kind === 'call' && e.op === 'neg' && e.args.length === 1) {
    const inner = splitCoefficient(e.args[0] as Expr);
    return { coef: -inner.coef, rest: inner.rest };
  }
  if (e.kind !== 'call' || e.op !== 'mul' || e.args.length !== 2) return { coef: 1, rest: e };
  const spine: Expr[] = [];
  let n: Expr = e;
  while (n.kind === 'call' && n.op === 'mul' && n.args.length === 2) {
    spine.unshift(n.args[1] as Expr);
    n = n.args[0] as Expr;
  }
  if (n.kind !== 'const' || !Number.isFinite(n.value) || n.value === 0) return { coef: 1, rest: e };
  const rest = spine.slice(1).reduce((acc, f) => call('mul', acc, f), spine[0] as Expr);
  return { coef: n.value, rest };
}

/** Terms of a sum built from add, sub and neg (children are canonical already). */
function gatherTerms(e: Expr, sign: number, terms: Term[], constants: number[]): void {
  if (e.kind === 'const') {
    constants.push(sign * e.value);
    return;
  }
  if (e.kind === 'call' && e.args.length === 2 && (e.op === 'add' || e.op === 'sub')) {
    gatherTerms(e.args[0] as Expr, sign, terms, constants);
    gatherTerms(e.args[1] as Expr, e.op === 'add' ? sign : -sign, terms, constants);
    return;
  }
  if (e.kind === 'call' && e.op === 'neg' && e.args.length === 1) {
    gatherTerms(e.args[0] as Expr, -sign, terms, constants);
    return;
  }
  const { coef, rest } = splitCoefficient(e);
  terms.push({ coef: sign * coef, expr: rest });
}

/** k·e as a canonical product. */
const scaled = (k: number, e: Expr): Expr => (k === 1 ? e : canonicalProduct(call('mul', constant(k), e)));

/**
 * A sum in normal form: like terms combined (x + x → 2 * x; t − t → 0 only when t is always finite),
 * constants folded, terms sorted, positive terms first, then subtractions, the constant last
 * (or first when nothing is added: `1 - sigmoid(x)`).
 */
function canonicalSum(e: Expr): Expr {
  const raw: Term[] = [];
  const constants: number[] = [];
  gatherTerms(e, 1, raw, constants);
  const c = constants.reduce((a, b) => a + b, 0);
  if (Number.isNaN(c)) return constant(NaN); // NaN + anything is NaN
  const terms: Term[] = [];
  const kept: Term[] = []; // cancelled pairs that are not always finite stay as they were
  for (const t of raw) {
    const same = terms.find((u) => exprEquals(u.expr, t.expr));
    if (same) same.coef += t.coef;
    else terms.push({ ...t });
  }
  const live: Term[] = [];
  for (const t of terms) {
    if (t.coef !== 0) live.push(t);
    else if (!isAlwaysFinite(t.expr)) kept.push({ coef: 1, expr: t.expr }, { coef: -1, expr: t.expr });
  }
  live.push(...kept);
  live.sort((a, b) => compareExpr(a.expr, b.expr) || b.coef - a.coef);
  const positives = live.filter((t) => t.coef > 0);
  const negatives = live.filter((t) => t.coef < 0);
  let acc: Expr | undefined;
  for (const t of positives) acc = acc === undefined ? scaled(t.coef, t.expr) : call('add', acc, scaled(t.coef, t.expr));
  if (acc === undefined && c !== 0) acc = constant(c);
  for (const t of negatives) acc = acc === undefined ? scaled(t.coef, t.expr) : call('sub', acc, scaled(-t.coef, t.expr));
  if (acc === undefined) return constant(c);
  if (c !== 0 && positives.length > 0) acc = c > 0 ? call('add', acc, constant(c)) : call('sub', acc, constant(-c));
  return acc;
}

// ---- products ---------------------------------------------------------------------------------------

function gatherFactors(e: Expr, factors: Expr[], state: { sign: number; c: number }): void {
  if (e.kind === 'const') {
    state.c *= e.value;
    return;
  }
  if (e.kind === 'call' && e.op === 'mul' && e.args.length === 2) {
    gatherFactors(e.args[0] as Expr, factors, state);
    gatherFactors(e.args[1] as Expr, factors, state);
    return;
  }
  if (e.kind === 'call' && e.op === 'neg' && e.args.length === 1) {
    state.sign = -state.sign;
    gatherFactors(e.args[0] as Expr, factors, state);
    return;
  }
  factors.push(e);
}

/** A product in normal form: signs and constants folded into one leading constant, factors sorted. */
function canonicalProduct(e: Expr): Expr {
  const factors: Expr[] = [];
  const state = { sign: 1, c: 1 };
  gatherFactors(e, factors, state);
  const c = state.sign * state.c;
  if (Number.isNaN(c)) return constant(NaN);
  if (factors.length === 0) return constant(c);
  if (c === 0 && factors.every(isAlwaysFinite)) return constant(0);
  factors.sort(compareExpr);
  const product = factors.slice(1).reduce((acc, f) => call('mul', acc, f), factors[0] as Expr);
  if (c === 1) return product;
  if (c === -1) return call('neg', product);
  return factors.reduce((acc, f) => call('mul', acc, f), constant(c) as Expr);
}

// ---- one node ---------------------------------------------------------------------------------------

function dedupeMaxMin(e: Extract<Expr, { kind: 'call' }>): Expr {
  const operands: Expr[] = [];
  const gather = (n: Expr) => {
    if (n.kind === 'call' && n.op === e.op && n.args.length === 2) n.args.forEach(gather);
    else if (!operands.some((o) => exprEquals(o, n))) operands.push(n);
  };
  gather(e);
  const pick = e.op === 'max' ? Math.max : Math.min;
  const consts = operands.filter((o) => o.kind === 'const').map((o) => (o as { value: number }).value);
  const rest = operands.filter((o) => o.kind !== 'const').sort(compareExpr);
  const all = consts.length > 0 ? [...rest, constant(pick(...consts))] : rest;
  return all.slice(1).reduce((acc, o) => call(e.op, acc, o), all[0] as Expr);
}

function simplifyNode(e: Expr): Expr {
  if (e.kind !== 'call') return e;
  const op = getOp(e.op);
  if (!op || op.name !== e.op || e.args.length !== op.arity) return e;
  const [a, b] = e.args;
  switch (e.op) {
    case 'identity':
      return a as Expr;
    case 'zero':
      return constant(0);
    case 'one':
      return constant(1);
  }
  if (e.args.every((x) => x.kind === 'const')) return constant(op.f64(...e.args.map((x) => (x as { value: number }).value)));
  switch (e.op) {
    case 'add':
    case 'sub':
    case 'neg':
      return canonicalSum(e);
    case 'mul':
      return canonicalProduct(e);
    case 'max':
    case 'min':
      return dedupeMaxMin(e);
    case 'div':
      if (isConst(b as Expr, 1)) return a as Expr;
      if (isConst(b as Expr, -1)) return simplifyNode(call('neg', a as Expr));
      if (a?.kind === 'call' && a.op === 'neg') return simplifyNode(call('neg', call('div', a.args[0] as Expr, b as Expr)));
      if (b?.kind === 'call' && b.op === 'neg') return simplifyNode(call('neg', call('div', a as Expr, b.args[0] as Expr)));
      return e;
    case 'pow':
      if (isConst(b as Expr, 1)) return a as Expr;
      if (isConst(b as Expr, 0) || isConst(a as Expr, 1)) return constant(1); // C pow: x^0 = 1^y = 1, NaN included
      return e;
    case 'where': {
      const [, , c2] = e.args;
      if (a?.kind === 'const') return a.value > 0 ? (b as Expr) : a.value <= 0 ? (c2 as Expr) : constant(NaN);
      // The same functions, NaN rule included, in their familiar form.
      if (isConst(b as Expr, 1) && isConst(c2 as Expr, 0)) return call('step', a as Expr);
      if (
        isConst(b as Expr, 1) &&
        c2?.kind === 'call' &&
        c2.op === 'where' &&
        isConst(c2.args[1] as Expr, -1) &&
        isConst(c2.args[2] as Expr, 0)
      ) {
        const inner = c2.args[0] as Expr;
        if (inner.kind === 'call' && inner.op === 'neg' && exprEquals(inner.args[0] as Expr, a as Expr)) return call('sign', a as Expr);
      }
      if (exprEquals(b as Expr, c2 as Expr) && isAlwaysFinite(a as Expr)) return b as Expr;
      return e;
    }
    case 'abs':
    case 'square':
      if (a?.kind === 'call' && (a.op === 'neg' || (a.op === 'abs' && e.op === 'abs'))) return call(e.op, a.args[0] as Expr);
      return e;
  }
  return e;
}

/**
 * A canonical form for display and identity: sums and products flattened, like terms combined,
 * operands of + · max min sorted, constants folded, and identities removed (x·1, x+0, x/1, x^1, x^0,
 * −−x, −a·b = −(a·b), PANGAEA's identity/zero/one). The result has the same real-valued function:
 * `0·e` and `e − e` become 0 only when e is finite at every finite input, and NaN/±∞ constants
 * are kept where they matter. Floating-point results can differ in the last bits (sums are
 * re-associated). Idempotent: canonicalize(canonicalize(e)) equals canonicalize(e).
 */
export function canonicalize(e: Expr): Expr {
  let current = e;
  for (let i = 0; i < 16; i++) {
    const next = mapBottomUp(current, simplifyNode);
    if (exprEquals(next, current)) return next;
    current = next;
  }
  return current;
}
