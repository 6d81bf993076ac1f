/**
 * A campaign as the API shows it (`GET /api/campaigns[/:id]`, its candidates, its event stream): the
 * handlers build these shapes (packages/http/src/campaign-view.ts), the CLI and the dashboard read them.
 */
import { z } from 'zod';
import { clippedSchema, candidateKindSchema, isoDate } from './common.ts';
import { CAMPAIGN_STATUSES, CANDIDATE_STATES } from './vocabulary.ts';

export const progressSchema = z.object({
  budget: z.number().int(),
  completed: z.number().int().describe('candidates that count toward the budget'),
  proposed: z.number().int(),
  evaluated: z.number().int(),
  reused: z.number().int().describe('scored from an evaluation stored earlier, without training'),
  rejected: z.number().int().describe('turned down by a rejection test during training'),
  prescreenRejected: z.number().int().describe('turned down before training (non-finite, constant, linear, exploding)'),
  failed: z.number().int(),
  inFlight: z.number().int().describe('proposed but not resolved yet'),
  fraction: z.number().describe('completed / budget'),
});

/** The best activation among the campaign's candidates scored on all its seeds, on its first task. */
export const bestSchema = z.object({
  fingerprint: z.string(),
  canonical: z.string(),
  kind: candidateKindSchema,
  expression: z.string().describe("the familiar text of the function (`x * sigmoid(x)`), or a layer's formula"),
  task: z.string(),
  taskVersion: z.number().int().describe('the task version the campaign pinned at submission'),
  fidelity: z.string(),
  mean: z.number().describe('mean metric over seeds'),
  n: z.number().int().describe('number of seeds'),
  ciLow: z.number().nullable().describe("95 % t-interval of the mean, cut at the metric's range"),
  ciHigh: z.number().nullable(),
  clipped: clippedSchema,
  deltaVsReference: z
    .number()
    .nullable()
    .describe('Δ reference: paired mean difference over the seeds both have on this task and fidelity'),
  deltaSeeds: z.number().int().describe('seeds Δ is over'),
});

export const answerTaskSchema = z.object({
  task: z.string(),
  kind: z.enum(['search', 'transfer']),
  fidelity: z.string(),
  rank: z.number().int().nullable(),
  n: z.number().int().describe('paired seeds'),
  mean: z.number().nullable(),
  meanDiff: z.number().nullable().describe('Δ reference: paired mean difference over common seeds'),
  ciLow: z.number().nullable().describe('95 % t-interval of Δ'),
  ciHigh: z.number().nullable(),
  clipped: clippedSchema,
  p: z.number().nullable().describe('one-sided paired t-test, "better than the reference"; null outside the finale'),
  pAdjusted: z.number().nullable().describe("Holm-adjusted over all the finale's comparisons"),
  beats: z.boolean().describe('better with an adjusted p below alpha'),
  missing: z.string().nullable().describe('why there is no score'),
});

/** The campaign's answer: the activation it offers and whether it held up. */
export const answerSchema = z
  .object({
    fingerprint: z.string().nullable(),
    expression: z.string().nullable(),
    canonical: z.string().nullable(),
    heldUp: z.boolean().describe('beat the reference on every finale task with Holm-adjusted p < alpha'),
    provisional: z.boolean().describe('true until the finale is complete'),
    basis: z.enum(['finale', 'search', 'none']),
    reason: z.string().describe('in plain words'),
    reference: z.object({ fingerprint: z.string(), expression: z.string() }),
    alpha: z.number(),
    tasks: z.array(answerTaskSchema),
  })
  .nullable()
  .describe('null until a candidate has a score');

export const estimateSchema = z
  .object({
    evaluations: z.number().int(),
    trainingSeconds: z.number().nullable().describe('summed training time; null when a task was never trained here'),
    wallSeconds: z.number().nullable().describe('at the campaign parallelism'),
    parallelism: z.number().int(),
    perTask: z.array(
      z.object({
        task: z.string(),
        fidelity: z.string(),
        evaluations: z.number().int(),
        seconds: z.number().nullable(),
        basis: z.string(),
      }),
    ),
  })
  .nullable();

export const finaleOutlookSchema = z
  .object({
    started: z.boolean(),
    total: z.number().int().describe('evaluations the finale needs (before it starts: the upper bound of the estimate)'),
    stored: z.number().int().describe('of them with a result, reused ones included'),
    fraction: z.number(),
    estimate: estimateSchema.describe('what the evaluations still to train cost, from measured training times'),
    eta: z.object({ seconds: z.number(), at: isoDate }).nullable(),
  })
  .nullable()
  .describe('null when the finale is off');

export const referenceSchema = z.object({
  activations: z
    .array(z.object({ fingerprint: z.string(), text: z.string(), expression: z.string() }))
    .describe('the first is what Δ and the answer compare with'),
  search: z.boolean().describe("trained at the search's tasks, fidelity and seeds too"),
  total: z.number().int().describe('those evaluations (counted apart from the budget)'),
  stored: z.number().int(),
});

export const campaignSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(CAMPAIGN_STATUSES),
    statusReason: z.string().nullable(),
    spaceId: z.string(),
    kind: candidateKindSchema.describe('what its space holds: `activation` functions or normalization-activation `layer`s'),
    strategy: z.string(),
    owner: z.string().nullable(),
    createdAt: isoDate,
    startedAt: isoDate.nullable(),
    finishedAt: isoDate.nullable(),
    phase: z.enum(['search', 'finale', 'finished']),
    progress: progressSchema,
    eta: z
      .object({ seconds: z.number(), at: isoDate })
      .nullable()
      .describe("while running: the search's from its rate so far, the finale's from its cost estimate"),
    answer: answerSchema,
    finale: finaleOutlookSchema,
    reference: referenceSchema,
  })
  .meta({ id: 'CampaignSummary' });

export const campaignDetailSchema = campaignSummarySchema
  .extend({
    spaceHash: z.string(),
    seed: z.number().int(),
    spec: z.record(z.string(), z.unknown()).describe('the spec as stored, defaults filled in'),
    best: bestSchema.nullable(),
  })
  .meta({ id: 'Campaign' });

export const candidateSchema = z
  .object({
    id: z.string(),
    order: z.number().int().describe('0-based position in the proposal sequence'),
    proposalId: z.string().describe("the strategy's id of the proposal (what lineage parents name)"),
    fingerprint: z.string(),
    expression: z.string().describe('the text as proposed'),
    canonical: z.string().nullable(),
    kind: candidateKindSchema,
    state: z.enum(CANDIDATE_STATES),
    reason: z.string().nullable().describe('why it was rejected or failed'),
    fidelity: z.string(),
    score: z.number().nullable().describe('mean metric over its evaluations on the first task'),
    seeds: z.number().int().describe('evaluations behind the score'),
    lineage: z
      .object({ source: z.string().nullable(), generation: z.number().nullable(), parents: z.array(z.string()) })
      .describe('where the strategy got it: parents are proposal ids'),
    meta: z.unknown(),
    createdAt: isoDate,
  })
  .meta({ id: 'Candidate' });

export const campaignEventSchema = z
  .string()
  .describe(
    'text/event-stream: `progress` (CampaignSummary), `best` (best so far or null), `end` ({status}) when done, cancelled or failed',
  );

/** `end` event of the campaign stream: the campaign reached a terminal status. */
export const campaignEndEventSchema = z.object({ status: z.enum(CAMPAIGN_STATUSES) });
