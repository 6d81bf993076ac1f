import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@actsearch/core';
import type { Strategy } from '@actsearch/search';
import { isTerminalStatus, type Campaign, type Candidate, type Evaluation, type JsonValue, type NewCandidate } from '@actsearch/store';
import { inFlightOf, spentOf } from './budget.ts';
import { payloadKind, type StoredCampaignSpec } from './campaign-spec.ts';
import type { EngineContext } from './context.ts';
import { finishCampaign } from './finish.ts';
import type { EvaluationPayload } from './evaluation.ts';
import { failureVerdict } from './failure-policy.ts';
import { driveFinale } from './finale/drive.ts';
import { failCampaign, loadCampaign, removeQueuedWork, strategyOf, type LoadedCampaign } from './lifecycle.ts';
import { errorFields } from './logger.ts';
import { trialResultOf } from './outcome.ts';
import { planProposal, type PlannedCandidate } from './plan-proposal.ts';
import { settleCandidates } from './settle.ts';
import { driveReference, REFERENCE_POLL_MS, type ReferenceProgress } from './reference/drive.ts';

/** How long to wait before asking again when another process holds the campaign's drive lease. */
const LEASE_BUSY_RETRY_MS = 1_000;
/** Untold results read per round. */
const TELL_BATCH = 1_000;

/**
 * One drive of a campaign (docs/architecture.md, "The path of a campaign", step 2). Idempotent and safe to run anywhere at any
 * time: it holds the campaign's drive lease for its duration, so across all processes one drive of a
 * campaign writes at a time, and everything it decides is derived from the store.
 */
export async function driveCampaign(ctx: EngineContext, campaignId: string): Promise<void> {
  const owner = `${ctx.workerId}/${randomUUID()}`;
  const startedAt = performance.now();
  if (!(await ctx.store.campaigns.tryAcquireDriveLease(campaignId, owner, ctx.driveLeaseMs))) {
    // Someone else drives it now; ask again, so a request made during their drive is not lost.
    await ctx.dispatcher.scheduleDrive(campaignId, { delayMs: Math.min(LEASE_BUSY_RETRY_MS, ctx.driveLeaseMs) });
    return;
  }
  try {
    await driveUnderLease(ctx, campaignId, owner);
  } finally {
    ctx.log.debug({ campaignId, ms: Math.round(performance.now() - startedAt) }, 'drive');
    await ctx.store.campaigns.releaseDriveLease(campaignId, owner).catch((error: unknown) => {
      ctx.log.warn({ campaignId, ...errorFields(error) }, 'could not release the drive lease; it expires on its own');
    });
  }
}

async function driveUnderLease(ctx: EngineContext, campaignId: string, owner: string): Promise<void> {
  let campaign: Campaign | null = await ctx.store.campaigns.get(campaignId);
  if (campaign === null || isTerminalStatus(campaign.status)) return;
  const loaded = loadCampaign(ctx, campaign);
  if ('problem' in loaded) {
    await failCampaign(ctx, campaignId, loaded.problem);
    return;
  }
  if (campaign.status === 'queued') {
    try {
      campaign = await ctx.store.campaigns.transition(campaignId, 'running', { from: ['queued'] });
      ctx.log.info({ campaignId }, 'campaign running');
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Paused or cancelled before its first drive: carry on with what it is now.
      campaign = await ctx.store.campaigns.require(campaignId);
    }
  }
  const strategy = strategyOf(campaign, loaded);
  const orphans = await findOrphans(ctx, campaign, strategy);
  for (const proposalId of orphans) {
    strategy.tell(proposalId, { kind: 'failed', error: 'the proposal was lost before it was stored (a drive stopped midway)' });
  }
  if (orphans.length > 0) {
    ctx.log.warn({ campaignId, orphans: orphans.length }, 'told the strategy about proposals a stopped drive never stored');
    if (!(await ctx.store.campaigns.saveStrategyState(campaignId, strategy.toJSON() as unknown as JsonValue, { leaseOwner: owner })))
      return;
  }

  // The reference trains at the search's own fidelity from the start, apart from the budget.
  const reference = await driveReference(ctx, campaign, loaded.spec);
  let renewedAt = performance.now();
  let fresh: Campaign | undefined = campaign;
  for (let round = 0; round < ctx.maxRoundsPerDrive; round += 1) {
    const step = await driveRound(ctx, fresh ?? (await ctx.store.campaigns.require(campaignId)), owner, loaded, strategy, reference);
    fresh = undefined;
    if (step === 'stop') return;
    // Renewed when a third of it is gone; a drive that loses it anyway stops at its next save.
    if (performance.now() - renewedAt > ctx.driveLeaseMs / 3) {
      if (!(await ctx.store.campaigns.renewDriveLease(campaignId, owner, ctx.driveLeaseMs))) {
        ctx.log.warn({ campaignId }, 'lost the drive lease; another drive takes over');
        return;
      }
      renewedAt = performance.now();
    }
  }
  // Still work to do (e.g. a space where most proposals are pre-screened out): hand the campaign back
  // to the queue so other campaigns get their turn.
  await ctx.dispatcher.scheduleDrive(campaignId);
}

