import { fingerprint, print } from '@actsearch/expr';
import { type Candidate, type Evaluation, type Store } from '@actsearch/store';
import { evaluationKey } from '@actsearch/core';
import { taskVersionOf, type CampaignFidelity, type StoredCampaignSpec } from '../campaign-spec.ts';
import { baselineExpr, finaleSeeds } from './spec.ts';
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

/**
 * The finale's plan. Deterministic: the top-k are ranked by search score (ties by first proposal),
 * so every drive, before or after a crash, derives the same plan and only dispatches what is missing.
 */
export async function planFinale(store: Store, campaignId: string, spec: StoredCampaignSpec): Promise<FinalePlan> {
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
  const ranked = [...best.entries()].map(([fp, v]) => ({ fingerprint: fp, ...v })).sort((a, b) => b.score - a.score || a.order - b.order);
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
    const canonical = baselineExpr(text);
    const fp = fingerprint(canonical);
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
      canonical: print(canonical),
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
    reference: { fingerprint: fingerprint(baselineExpr(referenceText)), text: referenceText },
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
    const fp = fingerprint(baselineExpr(text));
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
  const names = new Map<string, string>();
  for (const fp of fingerprints) {
    const activation = await store.activations.get(fp);
    if (activation !== null) names.set(fp, activation.canonical);
  }
  return names;
}
