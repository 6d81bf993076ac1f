import { readFileSync } from 'node:fs';
import { parseSpace, type SearchSpace } from '@actsearch/spaces';

const spacesDir = new URL('../../../search-spaces/', import.meta.url);

export function repoSpaceText(id: string): string {
  return readFileSync(new URL(`${id}.yaml`, spacesDir), 'utf8');
}

/** A space file of the repository's search-spaces/, parsed. */
export function loadRepoSpace(id: string): SearchSpace {
  return parseSpace(repoSpaceText(id), `${id}.yaml`);
}
