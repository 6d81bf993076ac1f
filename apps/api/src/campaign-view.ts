/**
 * A campaign as the API shows it: the stored row plus progress against the budget, the best
 * activation so far (from the leaderboard, restricted to the campaign's candidates) and an ETA from
 * the rate of finished candidates since it started.
 */
import type { Campaign, LeaderboardRow, Store } from '@actsearch/store';
import { finaleView } from './finale-view.ts';
import { BASELINE_FINGERPRINT } from './baseline.ts';

export interface CampaignProgress {
  readonly budget: number;
  /** Candidates that used up budget: trained or reused to an outcome (scored, rejected or failed). */
  readonly completed: number;
  readonly proposed: number;
  readonly evaluated: number;
  readonly reused: number;
  readonly rejected: number;
  readonly prescreenRejected: number;
  readonly failed: number;
  /** Proposed but not resolved yet (queued or training). */
  readonly inFlight: number;
  /** completed / budget, in [0, 1]. */
  readonly fraction: number;
}

export interface CampaignBest {
  readonly fingerprint: string;
  readonly canonical: string;
  readonly task: string;
  readonly taskVersion: number;
  readonly fidelity: string;
  readonly mean: number;
  readonly n: number;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** mean − ReLU's mean on the same task and fidelity, when ReLU has been evaluated there. */
  readonly deltaVsRelu: number | null;
}

export interface CampaignEta {
  readonly seconds: number;
  readonly at: string;
}

/** Where the campaign's scores live: its first task, at the version it pinned and its fidelity, over all its seeds. */
export function scoreScope(campaign: Campaign): { task: string; taskVersion: number; fidelity: string; seeds: number } | null {
  const spec = campaign.spec as { tasks?: unknown; taskVersions?: unknown; fidelity?: unknown; seeds?: unknown } | null;
  const task = Array.isArray(spec?.tasks) ? spec.tasks[0] : undefined;
  const fidelity = spec?.fidelity;
  const seeds = Array.isArray(spec?.seeds) && spec.seeds.length > 0 ? spec.seeds.length : 1;
  if (typeof task !== 'string' || typeof fidelity !== 'string') return null;
  const versions = (typeof spec?.taskVersions === 'object' && spec.taskVersions !== null ? spec.taskVersions : {}) as Record<string, unknown>;
  const version = versions[task];
  return { task, taskVersion: typeof version === 'number' ? version : 0, fidelity, seeds };
}

export function progressOf(campaign: Campaign): CampaignProgress {
  // The engine's budget rule: pre-screen rejections cost nothing, every other outcome spends one.
  const completed = campaign.evaluated + campaign.reused + campaign.rejected + campaign.failed;
  const resolved = completed + campaign.prescreenRejected;
  return {
    budget: campaign.budget,
    completed,
    proposed: campaign.proposed,
    evaluated: campaign.evaluated,
    reused: campaign.reused,
    rejected: campaign.rejected,
    prescreenRejected: campaign.prescreenRejected,
    failed: campaign.failed,
    inFlight: Math.max(0, campaign.proposed - resolved),
    fraction: campaign.budget > 0 ? Math.min(1, completed / campaign.budget) : 0,
  };
}

export function etaOf(campaign: Campaign, now: Date): CampaignEta | null {
  if (campaign.status !== 'running' || campaign.startedAt === null) return null;
  const { completed, budget } = progressOf(campaign);
  const elapsedMs = now.getTime() - campaign.startedAt.getTime();
  // Past the budget the search has no ETA; a finale's is on the detail (finale-view.ts).
  if (completed === 0 || completed >= budget || elapsedMs <= 0) return null;
  const seconds = Math.max(0, ((budget - completed) * elapsedMs) / completed / 1000);
  return { seconds: Math.round(seconds), at: new Date(now.getTime() + seconds * 1000).toISOString() };
}

function bestOfRow(row: LeaderboardRow, scope: { task: string; taskVersion: number; fidelity: string }): CampaignBest {
  return {
    fingerprint: row.fingerprint,
    canonical: row.canonical,
    task: scope.task,
    taskVersion: scope.taskVersion,
    fidelity: scope.fidelity,
    mean: row.mean,
    n: row.n,
    ciLow: row.ciLow,
    ciHigh: row.ciHigh,
    deltaVsRelu: row.delta,
  };
}

export async function bestOf(store: Store, campaign: Campaign): Promise<CampaignBest | null> {
  const scope = scoreScope(campaign);
  if (scope === null) return null;
  // Only candidates scored on every seed compete: a lucky first seed is not a result yet.
  const page = await store.leaderboard({
    task: scope.task,
    taskVersion: scope.taskVersion,
    fidelity: scope.fidelity,
    minSeeds: scope.seeds,
    campaignId: campaign.id,
    limit: 1,
    baselineFingerprint: BASELINE_FINGERPRINT,
  });
  const row = page.items[0];
  return row === undefined ? null : bestOfRow(row, scope);
}

/** The campaign without the engine's internals (strategy state, drive lease). */
export function campaignSummary(campaign: Campaign, now: Date) {
  return {
    id: campaign.id,
    name: campaign.name,
    status: campaign.status,
    statusReason: campaign.statusReason,
    spaceId: campaign.spaceId,
    strategy: campaign.strategy,
    owner: campaign.owner,
    createdAt: campaign.createdAt.toISOString(),
    startedAt: campaign.startedAt?.toISOString() ?? null,
    finishedAt: campaign.finishedAt?.toISOString() ?? null,
    progress: progressOf(campaign),
    eta: etaOf(campaign, now),
  };
}

export async function campaignDetail(store: Store, campaign: Campaign, now: Date) {
  const finale = await finaleView(store, campaign, now);
  const summary = campaignSummary(campaign, now);
  return {
    ...summary,
    eta: finale?.phase === 'finale' ? finale.eta : summary.eta,
    spaceHash: campaign.spaceHash,
    seed: campaign.seed,
    spec: campaign.spec,
    best: await bestOf(store, campaign),
    finale,
  };
}
