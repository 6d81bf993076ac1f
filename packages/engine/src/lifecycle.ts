import { createStrategy, restoreStrategy, type Strategy } from '@actsearch/search';
import { contentHash, type SearchSpace } from '@actsearch/spaces';
import { isTerminalStatus, type Campaign, type JsonValue } from '@actsearch/store';
import { storedSpecOf, type StoredCampaignSpec } from './campaign-spec.ts';
import type { EngineContext, KnownTask } from './context.ts';
import { removeFinaleWork } from './finale/drive.ts';
import { removeReferenceWork } from './reference/drive.ts';
import { errorFields } from './logger.ts';
import { validateCampaignSpec, type SpecLimits } from './validate-spec.ts';

export interface SubmitOptions {
  /** Who submits (the API's token id); recorded on the campaign, never taken from the spec. */
  readonly owner?: string;
  /** The submitter's maxima (the API's configuration). */
  readonly limits?: SpecLimits;
}

/**
 * Validates and stores a campaign (status queued), then schedules its first drive. The spec is checked
 * once, by validateCampaignSpec, against the spaces, the tasks and the strategies this engine runs;
 * the space's content hash is recorded, so a drive after the space file changed fails the campaign
 * instead of mixing two spaces.
 */
export async function submitCampaign(
  ctx: EngineContext,
  input: unknown,
  knownTasks: readonly KnownTask[] | undefined,
  options: SubmitOptions = {},
): Promise<Campaign> {
  const validated = validateCampaignSpec(input, {
    spaces: ctx.spaces,
    ...(knownTasks === undefined ? {} : { tasks: knownTasks }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });
  const spec = options.owner === undefined ? validated : { ...validated, owner: options.owner };
  const space = ctx.spaces.get(spec.space);
  const taskVersions = Object.fromEntries(
    [...spec.tasks, ...spec.finale.transferTasks].map((id) => [id, knownTasks?.find((task) => task.id === id)?.version ?? 0]),
  );
  const stored: StoredCampaignSpec = {
    ...spec,
    spaceHash: contentHash(space),
    taskVersions,
    ...(space.kind === 'layer' ? { kind: 'layer' } : {}),
  };
  const campaign = await ctx.store.campaigns.create({
    name: spec.name,
    spec: stored as unknown as JsonValue,
    spaceId: spec.space,
    spaceHash: stored.spaceHash,
    strategy: spec.strategy.name,
    budget: spec.budget.candidates,
    seed: spec.seed,
    owner: spec.owner ?? null,
  });
  ctx.log.info(
    { campaignId: campaign.id, name: campaign.name, space: spec.space, strategy: spec.strategy.name, budget: campaign.budget },
    'campaign submitted',
  );
  await ctx.dispatcher.scheduleDrive(campaign.id);
  return campaign;
}

/** Stops new dispatch; evaluations already queued or running finish and are recorded. */
export async function pauseCampaign(ctx: EngineContext, id: string): Promise<Campaign> {
  const campaign = await ctx.store.campaigns.transition(id, 'paused', { reason: 'paused by request' });
  ctx.log.info({ campaignId: id }, 'campaign paused');
  return campaign;
}

export async function resumeCampaign(ctx: EngineContext, id: string): Promise<Campaign> {
  const campaign = await ctx.store.campaigns.transition(id, 'running', { from: ['paused'] });
  ctx.log.info({ campaignId: id }, 'campaign resumed');
  await ctx.dispatcher.scheduleDrive(id);
  return campaign;
}

/** Stops the campaign and removes its evaluations that have not started (unless another live campaign waits on them). */
export async function cancelCampaign(ctx: EngineContext, id: string, reason = 'cancelled by request'): Promise<Campaign> {
  const campaign = await ctx.store.campaigns.transition(id, 'cancelled', { reason });
  let removed = await removeQueuedWork(ctx, id);
  const loaded = loadCampaign(ctx, campaign);
  if (!('problem' in loaded)) removed += (await removeFinaleWork(ctx, id, loaded.spec)) + (await removeReferenceWork(ctx, loaded.spec));
  ctx.log.info({ campaignId: id, removedJobs: removed }, 'campaign cancelled');
  return campaign;
}

/** Moves a campaign to failed with the reason, and drops its queued work. */
export async function failCampaign(ctx: EngineContext, id: string, reason: string): Promise<void> {
  try {
    await ctx.store.campaigns.transition(id, 'failed', { reason });
  } catch (error) {
    // Cancelled or finished in the meantime: that status stands.
    ctx.log.warn({ campaignId: id, reason, ...errorFields(error) }, 'could not mark the campaign failed');
    return;
  }
  const removed = await removeQueuedWork(ctx, id);
  ctx.log.error({ campaignId: id, reason, removedJobs: removed }, 'campaign failed');
}

/**
 * Removes the queued (not running) evaluations of a stopped campaign's waiting candidates, except keys
 * another live campaign also waits on: the work is shared, so it stays wanted.
 */
export async function removeQueuedWork(ctx: EngineContext, campaignId: string): Promise<number> {
  const keys = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await ctx.store.candidates.listByCampaign(campaignId, {
      state: 'queued',
      limit: 1000,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const candidate of page.items) for (const key of candidate.evaluationKeys) keys.add(key);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  const unwanted: string[] = [];
  const live = new Map<string, boolean>();
  for (const key of keys) {
    let wanted = false;
    for (const other of await ctx.store.candidates.findWaitingOn(key)) {
      if (other.campaignId === campaignId) continue;
      let isLive = live.get(other.campaignId);
      if (isLive === undefined) {
        const campaign = await ctx.store.campaigns.get(other.campaignId);
        isLive = campaign !== null && !isTerminalStatus(campaign.status);
        live.set(other.campaignId, isLive);
      }
      if (isLive) {
        wanted = true;
        break;
      }
    }
    if (!wanted) unwanted.push(key);
  }
  return unwanted.length === 0 ? 0 : ctx.dispatcher.removeQueuedEvaluations(unwanted);
}

export interface LoadedCampaign {
  readonly spec: StoredCampaignSpec;
  readonly space: SearchSpace;
}

/**
 * The campaign's spec and space, or the reason it cannot run: an unknown space, or one whose content
 * changed since submission (its strategy state and evaluations would mean something else).
 */
export function loadCampaign(ctx: EngineContext, campaign: Campaign): LoadedCampaign | { readonly problem: string } {
  let spec: StoredCampaignSpec;
  let space: SearchSpace;
  try {
    spec = storedSpecOf(campaign.spec);
    space = ctx.spaces.get(spec.space);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  const hash = contentHash(space);
  if (hash !== spec.spaceHash) {
    return { problem: `search space ${spec.space} changed since the campaign was submitted (hash ${spec.spaceHash}, now ${hash})` };
  }
  return { spec, space };
}

/** The campaign's strategy: restored from its saved state, or new on its first drive. */
export function strategyOf(campaign: Campaign, loaded: LoadedCampaign): Strategy {
  const { spec, space } = loaded;
  if (campaign.strategyState === null) return createStrategy(spec.strategy.name, space, spec.strategy.config, spec.seed);
  return restoreStrategy(campaign.strategyState, space);
}