/**
 * One round: tell every stored result not told yet, check the failure policy and the budget, ask for
 * as many proposals as free parallelism allows, persist the strategy, store and dispatch them.
 */
async function driveRound(
  ctx: EngineContext,
  campaign: Campaign,
  owner: string,
  loaded: LoadedCampaign,
  strategy: Strategy,
  reference: ReferenceProgress,
): Promise<'again' | 'stop'> {
  const { spec, space } = loaded;
  const campaignId = campaign.id;
  if (isTerminalStatus(campaign.status)) return 'stop';

  const untold = await ctx.store.candidates.listUntoldResults(campaignId, TELL_BATCH);
  const untoldRows = await evaluationsOf(ctx, untold);
  let toldFailure = false;
  for (const candidate of untold) {
    const result = trialResultOf(candidate, untoldRows, spec.tasks);
    if (result.kind === 'failed') toldFailure = true;
    try {
      strategy.tell(candidate.proposalId, result);
    } catch (error) {
      // Only after a drive lost its lease midway can a result reach a strategy that no longer
      // expects it; the candidate still counts, the strategy just does not learn from it.
      if (!(error instanceof NotFoundError || error instanceof ConflictError)) throw error;
      ctx.log.warn({ campaignId, candidateId: candidate.id, ...errorFields(error) }, 'the strategy did not expect this result');
    }
  }
  const told = untold.map((candidate) => candidate.id);
  const save = (): Promise<boolean> =>
    ctx.store.campaigns.saveStrategyState(campaignId, strategy.toJSON() as unknown as JsonValue, { told, leaseOwner: owner });

  const failure = await failureVerdict(ctx.store, campaign, spec.failurePolicy, toldFailure);
  if (failure !== null) {
    if (await save()) await failCampaign(ctx, campaignId, failure);
    return 'stop';
  }
  const spent = spentOf(campaign);
  const inFlight = inFlightOf(campaign);
  if (spent >= campaign.budget) {
    if (!(await save())) return 'stop';
    // The finale re-tests the best at its own fidelity, seeds and transfer tasks before the campaign is done.
    // Neither ends it while the reference is still training: its results drive the campaign again.
    if (spec.finale.enabled) await driveFinale(ctx, campaign, spec, reference.missing);
    else if (reference.missing === 0) await finishCampaign(ctx, campaign, `budget of ${campaign.budget} evaluated candidates spent`);
    if (reference.missing > 0) await pollReference(ctx, campaign);
    return 'stop';
  }
  // Never more in flight than the parallelism, never more than the budget could still take.
  const free = campaign.status === 'running' ? Math.max(0, Math.min(spec.parallelism - inFlight, campaign.budget - spent - inFlight)) : 0;
  const proposals = free > 0 ? strategy.ask(free) : [];
  const plans = proposals.map((proposal) => planProposal(space, spec, proposal, ctx.prescreen));
  const stored = await storedEvaluations(ctx, plans);
  // The state is saved before its proposals are stored: a crash in between leaves proposals the
  // strategy waits on but no candidate for, which the next drive finds and tells as lost
  // (findOrphans). Saving after would let a replayed drive store the same proposals twice.
  // Nothing told and nothing asked: the saved state is still current.
  if ((untold.length > 0 || proposals.length > 0) && !(await save())) {
    ctx.log.warn({ campaignId }, 'lost the drive lease before saving; another drive takes over');
    return 'stop';
  }
  if (proposals.length === 0) {
    if (free > 0 && inFlight === 0 && untold.length === 0) {
      // The strategy is exhausted (a small space, or everything left is known). With something trained
      // and a finale to run, the search ends here and the finale re-tests what it found; otherwise done.
      if (spec.finale.enabled && spent > 0 && (await ctx.store.campaigns.endSearch(campaignId, spent, { leaseOwner: owner }))) {
        ctx.log.info({ campaignId, spent, budget: campaign.budget }, 'the strategy has nothing left to propose: search over, finale next');
        return 'again';
      }
      if (reference.missing > 0) await pollReference(ctx, campaign);
      else
        await finishCampaign(
          ctx,
          campaign,
          `the strategy has nothing left to propose after ${campaign.proposed} candidates (${spent} evaluated)`,
        );
      return 'stop';
    }
    return untold.length > 0 ? 'again' : 'stop';
  }
  const resolvedNow = await storeAndDispatch(ctx, campaignId, spec, plans, stored);
  // Cancelled (or failed) while this round ran: the cancel removed what was queued before this
  // round's dispatches, so remove those too.
  const now = await ctx.store.campaigns.get(campaignId);
  if (now === null || isTerminalStatus(now.status)) {
    await removeQueuedWork(ctx, campaignId);
    return 'stop';
  }
  // Results that came in meanwhile asked for a drive of their own, which runs after this one.
  return resolvedNow > 0 ? 'again' : 'stop';
}

/**
 * Looks again later: a reference evaluation another campaign queued first drives only that campaign
 * when it lands, so a campaign waiting on it cannot count on being told.
 */
