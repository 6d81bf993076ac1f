/**
 * A child process of bench:search: reads replay jobs (JSON lines) from stdin — a table file, a
 * strategy with its config and a range of seeds — replays each seed and writes one JSON line of
 * per-seed measurements back. Tables and their search domains (whose candidate features take seconds
 * to compute) are loaded once per process.
 */
import { createInterface } from 'node:readline';
import { createStrategy, evaluationsToReach, regretAfter, replay } from '@actsearch/search';
import type { BenchmarkTable, SearchDomain } from '@actsearch/search';
import { readTableFile, tableDomain } from './search-table.ts';

export const REGRET_AT = [50, 100, 200] as const;

export interface ReplayJob {
  readonly id: number;
  readonly table: string;
  readonly strategy: string;
  readonly config: unknown;
  readonly seeds: readonly [number, number];
  /** Evaluations at most; a run also stops once it reached both targets and the last regret point. */
  readonly budget: number;
}

export interface RunStats {
  /** null: not reached within the budget. */
  readonly toTop1: number | null;
  readonly toTop10: number | null;
  /** Regret after each of REGRET_AT evaluations; null when nothing scored by then. */
  readonly regret: readonly (number | null)[];
  readonly evaluations: number;
  readonly missing: number;
}

export interface ReplayResult {
  readonly id: number;
  readonly runs: readonly RunStats[];
  readonly seconds: number;
  readonly error?: string;
}

const loaded = new Map<string, { table: BenchmarkTable; domain: SearchDomain; top1: Set<string>; top10: Set<string> }>();

function load(path: string) {
  let l = loaded.get(path);
  if (l === undefined) {
    const table = readTableFile(path);
    l = { table, domain: tableDomain(table), top1: table.topFraction(0.01), top10: table.top(10) };
    loaded.set(path, l);
  }
  return l;
}

export function runJob(job: ReplayJob): ReplayResult {
  const { table, domain, top1, top10 } = load(job.table);
  const last = REGRET_AT[REGRET_AT.length - 1] as number;
  const start = performance.now();
  const runs: RunStats[] = [];
  for (let seed = job.seeds[0]; seed < job.seeds[1]; seed++) {
    let reached1 = false;
    let reached10 = false;
    const trace = replay(createStrategy(job.strategy, domain, job.config, seed), table, job.budget, (t) => {
      const fp = t.fingerprints[t.fingerprints.length - 1] as string;
      reached1 ||= top1.has(fp);
      reached10 ||= top10.has(fp);
      return reached1 && reached10 && t.fingerprints.length >= last;
    });
    runs.push({
      toTop1: evaluationsToReach(trace, top1) ?? null,
      toTop10: evaluationsToReach(trace, top10) ?? null,
      regret: REGRET_AT.map((k) => {
        const r = regretAfter(trace, table, k);
        return Number.isFinite(r) ? r : null;
      }),
      evaluations: trace.metrics.length,
      missing: trace.missing,
    });
  }
  return { id: job.id, runs, seconds: (performance.now() - start) / 1000 };
}

if (process.argv.includes('--worker')) {
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    const job = JSON.parse(line) as ReplayJob;
    let result: ReplayResult;
    try {
      result = runJob(job);
    } catch (error) {
      result = { id: job.id, runs: [], seconds: 0, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });
}
