/**
 * A fake space for the tests where a real space file would blur the point: `gridSpace` has one
 * independent decision per position and every member is its own function, so an objective can be
 * separable (evolution and the controller must find its optimum) and rung arithmetic exact (halving).
 */
import { call, constant } from '@actsearch/expr';
import type { Expr, Rng } from '@actsearch/expr';
import { SearchDomain } from '@actsearch/search';
import type { Genome, SpaceView } from '@actsearch/search';

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

/** Fixed-shape grid: `length` positions with `size` choices each; every member is its own function. */
export function gridSpace(length: number, size: number): SearchDomain {
  const view = productView(
    `grid-${length}x${size}`,
    Array.from({ length }, () => size),
    (g) => call('grid', ...g.map((v) => constant(v))),
  );
  const valuesOf = (e: Expr): number[] => (e.kind === 'call' ? e.args.map((a) => (a.kind === 'const' ? a.value : NaN)) : []);
  return new SearchDomain(view, {
    fingerprint: (e) => valuesOf(e).join('.'),
    featurize: (e) => Float64Array.from(valuesOf(e)),
    fingerprintOfText: () => undefined,
  });
}
