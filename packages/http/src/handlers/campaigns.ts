/**
 * The campaign routes. Submissions go to the engine, which validates them (spaces, tasks, strategies
 * and their configs, the configured maxima); reads come straight from the store.
 */
import type { Campaign, Candidate, Evaluation } from '@actsearch/store';
import type { z } from 'zod';
import type { ApiContext } from '../context.ts';
import type { EventSink, Reply, RouteInput } from '../route.ts';
import { candidateKindOfText } from '@actsearch/expr';
import { campaignDetail, campaignSummary, outlookOf, type CandidateView } from '../campaign-view.ts';
import type { CampaignSnapshot } from '../campaign-events.ts';
import type { campaignIdParams } from '../schemas/common.ts';
import type { campaignListQuery, cancelBody, candidateListQuery } from '../schemas/campaign-request.ts';

type IdInput<Q = unknown, B = unknown> = RouteInput<z.output<typeof campaignIdParams>, Q, B>;

/**
 * The body goes to the engine as it came (past the input gate): the engine validates a spec once, in
 * validateCampaignSpec, against its spaces, tasks and strategies and these maxima; a ValidationError
 * from there is the 400 naming each field.
 */
export async function createCampaign(input: RouteInput<unknown, unknown, unknown>, ctx: ApiContext): Promise<Reply> {
  const owner = input.principal?.id;
  const campaign = await ctx.engine.submitCampaign(input.body, {
    ...(owner === undefined ? {} : { owner }),
    limits: { maxBudget: ctx.config.maxBudget, maxParallelism: ctx.config.maxParallelism },
  });
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
    kind: candidateKindOfText(canonical.get(c.fingerprint) ?? c.expression),
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
