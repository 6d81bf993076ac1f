import { type Campaign, type Candidate, type Evaluation, type Store } from '@actsearch/store';
import { evaluationKey } from '@actsearch/core';
import { taskVersionOf, type CampaignFidelity, type StoredCampaignSpec } from '../campaign-spec.ts';
import { baselineIdentity, finaleSeeds } from './spec.ts';
import { trialResultOf } from '../outcome.ts';

/** One activation the finale re-tests. */
export interface FinaleEntry {
  readonly fingerprint: string;
  readonly canonical: string;
  /** 1-based rank by search score among the campaign's candidates; null for a baseline it never proposed. */
  readonly searchRank: number | null;
  readonly searchScore: number | null;
  /** The baseline's text as given in the spec (`relu`), when this entry is one (the reference included). */
  readonly baseline: string | null;
  /** One of the top-k by search score: a candidate for the campaign's answer. */
  readonly finalist: boolean;
}

export interface FinaleTask {
  readonly id: string;
  readonly kind: 'search' | 'transfer';
}

export interface FinaleTarget {
  readonly key: string;
  readonly fingerprint: string;
  readonly canonical: string;
  readonly task: string;
  readonly taskVersion: number;
  readonly seed: number;
}

/** Everything the finale evaluates, derived from the spec and the stored search results alone. */
export interface FinalePlan {
  readonly entries: readonly FinaleEntry[];
  /** What every entry is compared with: the spec's first reference activation. */
  readonly reference: { readonly fingerprint: string; readonly text: string };
  readonly tasks: readonly FinaleTask[];
  readonly seeds: readonly number[];
  readonly fidelity: CampaignFidelity;
  /** entry × task × seed, in that order. */
  readonly targets: readonly FinaleTarget[];
}

const PAGE = 1000;

/** A candidate function with its best search score, in the finale's ranking order. */
export interface RankedCandidate {
  readonly fingerprint: string;
  readonly canonical: string;
  readonly score: number;
  readonly order: number;
}

/**
 * The campaign's scored functions, best first (ties by first proposal): a walk over every evaluated
 * candidate and its evaluations, the one part of the plan whose cost grows with the campaign.
 */
