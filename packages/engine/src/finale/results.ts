import { displayText } from '@actsearch/expr';
import { seedStatistics, type Evaluation, type MetricRange, type SeedStatistics } from '@actsearch/store';
import { holmAdjust } from './holm.ts';
import { paired, type PairedComparison, type SeedMetric } from './paired.ts';
import type { FinaleEntry, FinalePlan } from './plan.ts';

/** The significance level of the finale's claims, after Holm's correction. */
export const FINALE_ALPHA = 0.05;

/**
 * One seed of one activation on one task: its metric when done, else its status. `diverged` is a
 * training whose loss stopped being finite, at `step`; `rejected` is any other rejection (the finale
 * trains without predictive tests, so that is the pre-screen, or a row stored by a search).
 */
export interface FinaleSeedResult extends SeedMetric {
  readonly status: 'done' | 'diverged' | 'rejected' | 'failed' | 'missing';
  /** The training step at which a diverged seed's loss became non-finite. */
  readonly step?: number | null;
}

/** Why a row has no mean, from its seeds' statuses: `diverged on 2 of 3 seeds (at steps 40, 112), failed on 1 of 3 seeds`. */
export function unscoredText(row: Pick<FinaleRow, 'seeds'>): string {
  const groups = new Map<string, FinaleSeedResult[]>();
  for (const seed of row.seeds) groups.set(seed.status, [...(groups.get(seed.status) ?? []), seed]);
  return [...groups]
    .map(([status, seeds]) => {
      const steps = seeds.flatMap((s) => (s.step == null ? [] : [s.step]));
      const at = status === 'diverged' && steps.length > 0 ? ` (at step${steps.length > 1 ? 's' : ''} ${steps.join(', ')})` : '';
      return `${status} on ${seeds.length} of ${row.seeds.length} seeds${at}`;
    })
    .join(', ');
}

/** The paired comparison with the reference, with its p-value adjusted over the whole finale (Holm). */
export interface ReferenceComparison extends PairedComparison {
  /** Holm-adjusted over every comparison of the finale with a p-value; null where `p` is. */
  readonly pAdjusted: number | null;
}

export interface FinaleRow extends FinaleEntry {
  /** The familiar text of the function (`x * sigmoid(x)`), for display. */
  readonly expression: string;
  /** 1-based by mean over seeds (highest first); null without any done seed. */
  readonly rank: number | null;
  /** Mean over seeds with the 95 % t-interval, cut at the metric's range. */
  readonly stats: SeedStatistics | null;
  readonly seeds: readonly FinaleSeedResult[];
  /** Null for the reference itself and while no seed pairs up. */
  readonly vsReference: ReferenceComparison | null;
}

export interface FinaleTaskResult {
  readonly task: string;
  readonly kind: 'search' | 'transfer';
  readonly rows: readonly FinaleRow[];
}

export interface FinaleResult {
  readonly fidelity: string;
  readonly seeds: readonly number[];
  /** What every row is compared with. */
  readonly reference: { readonly fingerprint: string; readonly text: string; readonly expression: string };
  readonly alpha: number;
  /** How many comparisons Holm's correction ran over. */
  readonly comparisons: number;
  readonly tasks: readonly FinaleTaskResult[];
  /**
   * Finalists that beat the reference on every finale task: mean difference > 0 with a Holm-adjusted
   * one-sided p < alpha on each. Best first (mean rank over tasks).
   */
  readonly holdsUp: readonly string[];
  /** Planned evaluations and how many have a final row. */
  readonly total: number;
  readonly stored: number;
}

export interface FinaleResultOptions {
  /** The metric's range per task: intervals are cut there. */
  readonly rangeOf?: (task: string) => MetricRange | undefined;
  readonly alpha?: number;
}

