import { type Campaign, type Candidate, type CampaignStatus, type Evaluation } from '@actsearch/store';
import { parseEvaluationKey } from '@actsearch/core';
import type { EngineContext } from './context.ts';
import { payloadKind, type StoredCampaignSpec } from './campaign-spec.ts';
import type { EvaluationPayload } from './evaluation.ts';
import { loadCampaign } from './lifecycle.ts';
import { settleCandidates } from './settle.ts';

export interface SweepReport {
  /** Campaigns looked at (queued, running or paused). */
  readonly campaigns: number;
  /** Evaluations queued again because they were neither stored nor queued. */
  readonly redispatched: number;
  /** Candidates settled from evaluations already stored (their handler died before settling them). */
  readonly settled: number;
  readonly drivesScheduled: number;
}

const LIVE: CampaignStatus[] = ['queued', 'running', 'paused'];

/**
 * Rebuilds the queue from the store, which is the truth: every waiting candidate's evaluation is
 * either stored, or queued, or queued again here. This is what recovers from a Redis that restarted
 * empty, an embedded process that restarted (its queue lived in memory), or a drive that stopped
 * between storing candidates and dispatching them. It then asks for a drive of every live campaign,
 * so one whose drive was lost moves on. Safe to run concurrently with everything (dispatch is
 * deduplicated by key, settling is compare-and-set).
 */
export async function sweep(ctx: EngineContext): Promise<SweepReport> {
  let campaigns = 0;
  let redispatched = 0;
  let settled = 0;
  let drivesScheduled = 0;
  let cursor: string | undefined;
  do {
    const page = await ctx.store.campaigns.list({ status: LIVE, limit: 200, ...(cursor === undefined ? {} : { cursor }) });
    for (const campaign of page.items) {
      campaigns += 1;
      if (campaign.status !== 'queued') {
        const swept = await sweepCampaign(ctx, campaign);
        redispatched += swept.redispatched;
        settled += swept.settled;
      }
      if (campaign.status !== 'paused') {
        await ctx.dispatcher.scheduleDrive(campaign.id);
        drivesScheduled += 1;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  if (redispatched > 0) ctx.log.warn({ redispatched }, 'sweeper queued again evaluations that were neither stored nor queued');
  // Usually a race with a result handler that was about to settle them; after a crash, a repair.
  if (settled > 0) ctx.log.info({ settled }, 'sweeper settled candidates whose evaluations were already stored');
  return { campaigns, redispatched, settled, drivesScheduled };
}

async function sweepCampaign(ctx: EngineContext, campaign: Campaign): Promise<{ redispatched: number; settled: number }> {
  const loaded = loadCampaign(ctx, campaign);
  // A campaign that cannot load is failed by its next drive; nothing to rebuild for it.
  if ('problem' in loaded) return { redispatched: 0, settled: 0 };
  let redispatched = 0;
  let settled = 0;
  let cursor: string | undefined;
  do {
    const page = await ctx.store.candidates.listByCampaign(campaign.id, {
      state: 'queued',
      limit: 500,
      ...(cursor === undefined ? {} : { cursor }),
    });
    const keys = [...new Set(page.items.flatMap((candidate) => candidate.evaluationKeys))];
    const rows = keys.length === 0 ? [] : await ctx.store.evaluations.getMany(keys);
    const stored = new Map<string, Evaluation>(rows.map((row) => [row.key, row]));
    const complete = page.items.filter((candidate) => candidate.evaluationKeys.every((key) => stored.has(key)));
    if (complete.length > 0) {
      const before = complete.length;
      await settleCandidates(ctx, complete);
      settled += before;
    }
    for (const candidate of page.items) {
      for (const key of candidate.evaluationKeys) {
        if (stored.has(key) || (await ctx.dispatcher.isQueued(key))) continue;
        // Looked up after the queue: a job that finished between the two reads is stored by now
        // (its result is persisted before the job completes), so it is not queued twice.
        if ((await ctx.store.evaluations.get(key)) !== null) continue;
        const payload = await payloadFor(ctx, candidate, key, loaded.spec);
        if (payload === null) continue;
        if ((await ctx.dispatcher.dispatchEvaluation({ key, payload, campaignIds: [campaign.id] })) === 'queued') redispatched += 1;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return { redispatched, settled };
}

async function payloadFor(
  ctx: EngineContext,
  candidate: Candidate,
  key: string,
  spec: StoredCampaignSpec,
): Promise<EvaluationPayload | null> {
  const identity = parseEvaluationKey(key);
  if (identity === null || !isFidelity(identity.fidelity)) {
    ctx.log.error({ candidateId: candidate.id, key }, 'malformed evaluation key; not re-dispatched');
    return null;
  }
  const { fingerprint, task, taskVersion, fidelity, seed } = identity;
  const activation = await ctx.store.activations.get(fingerprint);
  if (activation === null) {
    ctx.log.error({ candidateId: candidate.id, key }, 'the activation of a waiting candidate is missing; not re-dispatched');
    return null;
  }
  return {
    key,
    fingerprint,
    expression: activation.canonical,
    task,
    taskVersion,
    fidelity,
    seed,
    rejection: spec.rejection,
    ...payloadKind(spec),
  };
}

function isFidelity(value: string | undefined): value is EvaluationPayload['fidelity'] {
  return value === 'screen' || value === 'standard' || value === 'full';
}
