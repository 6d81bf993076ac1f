import { constant, type Expr } from './ast.ts';
import { canonicalize } from './canonical.ts';
import { ValidationError } from '@actsearch/core';
import { chainSum } from './ops/build.ts';
import { getOp } from './ops/registry.ts';

const ZERO = constant(0);

function isZero(e: Expr): boolean {
  return e.kind === 'const' && e.value === 0;
}

function raw(e: Expr, wrt: string): Expr {
  switch (e.kind) {
    case 'var':
    case 'param':
      return e.name === wrt ? constant(1) : ZERO;
    case 'const':
      return ZERO;
    case 'call': {
      const op = getOp(e.op);
      if (!op) throw new ValidationError(`unknown op '${e.op}'`, [{ path: 'op', message: `no op is named '${e.op}'` }]);
      const inner = e.args.map((arg) => raw(arg, wrt));
      if (inner.every(isZero)) return ZERO;
      // Piecewise ops select the active branch's derivative (OpDef.chain) rather than multiply.
      if (op.chain) return op.chain(e.args, inner);
      // Terms whose argument does not depend on `wrt`, or whose partial is the constant 0, are
      // skipped, never multiplied by 0: the other factor may be NaN or ∞ there (∂(a^b)/∂b = a^b·ln a
      // for a < 0; step(exp(x))′ at x = 1000).
      const partials = op.partials(e.args);
      return chainSum(inner.map((d, i) => [partials[i] as Expr, d] as const));
    }
  }
}

/**
 * The symbolic derivative ∂e/∂wrt (the variable `x` by default, or a parameter name), by the chain
 * rule over each op's partial derivatives — piecewise ops (min, max, relu, abs, where, …) by selecting
 * the active branch's derivative with `where`, so a branch not taken never turns ∞ into NaN — then
 * canonicalized. Non-differentiable points take the
 * ops' almost-everywhere derivatives (relu'(0) = 0, |x|'(0) = 0); sinc' and bessel_i1e' select
 * their true slopes (0 and 1/2) at exactly x = 0, where their formulas are a removable 0/0.
 */
export function derivative(e: Expr, wrt = 'x'): Expr {
  return canonicalize(raw(e, wrt));
}
