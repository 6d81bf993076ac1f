import type { Rng } from '@actsearch/expr';
import { genomeKey } from './search-domain.ts';
import type { SpaceView } from './search-domain.ts';
import type { Genome } from './types.ts';

const RETRIES = 32;

/**
 * A space cut down to a given set of members (e.g. the rows of a tabular benchmark, or one shape):
 * enumeration, sampling and the decision grammar see only those members; mutation and crossover use
 * the space's own operators and retry until they land inside the set (then draw a member at random).
 */
export function restrictView(base: SpaceView, members: readonly Genome[], id = `${base.id}/${members.length}`): SpaceView {
  const list = members.map((g) => g.slice());
  const inside = new Set(list.map(genomeKey));
  const next = new Map<string, Set<number>>();
  for (const g of list) {
    for (let i = 0; i < g.length; i++) {
      const key = genomeKey(g.slice(0, i));
      let s = next.get(key);
      if (s === undefined) next.set(key, (s = new Set()));
      s.add(g[i] as number);
    }
  }
  const allowed = new Map([...next].map(([k, s]) => [k, [...s].sort((a, b) => a - b)]));
  const sample = (rng: Rng): Genome => list[rng.int(list.length)] as Genome;
  const within = (make: () => Genome, rng: Rng): Genome => {
    for (let i = 0; i < RETRIES; i++) {
      const g = make();
      if (inside.has(genomeKey(g))) return g;
    }
    return sample(rng);
  };
  return {
    id,
    count: () => BigInt(list.length),
    decisionsAt: (prefix) => (inside.has(genomeKey(prefix)) ? [] : (allowed.get(genomeKey(prefix)) ?? [])),
    enumerate: () => list.values(),
    sample,
    mutate: (g, rng) => within(() => base.mutate(g, rng), rng),
    crossover: (a, b, rng) => within(() => base.crossover(a, b, rng), rng),
    decode: (g) => base.decode(g),
  };
}
