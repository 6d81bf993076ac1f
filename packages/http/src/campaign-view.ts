/**
 * A campaign as the API shows it: the stored row plus progress against the budget, its phase, its
 * answer (the finale's verdict, or the best so far marked provisional), the best by search score with
 * Δ reference, the reference's own training and the finale's progress and ETA (engine: campaignOutlook).
 */
import type { Campaign as CampaignView, CampaignBest, CampaignSummary, Candidate as CandidateView, Progress } from '@actsearch/contract';
import { campaignOutlook, inFlightOf, spentOf, type CampaignOutlook, type KnownTask, type SearchBest } from '@actsearch/engine';
import { candidateKindOfText } from '@actsearch/expr';
import type { Campaign, Store } from '@actsearch/store';

// Every function here returns a type of the wire contract (packages/contract), so a field added,
// renamed or retyped on either side fails the typecheck rather than a client.
export type { CampaignBest, CandidateView };

export function progressOf(campaign: Campaign): Progress {
  // The engine's budget rule (budget.ts): pre-screen rejections cost nothing, every other outcome spends one.
  const completed = spentOf(campaign);
  return {
    budget: campaign.budget,
    completed,
    proposed: campaign.proposed,
    evaluated: campaign.evaluated,
    reused: campaign.reused,
    rejected: campaign.rejected,
    prescreenRejected: campaign.prescreenRejected,
    failed: campaign.failed,
    inFlight: Math.max(0, inFlightOf(campaign)),
    fraction: campaign.budget > 0 ? Math.min(1, completed / campaign.budget) : 0,
  };
}

/** The search's ETA from its rate so far (the finale's comes from its own cost estimate). */
export function etaOf(campaign: Campaign, now: Date): CampaignSummary['eta'] {
  if (campaign.status !== 'running' || campaign.startedAt === null) return null;
  const { completed, budget } = progressOf(campaign);
  const elapsedMs = now.getTime() - campaign.startedAt.getTime();
  if (completed === 0 || completed >= budget || elapsedMs <= 0) return null;
  const seconds = Math.max(0, ((budget - completed) * elapsedMs) / completed / 1000);
  return { seconds: Math.round(seconds), at: new Date(now.getTime() + seconds * 1000).toISOString() };
}

export function bestView(best: SearchBest | null): CampaignBest | null {
  if (best === null) return null;
  return {
    fingerprint: best.fingerprint,
    canonical: best.canonical,
    kind: candidateKindOfText(best.canonical),
    expression: best.expression,
    task: best.task,
    taskVersion: best.taskVersion,
    fidelity: best.fidelity,
    mean: best.mean,
    n: best.n,
    ciLow: best.ciLow,
    ciHigh: best.ciHigh,
    clipped: best.clipped,
    deltaVsReference: best.vsReference?.meanDiff ?? null,
    deltaSeeds: best.vsReference?.n ?? 0,
  };
}

/** Where the campaign stands, its answer, the reference's training and the finale's progress. */
export function outlookOf(store: Store, campaign: Campaign, now: Date, tasks: readonly KnownTask[]): Promise<CampaignOutlook> {
  return campaignOutlook(store, campaign, { tasks, now });
}

/** The campaign without the engine's internals (strategy state, drive lease), with its answer. */
export function campaignSummary(campaign: Campaign, now: Date, outlook: CampaignOutlook): CampaignSummary {
  return {
    id: campaign.id,
    name: campaign.name,
    status: campaign.status,
    statusReason: campaign.statusReason,
    spaceId: campaign.spaceId,
    kind: outlook.kind,
    strategy: campaign.strategy,
    owner: campaign.owner,
    createdAt: campaign.createdAt.toISOString(),
    startedAt: campaign.startedAt?.toISOString() ?? null,
    finishedAt: campaign.finishedAt?.toISOString() ?? null,
    phase: outlook.phase,
    progress: progressOf(campaign),
    // Past the search budget the finale's own ETA (from its cost estimate) is the campaign's.
    eta: outlook.phase === 'finale' ? (outlook.finale?.eta ?? null) : etaOf(campaign, now),
    answer: outlook.answer,
    finale: outlook.finale,
    reference: outlook.reference,
  };
}

export async function campaignDetail(store: Store, campaign: Campaign, now: Date, tasks: readonly KnownTask[]): Promise<CampaignView> {
  const outlook = await outlookOf(store, campaign, now, tasks);
  return {
    ...campaignSummary(campaign, now, outlook),
    spaceHash: campaign.spaceHash,
    seed: campaign.seed,
    // Written by submitCampaign as the parsed spec object (storedSpecOf reads it back the same way).
    spec: campaign.spec as Record<string, unknown>,
    best: bestView(outlook.searchBest),
  };
}
