import { call, constant, listOps, param, X, type Expr, type Rng } from '@actsearch/expr';

const PARAM_NAMES = ['beta', 'alpha', 'beta2', 'kappa', 'lambda3'];
const SPECIAL_CONSTANTS = [0, -0, 1, -1, 0.5, 2, 1e-7, -3.25, 1e21, 5e-324, Infinity, -Infinity, NaN];

/**
 * Random expression trees over the whole op table, for property tests. Parameter names map to one
 * initial value per tree (as the syntax requires); `maxDepth` bounds the tree depth.
 */
export function randomExpr(rng: Rng, maxDepth: number, opts: { finiteConstants?: boolean; ops?: readonly string[] } = {}): Expr {
  const ops = listOps().filter((o) => !opts.ops || opts.ops.includes(o.name));
  const inits = new Map<string, number>();
  const leaf = (): Expr => {
    const r = rng.next();
    if (r < 0.5) return X;
    if (r < 0.8) {
      const pool = opts.finiteConstants ? SPECIAL_CONSTANTS.filter(Number.isFinite) : SPECIAL_CONSTANTS;
      return constant(rng.next() < 0.5 ? rng.pick(pool) : Math.round(rng.normal() * 3 * 1000) / 1000);
    }
    const name = rng.pick(PARAM_NAMES);
    if (!inits.has(name)) inits.set(name, rng.next() < 0.5 ? 1 : Math.round(rng.normal() * 100) / 50);
    return param(name, inits.get(name) as number);
  };
  const build = (depth: number): Expr => {
    if (depth <= 1 || rng.next() < 0.25) return leaf();
    const op = rng.pick(ops);
    return call(op.name, ...Array.from({ length: op.arity }, () => build(depth - 1)));
  };
  return build(maxDepth);
}
