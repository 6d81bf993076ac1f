import type { Expr } from './ast.ts';
import { ValidationError } from '@actsearch/core';
import { getOp } from './ops/registry.ts';
import { DEFAULT_PARAM_INIT } from './params.ts';
import { paramsOf } from './tree.ts';

/** Precedence of what a node prints as: higher binds tighter. */
const ADDITIVE = 1;
const MULTIPLICATIVE = 2;
const UNARY = 3;
const POWER = 4;
const ATOM = 5;

const INFIX: Readonly<Record<string, { symbol: string; prec: number }>> = {
  add: { symbol: ' + ', prec: ADDITIVE },
  sub: { symbol: ' - ', prec: ADDITIVE },
  mul: { symbol: ' * ', prec: MULTIPLICATIVE },
  div: { symbol: ' / ', prec: MULTIPLICATIVE },
};

/** A number as the parser reads it back exactly: shortest round-trip digits, `inf`, `nan`, `-0`. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

function precOf(e: Expr): number {
  if (e.kind === 'const') return e.value < 0 || Object.is(e.value, -0) ? UNARY : ATOM;
  if (e.kind !== 'call') return ATOM;
  if (e.args.length === 2 && INFIX[e.op]) return (INFIX[e.op] as { prec: number }).prec;
  if (e.op === 'pow' && e.args.length === 2) return POWER;
  if (e.op === 'neg' && e.args.length === 1) return UNARY;
  return ATOM;
}

function wrap(e: Expr, minPrec: number): string {
  const s = printBody(e);
  return precOf(e) < minPrec ? `(${s})` : s;
}

function printBody(e: Expr): string {
  switch (e.kind) {
    case 'var':
    case 'param':
      return e.name;
    case 'const':
      return formatNumber(e.value);
    case 'call': {
      const [a, b] = e.args;
      const infix = INFIX[e.op];
      if (infix && a && b && e.args.length === 2) {
        // Left-associative: the right operand needs strictly tighter binding.
        return `${wrap(a, infix.prec)}${infix.symbol}${wrap(b, infix.prec + 1)}`;
      }
      if (e.op === 'pow' && a && b && e.args.length === 2) return `${wrap(a, ATOM)}^${wrap(b, UNARY)}`;
      if (e.op === 'neg' && a && e.args.length === 1) {
        // `-(2)`: a bare `-2` would read back as the constant −2.
        const operand = a.kind === 'const' && precOf(a) === ATOM ? `(${printBody(a)})` : wrap(a, UNARY);
        return `-${operand}`;
      }
      return `${e.op}(${trimDefaults(e).map(printBody).join(', ')})`;
    }
  }
}

/** Drop trailing arguments equal to their op's defaults; the parser fills them back in. */
function trimDefaults(e: Extract<Expr, { kind: 'call' }>): readonly Expr[] {
  const defaults = getOp(e.op)?.defaults;
  if (!defaults) return e.args;
  let end = e.args.length;
  while (end > 0) {
    const arg = e.args[end - 1] as Expr;
    const d = defaults[end - 1];
    if (d === undefined || arg.kind !== 'const' || !Object.is(arg.value, d)) break;
    end--;
  }
  return e.args.slice(0, end);
}

/**
 * Infix text with minimal parentheses, plus a `; beta = 1.5` clause for parameters whose initial value
 * is not the default. `parse(print(e))` is structurally equal to `e` for any tree of known op names
 * with one initial value per parameter name (a second value throws ValidationError).
 */
export function print(e: Expr): string {
  return printWithDefaults(e, () => DEFAULT_PARAM_INIT);
}

/** `print` with another rule for which initial values go without saying (layers: `printLayer`). */
export function printWithDefaults(e: Expr, defaultInit: (name: string) => number): string {
  const body = printBody(e);
  const decls: string[] = [];
  const seen = new Map<string, number>();
  const check = (n: Expr) => {
    if (n.kind === 'param') {
      const prev = seen.get(n.name);
      if (prev !== undefined && !Object.is(prev, n.init)) {
        throw new ValidationError(`parameter '${n.name}' has two initial values (${formatNumber(prev)} and ${formatNumber(n.init)})`, [
          { path: n.name, message: 'one parameter name must have one initial value' },
        ]);
      }
      seen.set(n.name, n.init);
    } else if (n.kind === 'call') n.args.forEach(check);
  };
  check(e);
  for (const p of paramsOf(e)) if (!Object.is(p.init, defaultInit(p.name))) decls.push(`${p.name} = ${formatNumber(p.init)}`);
  return decls.length > 0 ? `${body}; ${decls.join(', ')}` : body;
}
