/**
 * Helpers for writing code and LaTeX templates. Arguments arrive as rendered code of unknown shape, so
 * templates group them before putting them next to an operator.
 */

const SIMPLE = /^(?:[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;

/** Index of the bracket closing the one at `open`, or −1. */
function closingIndex(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** True when `s` is one token, one call `f(...)`, or one bracketed group spanning the whole string. */
export function isSelfDelimited(s: string): boolean {
  if (SIMPLE.test(s)) return true;
  const call = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\(/.exec(s);
  const open = call ? call[0].length - 1 : s.startsWith('(') ? 0 : -1;
  return open >= 0 && closingIndex(s, open) === s.length - 1;
}

/** Parenthesise rendered code unless it is already self-delimited. */
export function g(s: string): string {
  return isSelfDelimited(s) ? s : `(${s})`;
}

/** `(a op b)` with grouped operands: safe to nest anywhere. */
export function infix(op: string): (args: readonly string[]) => string {
  return (a) => `(${g(arg(a, 0))} ${op} ${g(arg(a, 1))})`;
}

/** Argument i of a template call (templates are only called with `arity` arguments). */
export function arg(args: readonly string[], i: number): string {
  const v = args[i];
  if (v === undefined) throw new RangeError(`template needs argument ${i}`);
  return v;
}

/** A template that calls `name(arg0, arg1, …)`. */
export function callT(name: string): (args: readonly string[]) => string {
  return (a) => `${name}(${a.join(', ')})`;
}

// ---- LaTeX -------------------------------------------------------------------------------------------

/** True when the LaTeX has a + or − outside any group (so it needs parentheses next to · or −). */
function hasTopLevelSum(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') depth--;
    else if (depth === 0 && (ch === '+' || ch === '-') && i > 0) return true;
  }
  return false;
}

const LATEX_ATOM = /^(?:[A-Za-z0-9.]+|\\[A-Za-z]+(?:_\{?\d+\}?)?|[A-Za-z]_\{?\d+\}?)$/;

/** Group a LaTeX operand of a product or of a subtrahend. */
export function lxSum(s: string): string {
  return hasTopLevelSum(s) || s.startsWith('-') ? `\\left(${s}\\right)` : s;
}

/** Group a LaTeX base of a power unless it is a single symbol or number. */
export function lxAtom(s: string): string {
  return LATEX_ATOM.test(s) && !s.startsWith('-') ? s : `\\left(${s}\\right)`;
}

/** `\name\left(a, b\right)` for a named function. */
export function lxFn(name: string): (args: readonly string[]) => string {
  const head = name.startsWith('\\') ? name : `\\operatorname{${name.replace(/_/g, '\\_')}}`;
  return (a) => `${head}\\left(${a.join(', ')}\\right)`;
}
