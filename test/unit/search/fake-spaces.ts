/**
 * Small spaces written for the search tests, where a real space file would blur the point of a test:
 * `gridSpace` is a large space with a separable objective (evolution and the controller must find its
 * optimum), `toySpace` mirrors `binary(unary(x), unary(x))` with a hand-written interpreter so that
 * equal functions collide by fingerprint exactly as in real spaces.
 */
import { call, constant, X } from '@actsearch/expr';
import type { Expr, Rng } from '@actsearch/expr';
import { SearchDomain } from '@actsearch/search';
import type { Analyzer, Genome, SpaceView } from '@actsearch/search';

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function* lexicographic(sizes: readonly number[]): Generator<Genome> {
  const v = sizes.map(() => 0);
  for (;;) {
    yield v.slice();
    let i = v.length - 1;
    while (i >= 0) {
      v[i] = (v[i] as number) + 1;
      if ((v[i] as number) < (sizes[i] as number)) break;
      v[i] = 0;
      i--;
    }
    if (i < 0) return;
  }
}

/** A fixed-shape space: one decision per position, position i with sizes[i] choices. */
function productView(id: string, sizes: readonly number[], decode: (g: Genome) => Expr): SpaceView {
  return {
    id,
    count: () => sizes.reduce((a, s) => a * BigInt(s), 1n),
    decisionsAt: (prefix) => (prefix.length < sizes.length ? range(sizes[prefix.length] as number) : []),
    enumerate: () => lexicographic(sizes),
    sample: (rng: Rng) => sizes.map((s) => rng.int(s)),
    mutate: (g: Genome, rng: Rng) => {
      const movable = sizes.map((s, i) => (s > 1 ? i : -1)).filter((i) => i >= 0);
      const i = rng.pick(movable);
      const out = g.slice();
      out[i] = ((g[i] as number) + 1 + rng.int((sizes[i] as number) - 1)) % (sizes[i] as number);
      return out;
    },
    crossover: (a: Genome, b: Genome, rng: Rng) => a.map((v, i) => (rng.next() < 0.5 ? v : (b[i] as number))),
    decode,
  };
}

export const TOY_UNARY: Readonly<Record<string, (x: number) => number>> = {
  identity: (x) => x,
  negative: (x) => -x,
  abs: Math.abs,
  square: (x) => x * x,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  sin: Math.sin,
};
const TOY_BINARY: Readonly<Record<string, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  mul: (a, b) => a * b,
  max: Math.max,
  div: (a, b) => a / b,
};
const UNARY_NAMES = Object.keys(TOY_UNARY);
const BINARY_NAMES = Object.keys(TOY_BINARY);
/** Points where functions are compared (0 is among them, so `div` by an odd function gives NaN). */
export const TOY_POINTS = [-3, -2, -1.5, -1, -0.5, -0.25, 0, 0.25, 0.5, 1, 1.5, 2, 3];

export function toyEvaluate(e: Expr, x: number): number {
  switch (e.kind) {
    case 'var':
      return x;
    case 'const':
      return e.value;
    case 'param':
      return e.init;
    case 'call': {
      const args = e.args.map((a) => toyEvaluate(a, x));
      const u = TOY_UNARY[e.op];
      if (u !== undefined) return u(args[0] as number);
      const b = TOY_BINARY[e.op];
      if (b !== undefined) return b(args[0] as number, args[1] as number);
      if (e.op === 'swish') return (args[0] as number) / (1 + Math.exp(-(args[0] as number)));
      if (e.op === 'relu') return Math.max(args[0] as number, 0);
      throw new Error(`toy space has no op ${e.op}`);
    }
  }
}

function toyOutputs(e: Expr): number[] {
  return TOY_POINTS.map((x) => toyEvaluate(e, x));
}

const toyAnalyzer: Analyzer = {
  fingerprint: (e) => toyOutputs(e).map((v) => (Number.isFinite(v) ? v.toFixed(6) : String(v))).join('|'),
  featurize: (e) => Float64Array.from(toyOutputs(e), (v) => (Number.isFinite(v) ? Math.sign(v) * Math.log1p(Math.abs(v)) : 0)),
  fingerprintOfText: (text) => {
    const m = /^([a-z_]+)\(x\)$/.exec(text);
    if (m === null) return undefined;
    try {
      return toyAnalyzer.fingerprint(call(m[1] as string, X));
    } catch {
      return undefined;
    }
  },
};

/**
 * `[0, b, u1, u2]` = `b(u1(x), u2(x))` over 4 binaries and 7 unaries: 196 members, fewer distinct
 * functions (add/mul/max are commutative; `max(identity, abs)` = `abs`, …).
 */
export function toyView(): SpaceView {
  return productView('toy', [1, BINARY_NAMES.length, UNARY_NAMES.length, UNARY_NAMES.length], (g) =>
    call(BINARY_NAMES[g[1] as number] as string, call(UNARY_NAMES[g[2] as number] as string, X), call(UNARY_NAMES[g[3] as number] as string, X)),
  );
}

export function toySpace(materializeLimit?: number): SearchDomain {
  return new SearchDomain(toyView(), toyAnalyzer, materializeLimit === undefined ? {} : { materializeLimit });
}

/** The genome of `b(u1(x), u2(x))` in the toy space. */
export function toyGenome(b: string, u1: string, u2: string): Genome {
  return [0, BINARY_NAMES.indexOf(b), UNARY_NAMES.indexOf(u1), UNARY_NAMES.indexOf(u2)];
}

/** Fixed-shape grid: `length` positions with `size` choices each; every member is its own function. */
export function gridSpace(length: number, size: number): SearchDomain {
  const view = productView(`grid-${length}x${size}`, Array.from({ length }, () => size), (g) => call('grid', ...g.map((v) => constant(v))));
  const valuesOf = (e: Expr): number[] => (e.kind === 'call' ? e.args.map((a) => (a.kind === 'const' ? a.value : NaN)) : []);
  return new SearchDomain(view, {
    fingerprint: (e) => valuesOf(e).join('.'),
    featurize: (e) => Float64Array.from(valuesOf(e)),
    fingerprintOfText: () => undefined,
  });
}
