/**
 * Builds a tabular benchmark: evaluates every distinct function of a space (or shape) once on one
 * task at one fidelity in a pool of child processes, journals each row as it finishes, and writes
 * the gzip JSONL table (benchmark-table.ts's format) once every row is in. A re-run with the same
 * arguments resumes from the journal.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, release, type as osType } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Fidelity } from '@actsearch/proxy';
import { getBuiltinTask as getTask } from '@actsearch/tasks';
import {
  BENCHMARK_FORMAT,
  BENCHMARK_VERSION,
  formatBenchmarkTable,
  parseBenchmarkTable,
  type BenchmarkHeader,
  type BenchmarkRow,
} from '@actsearch/search';
import { contentHash, type SearchSpace, type Shape } from '@actsearch/spaces';
import type { BuildOutcome, BuildPayload } from './evaluator.ts';
import { BuildJournal, journalPath, type BuildKey } from './journal.ts';
import { planClasses, type PlannedClass } from './plan.ts';

export interface BuildOptions {
  readonly space: SearchSpace;
  readonly shape?: Shape;
  readonly taskId: string;
  readonly fidelity: Fidelity;
  readonly seed: number;
  readonly workers: number;
  /** The table file (`.jsonl.gz`); the journal sits beside it. */
  readonly out: string;
  /** The exact command, recorded in the header. */
  readonly command: string;
  readonly backend?: string;
  /** Stops handing out work; evaluations already running finish and are journaled. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: BuildProgress) => void;
  /** Attempts per function before it is left for a later run (crashes, timeouts). Default 2. */
  readonly attempts?: number;
  /** Per-evaluation limit; default 10 minutes. */
  readonly timeoutMs?: number;
}

export interface BuildProgress {
  readonly total: number;
  /** Rows finished, including those resumed from the journal. */
  readonly done: number;
  readonly resumed: number;
  readonly rejected: number;
  readonly failed: number;
  readonly running: number;
  readonly elapsedMs: number;
  /** Projected time to finish at this run's rate so far; null until a row finished. */
  readonly etaMs: number | null;
  readonly last?: { readonly text: string; readonly metric: number | null; readonly rejection: string | null };
}

export interface BuildFailure {
  readonly fingerprint: string;
  readonly text: string;
  readonly error: string;
}

export interface BuildReport {
  readonly out: string;
  readonly total: number;
  readonly resumed: number;
  readonly evaluated: number;
  readonly failures: readonly BuildFailure[];
  /** True when the table file was written (every row finished). */
  readonly complete: boolean;
  /** The table already existed for this build: nothing was evaluated. */
  readonly alreadyComplete: boolean;
  readonly elapsedMs: number;
}

const EVALUATOR = new URL('./evaluator.ts', import.meta.url).href;

function buildKey(o: BuildOptions): BuildKey {
  const task = getTask(o.taskId);
  return {
    space: o.space.id,
    spaceHash: contentHash(o.space),
    shape: o.shape?.label ?? null,
    task: task.id,
    taskVersion: task.version,
    fidelity: o.fidelity,
    seed: o.seed,
  };
}