/** The finale's tables from its plan and the stored rows: pure, so the report recomputes it exactly. */
export function finaleResults(plan: FinalePlan, rows: ReadonlyMap<string, Evaluation>, options: FinaleResultOptions = {}): FinaleResult {
  const alpha = options.alpha ?? FINALE_ALPHA;
  const keyOf = new Map(plan.targets.map((t) => [`${t.fingerprint}|${t.task}|${t.seed}`, t.key]));
  const reference = plan.reference.fingerprint;
  const unadjusted = plan.tasks.map((task) => {
    const range = options.rangeOf?.(task.id);
    const seedsOf = (fp: string): FinaleSeedResult[] =>
      plan.seeds.map((seed) => {
        const row = rows.get(keyOf.get(`${fp}|${task.id}|${seed}`) ?? '');
        if (row === undefined) return { seed, status: 'missing', metric: null };
        if (row.status === 'rejected' && row.rejectionTest === 'divergence')
          return { seed, status: 'diverged', metric: null, step: row.rejectionStep };
        return { seed, status: row.status, metric: row.status === 'done' ? row.metric : null };
      });
    const referenceSeeds = seedsOf(reference);
    const unranked = plan.entries.map((entry) => {
      const seeds = seedsOf(entry.fingerprint);
      const metrics = seeds.flatMap((s) => (s.metric === null ? [] : [s.metric]));
      return {
        ...entry,
        expression: displayText(entry.canonical, entry.fingerprint),
        seeds,
        stats: statsOf(metrics, range),
        vsReference: entry.fingerprint === reference ? null : paired(seeds, referenceSeeds, range),
      };
    });
    const order = unranked
      .filter((row) => row.stats !== null)
      .sort((a, b) => (b.stats?.mean ?? 0) - (a.stats?.mean ?? 0) || (a.fingerprint < b.fingerprint ? -1 : 1));
    const rankOf = new Map(order.map((row, i) => [row.fingerprint, i + 1]));
    return {
      task,
      rows: [...order, ...unranked.filter((row) => row.stats === null)].map((row) => ({
        ...row,
        rank: rankOf.get(row.fingerprint) ?? null,
      })),
    };
  });
  // Holm over every comparison the finale reports (every task, baselines included), in one family.
  const family = unadjusted.flatMap(({ rows: taskRows }) =>
    taskRows.flatMap((row) => (row.vsReference?.p == null ? [] : [row.vsReference.p])),
  );
  const adjusted = holmAdjust(family);
  let next = 0;
  const tasks = unadjusted.map(({ task, rows: taskRows }): FinaleTaskResult => ({
    task: task.id,
    kind: task.kind,
    rows: taskRows.map((row) => {
      const vs = row.vsReference;
      if (vs === null) return { ...row, vsReference: null };
      return { ...row, vsReference: { ...vs, pAdjusted: vs.p === null ? null : (adjusted[next++] as number) } };
    }),
  }));
  const holdsUp = plan.entries
    .filter((entry) => entry.finalist && entry.fingerprint !== reference)
    .filter((entry) =>
      tasks.every((task) =>
        beatsReference(
          task.rows.find((r) => r.fingerprint === entry.fingerprint),
          alpha,
        ),
      ),
    )
    .map((entry) => entry.fingerprint)
    .sort((a, b) => meanRank(tasks, a) - meanRank(tasks, b) || searchRank(plan, a) - searchRank(plan, b));
  const stored = plan.targets.filter((t) => rows.has(t.key)).length;
  return {
    fidelity: plan.fidelity,
    seeds: plan.seeds,
    reference: { ...plan.reference, expression: displayText(baselineCanonical(plan), reference) },
    alpha,
    comparisons: family.length,
    tasks,
    holdsUp,
    total: plan.targets.length,
    stored,
  };
}

/** Better than the reference on this task, significantly after the correction. */
export function beatsReference(row: FinaleRow | undefined, alpha: number): boolean {
  const vs = row?.vsReference;
  return vs !== null && vs !== undefined && vs.meanDiff > 0 && vs.pAdjusted !== null && vs.pAdjusted < alpha;
}

/** Mean over the finale's tasks of the activation's rank there (unranked: one past the last). */
export function meanRank(tasks: readonly FinaleTaskResult[], fp: string): number {
  if (tasks.length === 0) return Infinity;
  let sum = 0;
  for (const task of tasks) sum += task.rows.find((r) => r.fingerprint === fp)?.rank ?? task.rows.length + 1;
  return sum / tasks.length;
}

function searchRank(plan: FinalePlan, fp: string): number {
  return plan.entries.find((e) => e.fingerprint === fp)?.searchRank ?? Infinity;
}

function baselineCanonical(plan: FinalePlan): string {
  return plan.entries.find((e) => e.fingerprint === plan.reference.fingerprint)?.canonical ?? plan.reference.text;
}

function statsOf(metrics: readonly number[], range: MetricRange | undefined): SeedStatistics | null {
  if (metrics.length === 0) return null;
  const mean = metrics.reduce((s, v) => s + v, 0) / metrics.length;
  const std = metrics.length < 2 ? null : Math.sqrt(metrics.reduce((s, v) => s + (v - mean) ** 2, 0) / (metrics.length - 1));
  return seedStatistics(metrics.length, mean, std, range);
}
