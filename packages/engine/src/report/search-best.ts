import { displayText } from '@actsearch/expr';
import type { Campaign, Evaluation, MetricRange, SeedStatistics, Store } from '@actsearch/store';
import { taskVersionOf, type StoredCampaignSpec } from '../campaign-spec.ts';
import { paired, type PairedComparison } from '../finale/paired.ts';

/** The campaign's best activation by search score so far, on its first task, with Δ reference. */
export interface SearchBest extends SeedStatistics {
  readonly fingerprint: string;
  readonly canonical: string;
  /** The familiar text (`x * sigmoid(x)`). */
  readonly expression: string;
  readonly task: string;
  readonly taskVersion: number;
  readonly fidelity: string;
  /** Paired with the reference over the seeds both have on this task and fidelity; null without any. */
  readonly vsReference: PairedComparison | null;
}

/**
 * The best of the campaign's candidates scored on all its training seeds (a lucky first seed is not a
 * result yet), on its first task at the version it pinned and its fidelity, from the leaderboard.
 */
export async function searchBest(
  store: Store,
  campaign: Campaign,
  spec: StoredCampaignSpec,
  referenceFingerprint: string,
  range: MetricRange | undefined,
): Promise<SearchBest | null> {
  const task = spec.tasks[0] as string;
  const taskVersion = taskVersionOf(spec, task);
  const page = await store.leaderboard({
    task,
    taskVersion,
    fidelity: spec.fidelity,
    minSeeds: spec.seeds.length,
    campaignId: campaign.id,
    limit: 1,
    ...(range === undefined ? {} : { range }),
  });
  const row = page.items[0];
  if (row === undefined) return null;
  const scope = { task, taskVersion, fidelity: spec.fidelity };
  const [mine, reference] = await Promise.all([
    seedMetrics(store, row.fingerprint, scope),
    seedMetrics(store, referenceFingerprint, scope),
  ]);
  return {
    n: row.n,
    mean: row.mean,
    std: row.std,
    ciLow: row.ciLow,
    ciHigh: row.ciHigh,
    clipped: row.clipped,
    fingerprint: row.fingerprint,
    canonical: row.canonical,
    expression: displayText(row.canonical, row.fingerprint),
    ...scope,
    vsReference: row.fingerprint === referenceFingerprint ? null : paired(mine, reference, range),
  };
}

/** One activation's done metrics on a task version at a fidelity, by seed. */
export async function seedMetrics(
  store: Store,
  fingerprint: string,
  scope: { task: string; taskVersion: number; fidelity: string },
): Promise<{ seed: number; metric: number | null }[]> {
  const rows: Evaluation[] = await store.evaluations.listForActivation(fingerprint);
  return rows
    .filter((r) => r.task === scope.task && r.taskVersion === scope.taskVersion && r.fidelity === scope.fidelity && r.status === 'done')
    .map((r) => ({ seed: r.seed, metric: r.metric }));
}
