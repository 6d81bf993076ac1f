import { call, constant, type Expr } from './ast.ts';
import { canonicalize } from './canonical.ts';
import { ValidationError } from './errors.ts';
import { getOp } from './ops/registry.ts';

const ZERO = constant(0);

function isZero(e: Expr): boolean {
  return e.kind === 'const' && e.value === 0;
}

function isOne(e: Expr): boolean {
  return e.kind === 'const' && e.value === 1;
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
      const partials = op.partials(e.args);
      let sum: Expr | undefined;
      e.args.forEach((arg, i) => {
        const inner = raw(arg, wrt);
        // Terms whose argument does not depend on `wrt` are skipped, never multiplied by 0: the
        // partial itself may be NaN there (∂(a^b)/∂b = a^b·ln a for a < 0).
        if (isZero(inner)) return;
        const partial = partials[i] as Expr;
        const term = isOne(inner) ? partial : call('mul', partial, inner);
        sum = sum === undefined ? term : call('add', sum, term);
      });
      return sum ?? ZERO;
    }
  }
}

/**
 * The symbolic derivative ∂e/∂wrt (the variable `x` by default, or a parameter name), by the chain
 * rule over each op's partial derivatives, then canonicalized. Non-differentiable points take the
 * ops' almost-everywhere derivatives (relu'(0) = 0, |x|'(0) = 0); sinc' and bessel_i1e' have a
 * removable 0/0 at exactly x = 0.
 */
export function derivative(e: Expr, wrt = 'x'): Expr {
  return canonicalize(raw(e, wrt));
}
