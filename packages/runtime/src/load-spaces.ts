import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SpaceCatalog } from '@actsearch/spaces';

/** Reads every space file of a folder into a catalog (the file system stays in the app). */
export async function loadSpaceCatalog(dir: string): Promise<SpaceCatalog> {
  const names = (await readdir(dir)).filter((name) => /\.ya?ml$/i.test(name)).sort();
  const sources = await Promise.all(names.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') })));
  return SpaceCatalog.fromSources(sources);
}
