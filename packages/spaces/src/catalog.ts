/**
 * The spaces known to a process, by id. Built from file contents the caller has read
 * (`{name, text}`), so this package stays free of I/O.
 */
import { NotFoundError, ValidationError } from '@actsearch/core';
import { parseSpace } from './parse-space.ts';
import type { SearchSpace } from './space.ts';

export interface SpaceSource {
  /** File name (or any label) used in error messages. */
  readonly name: string;
  readonly text: string;
}

export class SpaceCatalog {
  private readonly byId = new Map<string, SearchSpace>();

  constructor(spaces: readonly SearchSpace[]) {
    for (const space of spaces) {
      const other = this.byId.get(space.id);
      if (other) {
        const message = `the space id '${space.id}' is declared by both ${other.sourceName} and ${space.sourceName}`;
        throw new ValidationError(message, [{ path: 'id', message }]);
      }
      this.byId.set(space.id, space);
    }
  }

  /** Parses every source; the first invalid one throws its ValidationError. Ordered by id. */
  static fromSources(sources: readonly SpaceSource[]): SpaceCatalog {
    const spaces = sources.map((s) => parseSpace(s.text, s.name));
    return new SpaceCatalog(spaces.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  list(): SearchSpace[] {
    return [...this.byId.values()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): SearchSpace {
    const space = this.byId.get(id);
    if (!space) {
      const known = this.ids();
      throw new NotFoundError(`no search space '${id}' (known: ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
    return space;
  }
}
