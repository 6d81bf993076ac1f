/**
 * Reading and writing tabular benchmark files (`bench/data/*.jsonl.gz`). The format itself — header
 * line, one row per fingerprint, validation — lives in @actsearch/search (benchmark-table.ts) so the
 * CLI that builds the real table writes exactly what this reads; see bench/search-table.md.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { contentHash, parseSpace } from '@actsearch/spaces';
import type { SearchSpace } from '@actsearch/spaces';
import { exprAnalyzer, formatBenchmarkTable, parseBenchmarkTable, restrictView, SearchDomain, spaceView } from '@actsearch/search';
import type { BenchmarkHeader, BenchmarkRow, BenchmarkTable } from '@actsearch/search';

export function readTableFile(path: string): BenchmarkTable {
  const bytes = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return parseBenchmarkTable(text);
}

export function writeTableFile(path: string, header: BenchmarkHeader, rows: readonly BenchmarkRow[]): void {
  const text = formatBenchmarkTable(header, rows);
  writeFileSync(path, path.endsWith('.gz') ? gzipSync(text, { level: 9 }) : text);
}

/** Every finished table in a folder (builders' journals are not tables), by name. */
export function listTableFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl.gz') && !f.includes('.journal.'))
    .sort()
    .map((f) => join(dir, f));
}

export function loadSpaceFile(id: string): SearchSpace {
  return parseSpace(readFileSync(new URL(`../search-spaces/${id}.yaml`, import.meta.url), 'utf8'), `${id}.yaml`);
}

/**
 * The search domain a table is replayed in: its space cut down to the table's genomes. Refuses a table
 * made for another version of the space, whose genomes would mean other functions.
 */
export function tableDomain(table: BenchmarkTable): SearchDomain {
  const space = loadSpaceFile(table.header.space);
  if (contentHash(space) !== table.header.spaceHash) {
    throw new Error(
      `the table was built for another version of space '${space.id}' (hash ${table.header.spaceHash}, now ${contentHash(space)})`,
    );
  }
  return new SearchDomain(restrictView(spaceView(space), table.genomes(), `${table.header.spaceHash}/table`), exprAnalyzer);
}
