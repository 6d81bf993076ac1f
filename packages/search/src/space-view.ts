import { layerAnalyzer } from '@actsearch/expr';
import { contentHash, count, crossover, decisionsAt, decode, enumerate, mutate, sample } from '@actsearch/spaces';
import type { SearchSpace } from '@actsearch/spaces';
import { exprAnalyzer } from './expr-analyzer.ts';
import { SearchDomain } from './search-domain.ts';
import type { Analyzer, DomainOptions, SpaceView } from './search-domain.ts';

const ranges: number[][] = [];
function range(n: number): readonly number[] {
  return (ranges[n] ??= Array.from({ length: n }, (_, i) => i));
}

/** A loaded space seen through the methods strategies use; its id is the space's content hash. */
export function spaceView(space: SearchSpace): SpaceView {
  return {
    id: contentHash(space),
    count: () => count(space),
    decisionsAt: (prefix) => {
      const d = decisionsAt(space, prefix);
      return d === null ? [] : range(d.size);
    },
    enumerate: () => enumerate(space),
    sample: (rng) => sample(space, rng),
    mutate: (genome, rng) => mutate(genome, space, rng),
    crossover: (a, b, rng) => crossover(a, b, space, rng),
    decode: (genome) => decode(space, genome),
  };
}

const domains = new WeakMap<SearchSpace, SearchDomain>();

/**
 * How a space's members are identified and described: activation fingerprints and features, or, for
 * a space of normalization-activation layers (`kind: layer`), layer fingerprints on the probe tensor
 * (docs/layers.md). Strategies see only the analyzer, so they search either kind unchanged.
 */
export function analyzerOf(space: SearchSpace): Analyzer {
  return space.kind === 'layer' ? layerAnalyzer : exprAnalyzer;
}

/**
 * The search domain of a loaded space with its kind's fingerprints and features (analyzerOf). Without
 * options it is memoized per space object, so every strategy on that space shares its caches.
 */
export function searchDomain(space: SearchSpace, options?: DomainOptions): SearchDomain {
  if (options !== undefined) return new SearchDomain(spaceView(space), analyzerOf(space), options);
  let d = domains.get(space);
  if (d === undefined) {
    d = new SearchDomain(spaceView(space), analyzerOf(space));
    domains.set(space, d);
  }
  return d;
}
