/**
 * The campaign routes. Submissions are checked against what this server knows (spaces, tasks,
 * strategies and their configs, the configured maxima) before the engine sees them; reads come
 * straight from the store.
 */
import { parse } from '@actsearch/expr';
import { ParseError, ValidationError, type FieldError } from '@actsearch/core';
import { isGenome, type SearchSpace } from '@actsearch/spaces';
import { STRATEGY_NAMES, validateStrategyConfig } from '@actsearch/search';
import type { Campaign, Candidate, Evaluation } from '@actsearch/store';
import type { z } from 'zod';
import type { ApiContext } from '../context.ts';
import type { EventSink, Reply, RouteInput } from '../route.ts';
import { campaignDetail, campaignSummary, outlookOf, type CandidateView } from '../campaign-view.ts';
import type { CampaignSnapshot } from '../campaign-events.ts';
import type { campaignIdParams } from '../schemas/common.ts';
import type { campaignListQuery, cancelBody, candidateListQuery } from '../schemas/campaign-request.ts';
import type { campaignRequestSchema } from '@actsearch/contract';

type IdInput<Q = unknown, B = unknown> = RouteInput<z.output<typeof campaignIdParams>, Q, B>;
type CampaignRequest = z.output<typeof campaignRequestSchema>;

/**
 * Starting points a strategy config names (the surrogate's baseline expressions and seed genomes,
 * also inside halving's inner strategy): each must parse, and each genome must belong to the space.
 */
function startingPointProblems(name: string, config: unknown, path: string, space: SearchSpace | undefined): FieldError[] {
  const c = (config ?? {}) as { baselines?: unknown; seeds?: unknown; inner?: { strategy?: unknown; config?: unknown } };
  if (name === 'halving' && typeof c.inner?.strategy === 'string') {
    return startingPointProblems(c.inner.strategy, c.inner.config, `${path}.inner.config`, space);
  }
  if (name !== 'surrogate') return [];
  const fields: FieldError[] = [];
  if (Array.isArray(c.baselines)) {
    c.baselines.forEach((text, i) => {
      if (typeof text !== 'string') return;
      try {
        parse(text);
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        fields.push({ path: `${path}.baselines[${i}]`, message: err.message });
      }
    });
  }
  if (Array.isArray(c.seeds) && space !== undefined) {
    c.seeds.forEach((genome, i) => {
      if (!isGenome(space, genome)) fields.push({ path: `${path}.seeds[${i}]`, message: `not a member of space '${space.id}'` });
    });
  }
  return fields;
}

/** Every reason the spec cannot run here, as field errors; empty when it can. */
export function catalogProblems(spec: CampaignRequest, ctx: ApiContext): FieldError[] {
  const fields: FieldError[] = [];
  const space = ctx.spaces.has(spec.space) ? ctx.spaces.get(spec.space) : undefined;
  if (space === undefined) {
    fields.push({ path: 'space', message: `unknown space '${spec.space}' (known: ${ctx.spaces.ids().join(', ')})` });
  }
  spec.tasks.forEach((task, i) => {
    if (!ctx.tasks.some((t) => t.id === task)) {
      fields.push({ path: `tasks[${i}]`, message: `unknown task '${task}' (known: ${ctx.tasks.map((t) => t.id).join(', ')})` });
    }
  });
  const strategy = spec.strategy;
  if (!(STRATEGY_NAMES as readonly string[]).includes(strategy.name)) {
    fields.push({ path: 'strategy.name', message: `unknown strategy '${strategy.name}' (known: ${STRATEGY_NAMES.join(', ')})` });
  } else {
    try {
      validateStrategyConfig(strategy.name, strategy.config);
      fields.push(...startingPointProblems(strategy.name, strategy.config, 'strategy.config', space));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      for (const f of err.fields) fields.push({ path: `strategy.${f.path}`, message: f.message });
    }
  }
  if (spec.budget.candidates > ctx.config.maxBudget) {
    fields.push({ path: 'budget.candidates', message: `must be ≤ ${ctx.config.maxBudget}` });
  }
  if (spec.parallelism > ctx.config.maxParallelism) {
    fields.push({ path: 'parallelism', message: `must be ≤ ${ctx.config.maxParallelism}` });
  }
  return fields;
}

export async function createCampaign(input: RouteInput<unknown, unknown, CampaignRequest>, ctx: ApiContext): Promise<Reply> {
  const fields = catalogProblems(input.body, ctx);
  if (fields.length > 0) {
    const first = fields[0] as FieldError;
    throw new ValidationError(
      `invalid campaign: ${first.path} ${first.message}${fields.length > 1 ? ` (and ${fields.length - 1} more)` : ''}`,
      fields,
    );
  }
  const owner = input.principal?.id;
  const campaign = await ctx.engine.submitCampaign(owner === undefined ? input.body : { ...input.body, owner });
  return { status: 201, body: await campaignDetail(ctx.store, campaign, ctx.now(), ctx.tasks) };
}

export async function listCampaigns(
  input: RouteInput<unknown, z.output<typeof campaignListQuery>, unknown>,
  ctx: ApiContext,
): Promise<Reply> {
  const { status, limit, cursor, owner } = input.query;
  const page = await ctx.store.campaigns.list({
    ...(status === undefined ? {} : { status: status as Campaign['status'][] }),
    ...(limit === undefined ? {} : { limit }),
    ...(cursor === undefined ? {} : { cursor }),
    ...(owner === undefined ? {} : { owner }),
  });
  const now = ctx.now();
  const items = await Promise.all(page.items.map(async (c) => campaignSummary(c, now, await outlookOf(ctx.store, c, now, ctx.tasks))));
  return { status: 200, body: { items, nextCursor: page.nextCursor } };
}

