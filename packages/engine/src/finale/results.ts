import { fingerprint } from '@actsearch/expr';
import { seedStatistics, studentTCdf, studentTQuantile, type Evaluation, type SeedStatistics } from '@actsearch/store';
import type { FinaleEntry, FinalePlan } from './plan.ts';
import { baselineExpr } from './spec.ts';

/** One seed of one activation on one task: its metric when done, else its status. */
export interface FinaleSeedResult {
  readonly seed: number;
  readonly status: 'done' | 'rejected' | 'failed' | 'missing';
  readonly metric: number | null;
}

/** The paired comparison with ReLU over the seeds both have a metric for. */
export interface PairedComparison {
  readonly n: number;
  /** Mean of (activation − ReLU) per seed. */
  readonly meanDiff: number;
  /** 95 % t-interval of the mean difference; null below two pairs. */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly t: number | null;
  /** Two-sided p-value of the paired t-test; null below two pairs. */
  readonly p: number | null;
}

export interface FinaleRow extends FinaleEntry {
  /** 1-based by mean over seeds (highest first); null without any done seed. */
  readonly rank: number | null;
  readonly stats: SeedStatistics | null;
  readonly seeds: readonly FinaleSeedResult[];
  readonly vsRelu: PairedComparison | null;
}

export interface FinaleTaskResult {
  readonly task: string;
  readonly kind: 'search' | 'transfer';
  readonly rows: readonly FinaleRow[];
}

export interface FinaleResult {
  readonly fidelity: string;
  readonly seeds: readonly number[];
  readonly tasks: readonly FinaleTaskResult[];
  /** Fingerprints of the searched candidates (not baselines) whose mean beats ReLU's on every finale task. */
  readonly holdsUp: readonly string[];
  /** Planned evaluations and how many have a final row. */
  readonly total: number;
  readonly stored: number;
}

const RELU = fingerprint(baselineExpr('relu'));

/** The finale's tables from its plan and the stored rows: pure, so the report recomputes it exactly. */
export function finaleResults(plan: FinalePlan, rows: ReadonlyMap<string, Evaluation>): FinaleResult {
  const keyOf = new Map(plan.targets.map((t) => [`${t.fingerprint}|${t.task}|${t.seed}`, t.key]));
  const tasks = plan.tasks.map((task): FinaleTaskResult => {
    const seedsOf = (fp: string): FinaleSeedResult[] =>
      plan.seeds.map((seed) => {
        const row = rows.get(keyOf.get(`${fp}|${task.id}|${seed}`) ?? '');
        if (row === undefined) return { seed, status: 'missing', metric: null };
        return { seed, status: row.status, metric: row.status === 'done' ? row.metric : null };
      });
    const relu = seedsOf(RELU);
    const unranked = plan.entries.map((entry) => {
      const seeds = seedsOf(entry.fingerprint);
      const metrics = seeds.flatMap((s) => (s.metric === null ? [] : [s.metric]));
      return { ...entry, seeds, stats: statsOf(metrics), vsRelu: entry.fingerprint === RELU ? null : paired(seeds, relu) };
    });
    const order = unranked
      .filter((row) => row.stats !== null)
      .sort((a, b) => (b.stats?.mean ?? 0) - (a.stats?.mean ?? 0) || (a.fingerprint < b.fingerprint ? -1 : 1));
    const rankOf = new Map(order.map((row, i) => [row.fingerprint, i + 1]));
    const rowsOut: FinaleRow[] = [...order, ...unranked.filter((row) => row.stats === null)].map((row) => ({ ...row, rank: rankOf.get(row.fingerprint) ?? null }));
    return { task: task.id, kind: task.kind, rows: rowsOut };
  });
  const holdsUp = plan.entries
    .filter((entry) => entry.baseline === null && entry.searchRank !== null)
    .filter((entry) =>
      tasks.every((task) => {
        const row = task.rows.find((r) => r.fingerprint === entry.fingerprint);
        return row?.vsRelu !== null && row?.vsRelu !== undefined && row.vsRelu.n > 0 && row.vsRelu.meanDiff > 0;
      }),
    )
    .map((entry) => entry.fingerprint);
  const stored = plan.targets.filter((t) => rows.has(t.key)).length;
  return { fidelity: plan.fidelity, seeds: plan.seeds, tasks, holdsUp, total: plan.targets.length, stored };
}

function statsOf(metrics: readonly number[]): SeedStatistics | null {
  if (metrics.length === 0) return null;
  const mean = metrics.reduce((s, v) => s + v, 0) / metrics.length;
  return seedStatistics(metrics.length, mean, metrics.length < 2 ? null : sampleStd(metrics, mean));
}

/** Paired t-test over the seeds both have a metric for (same seed: same initialization and batches). */
export function paired(mine: readonly FinaleSeedResult[], relu: readonly FinaleSeedResult[]): PairedComparison | null {
  const diffs: number[] = [];
  for (const own of mine) {
    const other = relu.find((r) => r.seed === own.seed);
    if (own.metric !== null && other?.metric !== null && other?.metric !== undefined) diffs.push(own.metric - other.metric);
  }
  if (diffs.length === 0) return null;
  const n = diffs.length;
  const meanDiff = diffs.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { n, meanDiff, ciLow: null, ciHigh: null, t: null, p: null };
  const sd = sampleStd(diffs, meanDiff);
  const half = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  if (sd === 0) return { n, meanDiff, ciLow: meanDiff, ciHigh: meanDiff, t: null, p: meanDiff === 0 ? 1 : 0 };
  const t = meanDiff / (sd / Math.sqrt(n));
  const p = Math.min(1, 2 * (1 - studentTCdf(Math.abs(t), n - 1)));
  return { n, meanDiff, ciLow: meanDiff - half, ciHigh: meanDiff + half, t, p };
}

function sampleStd(values: readonly number[], mean: number): number {
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}
