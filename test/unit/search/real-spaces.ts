import { readFileSync } from 'node:fs';
import { evaluateArray } from '@actsearch/expr';
import { parseSpace } from '@actsearch/spaces';
import type { SearchSpace } from '@actsearch/spaces';
import { searchDomain } from '@actsearch/search';
import type { SearchDomain } from '@actsearch/search';

/** A space file of the repository's search-spaces/, parsed afresh (so each test gets fresh caches). */
export function loadSpace(id: string): SearchSpace {
  return parseSpace(readFileSync(new URL(`../../../search-spaces/${id}.yaml`, import.meta.url), 'utf8'), `${id}.yaml`);
}

/** tiny.yaml as a search domain; a small materialize limit forces the large-space code paths. */
export function tinyDomain(materializeLimit?: number): SearchDomain {
  return searchDomain(loadSpace('tiny'), materializeLimit === undefined ? {} : { materializeLimit });
}

export const GRID = Float64Array.from([-3, -2, -1.5, -1, -0.5, -0.25, 0, 0.25, 0.5, 1, 1.5, 2, 3]);

export function outputsOf(domain: SearchDomain, genome: readonly number[]): Float64Array {
  return evaluateArray(domain.view.decode(genome), GRID);
}
