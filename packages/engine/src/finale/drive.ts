import { isTerminalStatus, type Campaign } from '@actsearch/store';
import { payloadKind, type RejectionSettings, type StoredCampaignSpec } from '../campaign-spec.ts';
import type { EngineContext } from '../context.ts';
import { finishCampaign } from '../finish.ts';
import type { EvaluationPayload } from '../evaluation.ts';
import { planFinale, storedRows } from './plan.ts';

/** How soon an unfinished finale looks again, in case a result it waits on was queued by someone else. */
const FINALE_POLL_MS = 2_000;

/**
 * One drive of the finale, after the search budget is spent. Everything is derived from the store:
 * the plan, what is stored (reused, never retrained), what is queued. It keeps at most `parallelism`
 * finale evaluations queued, like the search, so a pause takes effect; when every planned evaluation
 * has a final row the campaign is done.
 */
export async function driveFinale(ctx: EngineContext, campaign: Campaign, spec: StoredCampaignSpec, referenceMissing = 0): Promise<void> {
  const plan = await planFinale(ctx.store, campaign.id, spec);
  const rows = await storedRows(
    ctx.store,
    plan.targets.map((t) => t.key),
  );
  const missing = plan.targets.filter((target) => !rows.has(target.key));
  if (missing.length === 0) {
    // The search-fidelity reference results still to come drive the campaign again.
    if (referenceMissing > 0) return;
    await finishCampaign(ctx, campaign, `search budget of ${campaign.budget} spent; finale of ${plan.targets.length} evaluations complete`);
    return;
  }
  if (campaign.status !== 'running') return;
  for (const entry of plan.entries) {
    if (entry.baseline !== null)
      await ctx.store.activations.upsert({ fingerprint: entry.fingerprint, canonical: entry.canonical, aliases: [entry.baseline] });
  }
  let inFlight = 0;
  let dispatched = 0;
  for (const target of missing) {
    if (inFlight >= spec.parallelism) break;
    if (await ctx.dispatcher.isQueued(target.key)) {
      inFlight += 1;
      continue;
    }
    // Read after the queue: a job that finished in between is stored by now, not queued twice.
    if ((await ctx.store.evaluations.get(target.key)) !== null) continue;
    const payload: EvaluationPayload = {
      key: target.key,
      fingerprint: target.fingerprint,
      expression: target.canonical,
      task: target.task,
      taskVersion: target.taskVersion,
      fidelity: plan.fidelity,
      seed: target.seed,
      rejection: finaleRejection(spec.rejection),
      finale: true,
      ...payloadKind(spec),
    };
    await ctx.dispatcher.dispatchEvaluation({ key: target.key, payload, campaignIds: [campaign.id] });
    inFlight += 1;
    dispatched += 1;
  }
  if (dispatched > 0) ctx.log.info({ campaignId: campaign.id, dispatched, missing: missing.length }, 'finale dispatched');
  const now = await ctx.store.campaigns.get(campaign.id);
  if (now === null || isTerminalStatus(now.status)) {
    await removeFinaleWork(ctx, campaign.id, spec);
    return;
  }
  await ctx.dispatcher.scheduleDrive(campaign.id, { delayMs: FINALE_POLL_MS });
}

/**
 * What the finale's trainings reject: the pre-screen (a function the search would never train) and
 * divergence (a non-finite loss ends the run, reported with its step), but not the predictive tests.
 * The quality floor and the worst-case gradient-norm test predict how a search candidate *would*
 * train, to save its budget; the finale exists to measure how finalists *do* train, so a
 * prediction must never stand in for a finale result.
 */
export function finaleRejection(settings: RejectionSettings): RejectionSettings {
  return { ...settings, quality: false, stability: false };
}

/** Removes the finale's evaluations that have not started (a cancelled campaign's). */
export async function removeFinaleWork(ctx: EngineContext, campaignId: string, spec: StoredCampaignSpec): Promise<number> {
  if (!spec.finale.enabled) return 0;
  const campaign = await ctx.store.campaigns.get(campaignId);
  if (campaign === null || campaign.evaluated + campaign.reused + campaign.rejected + campaign.failed < campaign.budget) return 0;
  const plan = await planFinale(ctx.store, campaignId, spec);
  const rows = await storedRows(
    ctx.store,
    plan.targets.map((t) => t.key),
  );
  const missing = plan.targets.filter((target) => !rows.has(target.key)).map((target) => target.key);
  // A key another live campaign's candidate waits on stays wanted.
  const unwanted: string[] = [];
  for (const key of missing) if ((await ctx.store.candidates.findWaitingOn(key)).length === 0) unwanted.push(key);
  return unwanted.length === 0 ? 0 : ctx.dispatcher.removeQueuedEvaluations(unwanted);
}
