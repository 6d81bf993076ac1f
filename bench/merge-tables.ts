/**
 * Merges one-seed, one-fidelity tables (each built by `actsearch bench build`, which is resumable) into
 * one version-2 table: per row, each seed's result and their median, and results at further
 * fidelities. The seed-to-seed and fidelity-to-fidelity noise is computed and kept in the header.
 *
 *   npx tsx bench/merge-tables.ts --out bench/data/<name>.jsonl.gz [--rank-by standard] <part.jsonl.gz>…
 *
 * --rank-by: the fidelity whose median ranks the rows (default: the highest fidelity of the parts).
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCHMARK_FORMAT, BenchmarkTable, FIDELITIES, medianOfSeeds } from '@actsearch/search';
import type { BenchmarkHeader, BenchmarkRow, Fidelity, FidelityResult, SeedResult } from '@actsearch/search';
import { readTableFile, writeTableFile } from './search-table.ts';
import { describeNoise, tableNoise } from './table-noise.ts';

export interface Part {
  readonly name: string;
  readonly table: BenchmarkTable;
}

function seedOf(p: Part): number {
  const seeds = p.table.header.notes?.seeds;
  if (!Array.isArray(seeds) || seeds.length !== 1 || typeof seeds[0] !== 'number' || p.table.fidelities.length !== 1) {
    throw new Error(`${p.name} is not a one-seed, one-fidelity table (notes.seeds ${JSON.stringify(seeds)})`);
  }
  return seeds[0];
}

/** The merged table's header and rows; `command` is recorded as the merge's exact command line. */
export function mergeTables(parts: readonly Part[], command: string, rankBy?: Fidelity): { header: BenchmarkHeader; rows: BenchmarkRow[] } {
  const first = parts[0];
  if (first === undefined) throw new Error('nothing to merge');
  const h0 = first.table.header;
  const fidelities = FIDELITIES.filter((f) => parts.some((p) => p.table.header.fidelity === f));
  const ranking = rankBy ?? (fidelities[fidelities.length - 1] as Fidelity);
  if (!fidelities.includes(ranking)) throw new Error(`no part is at the ranking fidelity ${ranking}`);
  const used = new Set<string>();
  for (const p of parts) {
    const h = p.table.header;
    for (const k of ['space', 'spaceHash', 'shape', 'task', 'metric', 'synthetic'] as const) {
      if (h[k] !== h0[k]) throw new Error(`${p.name} differs from ${first.name} in ${k}`);
    }
    if (p.table.rows.length !== first.table.rows.length || p.table.rows.some((r) => first.table.lookup(r.fingerprint) === undefined)) {
      throw new Error(`${p.name} holds other functions than ${first.name}`);
    }
    const key = `${h.fidelity}/${seedOf(p)}`;
    if (used.has(key)) throw new Error(`two parts hold seed ${seedOf(p)} at ${h.fidelity}`);
    used.add(key);
  }
  const atFidelity = (f: Fidelity, fingerprint: string): FidelityResult => {
    const seeds: SeedResult[] = parts
      .filter((p) => p.table.header.fidelity === f)
      .map((p) => {
        const r = p.table.lookup(fingerprint) as BenchmarkRow;
        return {
          seed: seedOf(p),
          metric: r.metric,
          rejection: r.rejection,
          seconds: r.seconds,
          ...(r.metrics === undefined ? {} : { metrics: r.metrics }),
        };
      })
      .sort((a, b) => a.seed - b.seed);
    return { ...medianOfSeeds(seeds), seeds };
  };
  const rows: BenchmarkRow[] = first.table.rows.map((r) => {
    const main = atFidelity(ranking, r.fingerprint);
    const others = fidelities.filter((f) => f !== ranking);
    return {
      fingerprint: r.fingerprint,
      text: r.text,
      genomes: r.genomes.map((g) => g.slice()),
      metric: main.metric,
      rejection: main.rejection,
      seconds: (main.seeds ?? []).reduce((a, s) => a + s.seconds, 0),
      seeds: main.seeds,
      ...(others.length === 0
        ? {}
        : {
            fidelities: Object.fromEntries(others.map((f) => [f, atFidelity(f, r.fingerprint)])) as Partial<
              Record<Fidelity, FidelityResult>
            >,
          }),
    };
  });
  const header: BenchmarkHeader = {
    format: BENCHMARK_FORMAT,
    version: 2,
    space: h0.space,
    spaceHash: h0.spaceHash,
    ...(h0.shape === undefined ? {} : { shape: h0.shape }),
    task: h0.task,
    fidelity: ranking,
    fidelities,
    metric: h0.metric,
    synthetic: h0.synthetic,
    command,
    createdAt: new Date().toISOString(),
    rows: rows.length,
    notes: {
      seeds: [...new Set(parts.map(seedOf))].sort((a, b) => a - b),
      taskVersion: h0.notes?.taskVersion,
      parts: parts.map((p) => ({
        name: p.name,
        fidelity: p.table.header.fidelity,
        seed: seedOf(p),
        command: p.table.header.command,
        createdAt: p.table.header.createdAt,
        notes: p.table.header.notes,
      })),
    },
  };
  const noise = describeNoise(tableNoise(new BenchmarkTable(header, rows)));
  return { header: { ...header, notes: { ...header.notes, noise } }, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    options: { out: { type: 'string' }, 'rank-by': { type: 'string' } },
    allowPositionals: true,
  });
  if (values.out === undefined || positionals.length === 0) {
    console.error('usage: npx tsx bench/merge-tables.ts --out <file.jsonl.gz> [--rank-by <fidelity>] <part.jsonl.gz>…');
    process.exit(2);
  }
  const rankBy = values['rank-by'];
  if (rankBy !== undefined && !(FIDELITIES as readonly string[]).includes(rankBy)) {
    console.error(`--rank-by must be one of ${FIDELITIES.join(', ')}`);
    process.exit(2);
  }
  const command = `npx tsx bench/merge-tables.ts ${process.argv
    .slice(2)
    .map((a) => (/[^\w./=-]/.test(a) ? `'${a}'` : a))
    .join(' ')}`;
  const parts = positionals.map((file) => ({ name: basename(file), table: readTableFile(file) }));
  const { header, rows } = mergeTables(parts, command, rankBy as Fidelity | undefined);
  writeTableFile(values.out, header, rows);
  console.log(
    `${values.out}: ${rows.length} functions, fidelities ${header.fidelities?.join(', ')}, seeds ${JSON.stringify(header.notes?.seeds)}`,
  );
  for (const line of (header.notes?.noise as string[] | undefined) ?? []) console.log(`  ${line}`);
}