function existingTableMatches(path: string, key: BuildKey, total: number): boolean {
  const bytes = readFileSync(path);
  const table = parseBenchmarkTable((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
  const h = table.header;
  return (
    h.space === key.space &&
    h.spaceHash === key.spaceHash &&
    (h.shape ?? null) === key.shape &&
    h.task === key.task &&
    h.notes?.taskVersion === key.taskVersion &&
    h.fidelity === key.fidelity &&
    JSON.stringify(h.notes?.seeds) === JSON.stringify([key.seed]) &&
    !h.synthetic &&
    table.rows.length === total
  );
}

function toRow(cls: PlannedClass, outcome: BuildOutcome): BenchmarkRow {
  return {
    fingerprint: cls.fingerprint,
    text: cls.text,
    genomes: cls.genomes.map((g) => g.slice()),
    metric: outcome.metric,
    metrics: { ...outcome.metrics },
    rejection: outcome.rejection,
    seconds: outcome.seconds,
  };
}

/** How many rows each rejection test removed (`prescreen` split by its check). */
export function rejectionBreakdown(rows: readonly BenchmarkRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) {
    if (r.rejection === null) continue;
    const check = r.metrics?.rejection_check;
    const name = r.rejection.test === 'prescreen' && typeof check === 'string' ? `prescreen/${check}` : r.rejection.test;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export async function buildBenchmark(o: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const key = buildKey(o);
  const task = getTask(o.taskId);
  const plan = planClasses(o.space, o.shape);
  if (existsSync(o.out) && !existsSync(journalPath(o.out))) {
    if (existingTableMatches(o.out, key, plan.length)) {
      return {
        out: o.out,
        total: plan.length,
        resumed: plan.length,
        evaluated: 0,
        failures: [],
        complete: true,
        alreadyComplete: true,
        elapsedMs: performance.now() - started,
      };
    }
    throw new Error(`${o.out} exists and is not this build's table; delete it or choose another --out`);
  }
  const journal = BuildJournal.open(journalPath(o.out), key);
  const planned = new Set(plan.map((c) => c.fingerprint));
  for (const fp of journal.rows.keys()) {
    if (!planned.has(fp)) throw new Error(`${journal.path} holds a function (${fp}) this build does not plan; delete it to start over`);
  }
  const resumed = journal.rows.size;
  const pending = plan.filter((c) => !journal.rows.has(c.fingerprint));
  const failures: BuildFailure[] = [];
  let evaluated = 0;
  let running = 0;
  let next = 0;
  const attempts = Math.max(1, o.attempts ?? 2);
  const progress = (last?: BuildProgress['last']) => {
    const elapsedMs = performance.now() - started;
    const finishedNow = evaluated + failures.length;
    const left = pending.length - finishedNow;
    let rejected = 0;
    for (const r of journal.rows.values()) if (r.rejection !== null) rejected += 1;
    o.onProgress?.({
      total: plan.length,
      done: journal.rows.size,
      resumed,
      rejected,
      failed: failures.length,
      running,
      elapsedMs,
      etaMs: finishedNow === 0 ? null : (elapsedMs / finishedNow) * left,
      ...(last === undefined ? {} : { last }),
    });
  };
  progress();
  // The runtime (composition root) owns the evaluator pool; loaded here, not at the top, because it
  // pulls in the store and the queue drivers, which every other CLI command would pay for at start-up.
  const { EvaluatorPool } = await import('@actsearch/runtime');
  const pool = new EvaluatorPool<BuildPayload, BuildOutcome>({
    module: EVALUATOR,
    size: Math.max(1, Math.min(o.workers, pending.length)),
    // A child loads TF.js and the dataset once; recycling often would spend that again and again.
    maxJobsPerChild: 200,
    timeoutMs: o.timeoutMs ?? 600_000,
  });
  const lane = async () => {
    while (!o.signal?.aborted && next < pending.length) {
      const cls = pending[next++] as PlannedClass;
      running += 1;
      let lastError = '';
      let outcome: BuildOutcome | undefined;
      for (let attempt = 1; attempt <= attempts && outcome === undefined; attempt++) {
        try {
          outcome = await pool.run({
            text: cls.text,
            taskId: task.id,
            fidelity: o.fidelity,
            seed: o.seed,
            ...(o.backend === undefined ? {} : { backend: o.backend }),
          });
        } catch (error) {
          lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          if ((error as { permanent?: unknown }).permanent === true) break;
        }
      }
      running -= 1;
      if (outcome === undefined) {
        failures.push({ fingerprint: cls.fingerprint, text: cls.text, error: lastError });
        progress();
        continue;
      }
      const row = toRow(cls, outcome);
      journal.append(row);
      evaluated += 1;
      progress({ text: row.text, metric: row.metric, rejection: row.rejection?.test ?? null });
    }
  };
  try {
    await Promise.all(Array.from({ length: pool.size }, lane));
  } finally {
    await pool.close({ timeoutMs: 5_000 });
  }
  const complete = journal.rows.size === plan.length;
  if (complete) {
    const rows = plan.map((c) => journal.rows.get(c.fingerprint) as BenchmarkRow);
    const header: BenchmarkHeader = {
      format: BENCHMARK_FORMAT,
      version: BENCHMARK_VERSION,
      space: key.space,
      spaceHash: key.spaceHash,
      ...(o.shape === undefined ? {} : { shape: o.shape.label }),
      task: task.id,
      fidelity: o.fidelity,
      metric: `val_${task.metric}`,
      synthetic: false,
      command: o.command,
      createdAt: new Date().toISOString(),
      rows: rows.length,
      notes: {
        seeds: [o.seed],
        taskVersion: task.version,
        taskTitle: task.title,
        steps: task.fidelities[o.fidelity].steps,
        rejectionTests: 'proxy defaults: prescreen, quality, stability, divergence',
        backend: [...new Set(rows.map((r) => String(r.metrics?.backend)))].sort().join(', '),
        machine: `${cpus()[0]?.model ?? 'unknown cpu'} × ${cpus().length}, ${osType()} ${release()}`,
        node: process.version,
        workers: o.workers,
        evaluationSeconds: Math.round(rows.reduce((a, r) => a + r.seconds, 0)),
        rejections: rejectionBreakdown(rows),
      },
    };
    const tmp = `${o.out}.tmp`;
    const text = formatBenchmarkTable(header, rows);
    writeFileSync(tmp, o.out.endsWith('.gz') ? gzipSync(text, { level: 9 }) : text);
    renameSync(tmp, o.out);
    journal.remove();
  } else {
    journal.close();
  }
  return {
    out: o.out,
    total: plan.length,
    resumed,
    evaluated,
    failures,
    complete,
    alreadyComplete: false,
    elapsedMs: performance.now() - started,
  };
}
