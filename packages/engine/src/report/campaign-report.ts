import { NotFoundError } from '@actsearch/core';
import type { CandidateKind } from '@actsearch/expr';
import type { Store } from '@actsearch/store';
import { campaignKind, storedSpecOf, type StoredCampaignSpec } from '../campaign-spec.ts';
import type { CampaignAnswer, FinalistVerdict } from '../finale/answer.ts';
import { storedRows } from '../finale/plan.ts';
import type { FinaleResult } from '../finale/results.ts';
import { referenceTargets } from '../reference/drive.ts';
import { outlookWithEvidence, type OutlookOptions, type ReferenceOutlook } from './campaign-outlook.ts';
import type { SearchBest } from './search-best.ts';

/** A campaign's citable result: its answer, what ran, what it cost, what was turned down, and the finale's tables. */
export interface CampaignReport {
  /** The activation the campaign answers with, whether it held up, and why (null: nothing scored yet). */
  readonly answer: CampaignAnswer | null;
  /** What the campaign searched: activation functions, or normalization-activation layers. */
  readonly kind: CandidateKind;
  readonly campaign: {
    readonly id: string;
    readonly name: string;
    readonly status: string;
    readonly statusReason: string | null;
    readonly phase: 'search' | 'finale' | 'finished';
    readonly createdAt: string;
    readonly startedAt: string | null;
    readonly finishedAt: string | null;
  };
  readonly spec: StoredCampaignSpec;
  readonly spaceHash: string;
  /** The strategy's seed and the training seeds of the search. */
  readonly seed: number;
  readonly seeds: readonly number[];
  /** Every backend that trained one of the evaluations this report rests on. */
  readonly backends: readonly string[];
  readonly counts: {
    readonly budget: number;
    readonly proposed: number;
    readonly evaluated: number;
    readonly reused: number;
    readonly rejected: number;
    readonly prescreenRejected: number;
    readonly failed: number;
  };
  /** Summed training time of the distinct evaluations used by the search and the finale. */
  readonly compute: { readonly evaluations: number; readonly totalMs: number; readonly searchMs: number; readonly finaleMs: number };
  /** Turned-down candidates by check (pre-screen) or test (during training), and failures. */
  readonly rejections: {
    readonly prescreen: Readonly<Record<string, number>>;
    readonly training: Readonly<Record<string, number>>;
    readonly failed: number;
  };
  readonly finale: FinaleResult | null;
  /** Every finalist against the reference: held up, or where and by how much it missed (best first). */
  readonly finalists: readonly FinalistVerdict[];
  /** The best by search score on the first search task, with Δ reference (the search's own view). */
  readonly searchBest: SearchBest | null;
  readonly reference: ReferenceOutlook;
}

const PAGE = 1000;

/**
 * Builds the report from the store alone (the same numbers whoever asks, whenever). `tasks` gives the
 * metric ranges intervals are cut at.
 */
export async function buildCampaignReport(store: Store, campaignId: string, options: OutlookOptions = {}): Promise<CampaignReport> {
  const campaign = await store.campaigns.get(campaignId);
  if (campaign === null) throw new NotFoundError(`campaign ${campaignId} not found`);
  const spec = storedSpecOf(campaign.spec);
  const searchKeys = new Set<string>();
  const prescreen: Record<string, number> = {};
  const training: Record<string, number> = {};
  let failed = 0;
  let cursor: string | undefined;
  do {
    const page = await store.candidates.listByCampaign(campaignId, { limit: PAGE, ...(cursor === undefined ? {} : { cursor }) });
    for (const candidate of page.items) {
      for (const key of candidate.evaluationKeys) searchKeys.add(key);
      if (candidate.state === 'prescreen_rejected') bump(prescreen, reasonHead(candidate.reason));
      else if (candidate.state === 'rejected') bump(training, reasonHead(candidate.reason));
      else if (candidate.state === 'failed') failed += 1;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  // The reference's search-fidelity trainings are part of what the search cost.
  for (const target of referenceTargets(spec)) searchKeys.add(target.key);
  const searchRows = await storedRows(store, [...searchKeys]);
  const { outlook, evidence } = await outlookWithEvidence(store, campaign, spec, options);
  const finale = evidence?.result ?? null;
  let finaleMs = 0;
  let finaleOnly = 0;
  const backends = new Set<string>();
  for (const row of searchRows.values()) if (row.backend !== null) backends.add(row.backend);
  if (evidence !== null) {
    const rows = await storedRows(
      store,
      evidence.plan.targets.map((t) => t.key),
    );
    for (const row of rows.values()) {
      if (row.backend !== null) backends.add(row.backend);
      if (searchRows.has(row.key)) continue;
      finaleMs += row.durationMs ?? 0;
      finaleOnly += 1;
    }
  }
  let searchMs = 0;
  for (const row of searchRows.values()) searchMs += row.durationMs ?? 0;
  return {
    answer: outlook.answer,
    kind: campaignKind(spec),
    campaign: {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      statusReason: campaign.statusReason,
      phase: outlook.phase,
      createdAt: campaign.createdAt.toISOString(),
      startedAt: campaign.startedAt?.toISOString() ?? null,
      finishedAt: campaign.finishedAt?.toISOString() ?? null,
    },
    spec,
    spaceHash: campaign.spaceHash,
    seed: campaign.seed,
    seeds: spec.seeds,
    backends: [...backends].sort(),
    counts: {
      budget: campaign.budget,
      proposed: campaign.proposed,
      evaluated: campaign.evaluated,
      reused: campaign.reused,
      rejected: campaign.rejected,
      prescreenRejected: campaign.prescreenRejected,
      failed: campaign.failed,
    },
    compute: { evaluations: searchRows.size + finaleOnly, totalMs: searchMs + finaleMs, searchMs, finaleMs },
    rejections: { prescreen: sorted(prescreen), training: sorted(training), failed },
    finale,
    finalists: evidence?.finalists ?? [],
    searchBest: outlook.searchBest,
    reference: outlook.reference,
  };
}

function reasonHead(reason: string | null): string {
  const head = (reason ?? 'unknown').split(':')[0]?.trim();
  return head === undefined || head === '' ? 'unknown' : head;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}