async function pollReference(ctx: EngineContext, campaign: Campaign): Promise<void> {
  if (campaign.status === 'running') await ctx.dispatcher.scheduleDrive(campaign.id, { delayMs: REFERENCE_POLL_MS });
}

async function evaluationsOf(ctx: EngineContext, candidates: readonly Candidate[]): Promise<Map<string, Evaluation>> {
  const keys = [...new Set(candidates.flatMap((candidate) => candidate.evaluationKeys))];
  const rows = keys.length === 0 ? [] : await ctx.store.evaluations.getMany(keys);
  return new Map(rows.map((row) => [row.key, row]));
}

async function storedEvaluations(ctx: EngineContext, plans: readonly PlannedCandidate[]): Promise<Set<string>> {
  const keys = [...new Set(plans.filter((plan) => plan.verdict === null).flatMap((plan) => plan.keys.map((k) => k.key)))];
  const rows = keys.length === 0 ? [] : await ctx.store.evaluations.getMany(keys);
  return new Set(rows.map((row) => row.key));
}

/**
 * Stores the activations and candidates of a round, then queues the evaluations nobody stored yet.
 * A candidate whose every key is already stored is `reused` (no training); a pre-screened one is
 * stored resolved and told on the next round.
 */
async function storeAndDispatch(
  ctx: EngineContext,
  campaignId: string,
  spec: StoredCampaignSpec,
  plans: readonly PlannedCandidate[],
  stored: ReadonlySet<string>,
): Promise<number> {
  // One representative per class: every key trains the class's simplest text the store knows, never
  // whichever text happened to reach the queue first.
  const representative = new Map<string, string>();
  const upserted = new Set<string>();
  for (const plan of plans) {
    const id = `${plan.fingerprint} ${plan.canonical} ${plan.expression}`;
    if (upserted.has(id)) continue;
    upserted.add(id);
    const stored = await ctx.store.activations.upsert({
      fingerprint: plan.fingerprint,
      canonical: plan.canonical,
      aliases: [plan.expression],
    });
    representative.set(plan.fingerprint, stored.canonical);
  }
  const items: NewCandidate[] = plans.map((plan) => {
    const base = {
      fingerprint: plan.fingerprint,
      proposalId: plan.proposal.id,
      expression: plan.expression,
      meta: { ...plan.proposal.meta, genome: [...plan.proposal.genome] } as JsonValue,
      fidelity: plan.fidelity,
    };
    if (plan.verdict !== null) return { ...base, state: 'prescreen_rejected', reason: `${plan.verdict.check}: ${plan.verdict.reason}` };
    const keys = plan.keys.map((k) => k.key);
    return { ...base, state: keys.every((key) => stored.has(key)) ? 'reused' : 'queued', evaluationKeys: keys };
  });
  const candidates = await ctx.store.candidates.append(campaignId, items);

  let resolved = candidates.filter((candidate) => candidate.state !== 'queued').length;
  const dispatched: string[] = [];
  const waiting: Candidate[] = [];
  for (const [i, candidate] of candidates.entries()) {
    const plan = plans[i] as PlannedCandidate;
    if (candidate.state !== 'queued') continue;
    waiting.push(candidate);
    for (const target of plan.keys) {
      if (stored.has(target.key)) continue;
      const payload: EvaluationPayload = {
        key: target.key,
        fingerprint: plan.fingerprint,
        expression: representative.get(plan.fingerprint) ?? plan.canonical,
        task: target.task,
        taskVersion: target.taskVersion,
        fidelity: plan.fidelity,
        seed: target.seed,
        rejection: spec.rejection,
        ...payloadKind(spec),
      };
      await ctx.dispatcher.dispatchEvaluation({ key: target.key, payload, campaignIds: [campaignId] });
      dispatched.push(target.key);
    }
  }
  // A result stored by another campaign's job between our lookup and our append was settled before
  // our candidate existed, so nobody will settle it: look once more now that it does.
  if (dispatched.length > 0) {
    const landed = await ctx.store.evaluations.getMany([...new Set(dispatched)]);
    if (landed.length > 0) {
      const keys = new Set(landed.map((row) => row.key));
      const moved = await settleCandidates(
        ctx,
        waiting.filter((candidate) => candidate.evaluationKeys.some((key) => keys.has(key))),
      );
      resolved += moved.size;
    }
  }
  return resolved;
}

/**
 * Proposals the strategy waits on that have no candidate: a drive saved the strategy and stopped
 * before storing them. Untold candidates number `proposed − toldCount`; the strategy's pending list is
 * only longer than that after such a stop, so the full scan runs only then.
 */
async function findOrphans(ctx: EngineContext, campaign: Campaign, strategy: Strategy): Promise<string[]> {
  const pending = strategy.pending();
  if (pending.length <= campaign.proposed - campaign.toldCount) return [];
  const known = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await ctx.store.candidates.listByCampaign(campaign.id, { limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
    for (const candidate of page.items) if (candidate.toldAt === null) known.add(candidate.proposalId);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return pending.filter((id) => !known.has(id));
}