export async function getCampaign(input: IdInput, ctx: ApiContext): Promise<Reply> {
  const campaign = await ctx.store.campaigns.require(input.params.id);
  return { status: 200, body: await campaignDetail(ctx.store, campaign, ctx.now(), ctx.tasks) };
}

export async function pauseCampaign(input: IdInput, ctx: ApiContext): Promise<Reply> {
  const campaign = await ctx.engine.pause(input.params.id);
  return { status: 200, body: await campaignDetail(ctx.store, campaign, ctx.now(), ctx.tasks) };
}

export async function resumeCampaign(input: IdInput, ctx: ApiContext): Promise<Reply> {
  const campaign = await ctx.engine.resume(input.params.id);
  return { status: 200, body: await campaignDetail(ctx.store, campaign, ctx.now(), ctx.tasks) };
}

export async function cancelCampaign(input: IdInput<unknown, z.output<typeof cancelBody>>, ctx: ApiContext): Promise<Reply> {
  const campaign = await ctx.engine.cancel(input.params.id, input.body?.reason);
  return { status: 200, body: await campaignDetail(ctx.store, campaign, ctx.now(), ctx.tasks) };
}

function lineageOf(meta: unknown) {
  const m = (meta ?? {}) as { source?: unknown; generation?: unknown; parents?: unknown };
  return {
    source: typeof m.source === 'string' ? m.source : null,
    generation: typeof m.generation === 'number' ? m.generation : null,
    parents: Array.isArray(m.parents) ? m.parents.filter((p): p is string => typeof p === 'string') : [],
  };
}

function candidateView(c: Candidate, canonical: ReadonlyMap<string, string>, evaluations: ReadonlyMap<string, Evaluation>): CandidateView {
  const scores = c.evaluationKeys
    .map((key) => evaluations.get(key))
    .filter((e): e is Evaluation => e !== undefined && e.status === 'done' && e.metric !== null)
    .map((e) => e.metric as number);
  return {
    id: c.id,
    order: c.order,
    proposalId: c.proposalId,
    fingerprint: c.fingerprint,
    expression: c.expression,
    canonical: canonical.get(c.fingerprint) ?? null,
    state: c.state,
    reason: c.reason,
    fidelity: c.fidelity,
    score: scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length,
    seeds: scores.length,
    lineage: lineageOf(c.meta),
    meta: c.meta,
    createdAt: c.createdAt.toISOString(),
  };
}

export async function listCandidates(input: IdInput<z.output<typeof candidateListQuery>>, ctx: ApiContext): Promise<Reply> {
  await ctx.store.campaigns.require(input.params.id);
  const { state, limit, cursor } = input.query;
  const page = await ctx.store.candidates.listByCampaign(input.params.id, {
    ...(state === undefined ? {} : { state: state as Candidate['state'][] }),
    ...(limit === undefined ? {} : { limit }),
    ...(cursor === undefined ? {} : { cursor }),
  });
  const [activations, evaluations] = await Promise.all([
    ctx.store.activations.getMany([...new Set(page.items.map((c) => c.fingerprint))]),
    ctx.store.evaluations.getMany([...new Set(page.items.flatMap((c) => c.evaluationKeys))]),
  ]);
  const canonical = new Map(activations.map((a) => [a.fingerprint, a.canonical]));
  const byKey = new Map(evaluations.map((e) => [e.key, e]));
  return { status: 200, body: { items: page.items.map((c) => candidateView(c, canonical, byKey)), nextCursor: page.nextCursor } };
}

/**
 * Streams `best` whenever the best so far changes, `progress` whenever the counters, status, answer or
 * finale progress change, and `end` once the campaign is done, cancelled or failed (then the stream closes).
 */
export async function campaignEvents(input: IdInput, ctx: ApiContext): Promise<Reply> {
  const id = input.params.id;
  await ctx.store.campaigns.require(id);
  return {
    status: 200,
    events: (sink: EventSink) =>
      new Promise<void>((resolve) => {
        let lastProgress = '';
        let lastBest = '';
        let sequence = 0;
        const subscription: { unsubscribe?: () => void } = {};
        let finished = false;
        const finish = () => {
          finished = true;
          subscription.unsubscribe?.();
          resolve();
        };
        const onSnapshot = (snapshot: CampaignSnapshot | null, error?: Error) => {
          if (finished) return;
          if (error !== undefined) {
            ctx.logger.warn({ err: error, campaignId: id }, 'campaign events: poll failed');
            return;
          }
          if (snapshot === null) {
            sink.send('end', { status: 'deleted' }, String(++sequence));
            finish();
            return;
          }
          // The best goes first, so a client that redraws on each progress event shows both up to date.
          const best = JSON.stringify(snapshot.best);
          if (best !== lastBest) {
            lastBest = best;
            sink.send('best', snapshot.best, String(++sequence));
          }
          // Times to go move on every poll: a change of what is done is what makes an event.
          const { eta: _eta, finale, ...stable } = snapshot.campaign;
          const progress = JSON.stringify({ ...stable, finale: finale === null ? null : { ...finale, eta: null, estimate: null } });
          if (progress !== lastProgress) {
            lastProgress = progress;
            sink.send('progress', snapshot.campaign, String(++sequence));
          }
          if (snapshot.terminal) {
            sink.send('end', { status: snapshot.campaign.status, reason: snapshot.campaign.statusReason }, String(++sequence));
            finish();
          }
        };
        if (sink.signal.aborted) return resolve();
        sink.signal.addEventListener('abort', finish, { once: true });
        subscription.unsubscribe = ctx.events.subscribe(id, onSnapshot);
        // The first snapshot may arrive synchronously and already be the last.
        if (finished) subscription.unsubscribe();
      }),
  };
}
