/**
 * `npx tsx bench/seed-noise.ts <a> <b>…`: the noise between one-seed tables — finished tables or a
 * `bench build` journal still being filled — over the functions all of them hold, so the seed-to-seed
 * noise of a table can be stated on a documented subset before its second seed is complete.
 */
import { readFileSync } from 'node:fs';
import { BenchmarkTable } from '@actsearch/search';
import type { BenchmarkHeader, BenchmarkRow, Fidelity } from '@actsearch/search';
import { mergeTables } from './merge-tables.ts';
import { readTableFile } from './search-table.ts';

interface LoadedPart {
  readonly name: string;
  readonly seed: number;
  readonly fidelity: Fidelity;
  readonly header?: BenchmarkHeader;
  readonly rows: readonly BenchmarkRow[];
}

function loadPart(file: string): LoadedPart {
  if (!file.endsWith('.journal.jsonl')) {
    const t = readTableFile(file);
    const seeds = t.header.notes?.seeds;
    return {
      name: file,
      seed: Array.isArray(seeds) && typeof seeds[0] === 'number' ? seeds[0] : 0,
      fidelity: t.header.fidelity,
      header: t.header,
      rows: t.rows,
    };
  }
  const [head, ...lines] = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const { key } = JSON.parse(head ?? '{}') as { key: { fidelity: Fidelity; seed: number } };
  return { name: file, seed: key.seed, fidelity: key.fidelity, rows: lines.map((l) => JSON.parse(l) as BenchmarkRow) };
}

function main(files: readonly string[]): void {
  const parts = files.map(loadPart);
  const header = parts.find((p) => p.header !== undefined)?.header;
  if (header === undefined) throw new Error('give at least one finished table (its header names the space, task and metric)');
  const common = new Set(parts[0]?.rows.map((r) => r.fingerprint));
  for (const p of parts) {
    const have = new Set(p.rows.map((r) => r.fingerprint));
    for (const fp of common) if (!have.has(fp)) common.delete(fp);
  }
  const tables = parts.map((p) => {
    const rows = p.rows.filter((r) => common.has(r.fingerprint));
    const h: BenchmarkHeader = { ...header, version: 1, fidelity: p.fidelity, rows: rows.length, notes: { seeds: [p.seed] } };
    delete (h as { fidelities?: unknown }).fidelities;
    return { name: p.name, table: new BenchmarkTable(h, rows) };
  });
  const merged = mergeTables(tables, 'bench/table-noise.ts');
  console.log(`${common.size} functions held by all of: ${files.join(', ')}`);
  for (const line of (merged.header.notes?.noise as string[] | undefined) ?? []) console.log(`  ${line}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
