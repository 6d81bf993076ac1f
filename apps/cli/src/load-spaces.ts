/**
 * Reads the space files of a directory (default: the repository's search-spaces/) into a SpaceCatalog.
 * The file system stays here; @actsearch/spaces only sees `{name, text}`.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpaceCatalog } from '@actsearch/spaces';
import { UsageError } from './cli-error.ts';

/** `<repo>/search-spaces`, found from this file's place in apps/cli/src. */
export const DEFAULT_SPACES_DIR = fileURLToPath(new URL('../../../search-spaces/', import.meta.url));

export async function loadSpaceCatalog(dir: string = DEFAULT_SPACES_DIR): Promise<SpaceCatalog> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch {
    throw new UsageError(`cannot read the search-spaces directory ${dir}`);
  }
  const sources = await Promise.all(names.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') })));
  return SpaceCatalog.fromSources(sources);
}