export async function rankCandidates(store: Store, campaignId: string, spec: StoredCampaignSpec): Promise<RankedCandidate[]> {
  const best = new Map<string, { canonical: string; score: number; order: number }>();
  let cursor: string | undefined;
  do {
    const page = await store.candidates.listByCampaign(campaignId, {
      state: ['evaluated', 'reused'],
      limit: PAGE,
      ...(cursor === undefined ? {} : { cursor }),
    });
    const rows = await evaluationsOf(store, page.items);
    for (const candidate of page.items) {
      const result = trialResultOf(candidate, rows, spec.tasks);
      if (result.kind !== 'score') continue;
      const known = best.get(candidate.fingerprint);
      if (known === undefined || result.value > known.score) {
        best.set(candidate.fingerprint, {
          canonical: known?.canonical ?? candidate.expression,
          score: result.value,
          order: known?.order ?? candidate.order,
        });
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return [...best.entries()].map(([fp, v]) => ({ fingerprint: fp, ...v })).sort((a, b) => b.score - a.score || a.order - b.order);
}

/**
 * Rankings for reads, remembered per campaign while its counters stand still: a candidate enters the
 * ranking only by becoming evaluated or reused, which moves a counter, and a stored evaluation is
 * never rewritten once its candidate is resolved. The drive always ranks afresh.
 */
const rankings = new WeakMap<Store, Map<string, { counters: string; ranked: RankedCandidate[] }>>();
const RANKINGS_MAX = 200;

export async function rankCandidatesForRead(store: Store, campaign: Campaign, spec: StoredCampaignSpec): Promise<RankedCandidate[]> {
  const counters = [campaign.proposed, campaign.evaluated, campaign.reused, campaign.rejected, campaign.failed].join('|');
  const memo = rankings.get(store) ?? new Map<string, { counters: string; ranked: RankedCandidate[] }>();
  rankings.set(store, memo);
  const known = memo.get(campaign.id);
  if (known !== undefined && known.counters === counters) return known.ranked;
  const ranked = await rankCandidates(store, campaign.id, spec);
  if (memo.size >= RANKINGS_MAX) memo.delete(memo.keys().next().value as string);
  memo.set(campaign.id, { counters, ranked });
  return ranked;
}

/**
 * The finale's plan. Deterministic: the top-k are ranked by search score (ties by first proposal),
 * so every drive, before or after a crash, derives the same plan and only dispatches what is missing.
 * `ranked` is the campaign's ranking when the caller has it (rankCandidatesForRead).
 */
export async function planFinale(
  store: Store,
  campaignId: string,
  spec: StoredCampaignSpec,
  ranked?: readonly RankedCandidate[],
): Promise<FinalePlan> {
  ranked ??= await rankCandidates(store, campaignId, spec);
  const top = ranked.slice(0, spec.finale.topK);
  const canonicals = await canonicalNames(
    store,
    top.map((row) => row.fingerprint),
  );
  const entries: FinaleEntry[] = top.map((row, i) => ({
    fingerprint: row.fingerprint,
    canonical: canonicals.get(row.fingerprint) ?? row.canonical,
    searchRank: i + 1,
    searchScore: row.score,
    baseline: null,
    finalist: true,
  }));
  for (const text of finaleBaselines(spec)) {
    const { fingerprint: fp, canonical } = baselineIdentity(text);
    const index = entries.findIndex((entry) => entry.fingerprint === fp);
    if (index >= 0) {
      const entry = entries[index] as FinaleEntry;
      if (entry.baseline === null) entries[index] = { ...entry, baseline: text };
      continue;
    }
    const rankIndex = ranked.findIndex((row) => row.fingerprint === fp);
    const searched = ranked[rankIndex];
    entries.push({
      fingerprint: fp,
      canonical,
      searchRank: searched === undefined ? null : rankIndex + 1,
      searchScore: searched?.score ?? null,
      baseline: text,
      finalist: false,
    });
  }
  const tasks: FinaleTask[] = spec.tasks.map((id) => ({ id, kind: 'search' }));
  for (const id of spec.finale.transferTasks) if (!spec.tasks.includes(id)) tasks.push({ id, kind: 'transfer' });
  const seeds = finaleSeeds(spec.seeds, spec.finale.seeds);
  const fidelity = spec.finale.fidelity;
  const targets: FinaleTarget[] = [];
  for (const entry of entries) {
    for (const task of tasks) {
      const taskVersion = taskVersionOf(spec, task.id);
      for (const seed of seeds) {
        const key = evaluationKey({ fingerprint: entry.fingerprint, task: task.id, taskVersion, fidelity, seed });
        targets.push({ key, fingerprint: entry.fingerprint, canonical: entry.canonical, task: task.id, taskVersion, seed });
      }
    }
  }
  const referenceText = spec.reference.activations[0] ?? 'relu';
  return {
    entries,
    reference: { fingerprint: baselineIdentity(referenceText).fingerprint, text: referenceText },
    tasks,
    seeds,
    fidelity,
    targets,
  };
}

/** The reference activations, then the finale's other baselines, each function once. */
export function finaleBaselines(spec: StoredCampaignSpec): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const text of [...spec.reference.activations, ...spec.finale.baselines]) {
    const fp = baselineIdentity(text).fingerprint;
    if (seen.has(fp)) continue;
    seen.add(fp);
    out.push(text);
  }
  return out;
}

/** The stored evaluations of these keys, fetched in pages. */
export async function storedRows(store: Store, keys: readonly string[]): Promise<Map<string, Evaluation>> {
  const rows = new Map<string, Evaluation>();
  for (let i = 0; i < keys.length; i += PAGE) {
    for (const row of await store.evaluations.getMany(keys.slice(i, i + PAGE))) rows.set(row.key, row);
  }
  return rows;
}

async function evaluationsOf(store: Store, candidates: readonly Candidate[]): Promise<Map<string, Evaluation>> {
  return storedRows(store, [...new Set(candidates.flatMap((candidate) => candidate.evaluationKeys))]);
}

async function canonicalNames(store: Store, fingerprints: readonly string[]): Promise<Map<string, string>> {
  if (fingerprints.length === 0) return new Map();
  return new Map((await store.activations.getMany(fingerprints)).map((a) => [a.fingerprint, a.canonical]));
}
