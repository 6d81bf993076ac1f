import { type Campaign } from '@actsearch/store';
import { evaluationKey } from '@actsearch/core';
import { payloadKind, taskVersionOf, type StoredCampaignSpec } from '../campaign-spec.ts';
import type { EngineContext } from '../context.ts';
import type { EvaluationPayload } from '../evaluation.ts';
import { storedRows } from '../finale/plan.ts';
import { baselineIdentity } from '../finale/spec.ts';

/** How soon a campaign that waits only on its reference looks again. */
export const REFERENCE_POLL_MS = 2_000;

/** One evaluation of a reference activation at the search's task, fidelity and seed. */
export interface ReferenceTarget {
  readonly key: string;
  readonly fingerprint: string;
  /** As given in the spec (`relu`). */
  readonly text: string;
  readonly canonical: string;
  readonly task: string;
  readonly taskVersion: number;
  readonly seed: number;
}

/** How far the search-fidelity training of the reference is: evaluations planned and stored. */
export interface ReferenceProgress {
  readonly total: number;
  readonly stored: number;
  readonly missing: number;
}

/** reference × search task × training seed at the search's fidelity; none when `reference.search` is off. */
export function referenceTargets(spec: StoredCampaignSpec): ReferenceTarget[] {
  if (!spec.reference.search) return [];
  const targets: ReferenceTarget[] = [];
  for (const text of spec.reference.activations) {
    // baselineExpr is canonical already; the identity is remembered per text (fingerprinting costs ~1 ms).
    const { fingerprint: fp, canonical } = baselineIdentity(text);
    for (const task of spec.tasks) {
      const taskVersion = taskVersionOf(spec, task);
      for (const seed of spec.seeds) {
        const key = evaluationKey({ fingerprint: fp, task, taskVersion, fidelity: spec.fidelity, seed });
        targets.push({ key, fingerprint: fp, text, canonical, task, taskVersion, seed });
      }
    }
  }
  return targets;
}

export async function referenceProgress(ctx: Pick<EngineContext, 'store'>, spec: StoredCampaignSpec): Promise<ReferenceProgress> {
  const targets = referenceTargets(spec);
  const rows = await storedRows(
    ctx.store,
    targets.map((t) => t.key),
  );
  return { total: targets.length, stored: rows.size, missing: targets.length - rows.size };
}

/**
 * Queues the reference's evaluations that are neither stored nor queued (a running campaign only),
 * and says how many are still missing. They are not candidates: they spend no budget and the strategy
 * never hears of them; their results drive the campaign, which is not done before they are stored.
 */
export async function driveReference(ctx: EngineContext, campaign: Campaign, spec: StoredCampaignSpec): Promise<ReferenceProgress> {
  const targets = referenceTargets(spec);
  if (targets.length === 0) return { total: 0, stored: 0, missing: 0 };
  const rows = await storedRows(
    ctx.store,
    targets.map((t) => t.key),
  );
  const missing = targets.filter((target) => !rows.has(target.key));
  if (missing.length === 0 || campaign.status !== 'running') return { total: targets.length, stored: rows.size, missing: missing.length };
  const representative = new Map<string, string>();
  for (const target of missing) {
    if (await ctx.dispatcher.isQueued(target.key)) continue;
    if (!representative.has(target.fingerprint)) {
      const stored = await ctx.store.activations.upsert({
        fingerprint: target.fingerprint,
        canonical: target.canonical,
        aliases: [target.text],
      });
      representative.set(target.fingerprint, stored.canonical);
    }
    const payload: EvaluationPayload = {
      key: target.key,
      fingerprint: target.fingerprint,
      expression: representative.get(target.fingerprint) ?? target.canonical,
      task: target.task,
      taskVersion: target.taskVersion,
      fidelity: spec.fidelity,
      seed: target.seed,
      rejection: spec.rejection,
      reference: true,
      ...payloadKind(spec),
    };
    await ctx.dispatcher.dispatchEvaluation({ key: target.key, payload, campaignIds: [campaign.id] });
  }
  return { total: targets.length, stored: rows.size, missing: missing.length };
}

/** Removes a stopped campaign's queued reference evaluations that no live candidate waits on. */
export async function removeReferenceWork(ctx: EngineContext, spec: StoredCampaignSpec): Promise<number> {
  const targets = referenceTargets(spec);
  if (targets.length === 0) return 0;
  const rows = await storedRows(
    ctx.store,
    targets.map((t) => t.key),
  );
  const unwanted: string[] = [];
  for (const target of targets) {
    if (rows.has(target.key)) continue;
    if ((await ctx.store.candidates.findWaitingOn(target.key)).length === 0) unwanted.push(target.key);
  }
  return unwanted.length === 0 ? 0 : ctx.dispatcher.removeQueuedEvaluations(unwanted);
}
