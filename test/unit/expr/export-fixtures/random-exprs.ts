/**
 * Random activations built straight from the op table with a seeded Rng (independent of
 * @actsearch/spaces): half in the PANGAEA shape `binary(unary(x), unary(x))`, half random trees of
 * depth ≤ 3 over every operator, with constants and a trainable `beta`. As in a space file, an op's
 * coefficient positions (optional arguments such as leaky_relu's slope or apa's λ, κ, and a kernel's
 * β) hold a constant or a parameter, never a sub-tree of x.
 */
import { call, constant, listOps, param, X, type Expr, type OpDef, type Rng } from '@actsearch/expr';

const CONSTANTS = [0.5, 1, 2, 3, -1, 0.1, 1.702];
const INITS = [1, 0.5, 1.5];
const COEFFICIENTS = [0.5, 1, 2, 1.702];

/** Whether argument i of op is a coefficient rather than a data input. */
function isCoefficient(op: OpDef, i: number): boolean {
  return op.defaults?.[i] !== undefined || (op.family === 'kernel' && op.arity === 3 && i === 2);
}

function filler(op: OpDef, i: number, leaf: () => Expr): Expr {
  const d = op.defaults?.[i];
  return d === undefined ? leaf() : constant(d);
}

/** Applies `op` to the given leading arguments, filling the rest with defaults or `leaf()`. */
function apply(op: OpDef, first: readonly Expr[], leaf: () => Expr): Expr {
  const args = Array.from({ length: op.arity }, (_, i) => first[i] ?? filler(op, i, leaf));
  return call(op.name, ...args);
}

export function randomActivation(rng: Rng): Expr {
  // `where` came after this sample was drawn; leaving it out keeps the seeded sample as it was (the
  // compositions in cases.ts and constantArgumentCases cover it).
  const ops = listOps().filter((o) => o.name !== 'where');
  const beta = param('beta', rng.pick(INITS));
  const paramLeaf = (): Expr => beta;
  if (rng.next() < 0.5) {
    const unary = ops.filter((o) => o.arity === 1 || (o.defaults?.[1] !== undefined && o.arity === 2));
    const binary = ops.filter((o) => o.arity === 2 || (o.arity === 3 && o.family === 'kernel'));
    const u1 = apply(rng.pick(unary), [X], paramLeaf);
    const u2 = apply(rng.pick(unary), [X], paramLeaf);
    return apply(rng.pick(binary), [u1, u2], paramLeaf);
  }
  const leaf = (): Expr => {
    const r = rng.next();
    if (r < 0.65) return X;
    if (r < 0.9) return constant(rng.pick(CONSTANTS));
    return beta;
  };
  const coefficient = (op: OpDef, i: number): Expr => {
    const d = op.defaults?.[i];
    const r = rng.next();
    if (r < 0.4 && d !== undefined) return constant(d);
    return r < 0.7 ? beta : constant(rng.pick(COEFFICIENTS));
  };
  const tree = (depth: number): Expr => {
    if (depth === 0 || rng.next() < 0.2) return leaf();
    const op = rng.pick(ops);
    return call(op.name, ...Array.from({ length: op.arity }, (_, i) => (isCoefficient(op, i) ? coefficient(op, i) : tree(depth - 1))));
  };
  const e = tree(3);
  return containsX(e) ? e : call('add', e, X);
}

export function containsX(e: Expr): boolean {
  return e.kind === 'var' || (e.kind === 'call' && e.args.some(containsX));
}
