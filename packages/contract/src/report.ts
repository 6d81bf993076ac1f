/**
 * `GET /api/campaigns/:id/report`: the campaign's citable result, built by the engine's report/
 * (`CampaignReport`). The parts a client reads are typed here — the finale's tables, the finalists'
 * verdicts, whether the spec ran a finale; the rest of each object is allowed through (loose), so the
 * engine may add a field without a client breaking.
 */
import { z } from 'zod';
import { answerSchema, answerTaskSchema, referenceSchema } from './campaign.ts';
import { clippedSchema, candidateKindSchema } from './common.ts';

const rowStatsSchema = z
  .looseObject({ mean: z.number(), ciLow: z.number().nullable(), ciHigh: z.number().nullable(), clipped: clippedSchema })
  .describe("mean over seeds with the 95 % t-interval, cut at the metric's range");

const vsReferenceSchema = z
  .looseObject({
    n: z.number().int().describe('paired seeds'),
    meanDiff: z.number().describe('Δ reference: mean over common seeds of (activation − reference)'),
    ciLow: z.number().nullable(),
    ciHigh: z.number().nullable(),
    clipped: clippedSchema,
    p: z.number().nullable().describe('one-sided paired t-test, "better than the reference"'),
    pAdjusted: z.number().nullable().describe("Holm-adjusted over all the finale's comparisons"),
  })
  .describe('null for the reference itself and while no seed pairs up');

export const finaleRowSchema = z.looseObject({
  fingerprint: z.string(),
  canonical: z.string(),
  expression: z.string().describe('the familiar text of the function'),
  baseline: z.string().nullable().describe("the baseline's text as the spec gave it, when the row is one"),
  finalist: z.boolean().describe('one of the top-k by search score'),
  rank: z.number().int().nullable().describe('1-based by mean over seeds; null without a done seed'),
  stats: rowStatsSchema.nullable(),
  vsReference: vsReferenceSchema.nullable(),
});

export const finaleResultSchema = z.looseObject({
  fidelity: z.string(),
  seeds: z.array(z.number().int()),
  total: z.number().int().describe('planned evaluations'),
  stored: z.number().int().describe('of them with a final row'),
  alpha: z.number(),
  comparisons: z.number().int().describe("how many comparisons Holm's correction ran over"),
  reference: z.looseObject({ fingerprint: z.string(), expression: z.string() }),
  holdsUp: z.array(z.string()).describe('finalists that beat the reference on every finale task, best first'),
  tasks: z.array(z.looseObject({ task: z.string(), kind: z.enum(['search', 'transfer']), rows: z.array(finaleRowSchema) })),
});

export const finalistVerdictSchema = z.looseObject({
  fingerprint: z.string(),
  expression: z.string(),
  searchRank: z.number().int().nullable(),
  meanRank: z.number(),
  heldUp: z.boolean(),
  verdict: z.string().describe('`held up`, or where it fell short and by how much, in plain words'),
  tasks: z.array(answerTaskSchema),
});

export const campaignReportSchema = z
  .object({
    answer: answerSchema,
    kind: candidateKindSchema.describe('what the campaign searched: activation functions or normalization-activation layers'),
    campaign: z.record(z.string(), z.unknown()),
    spec: z.looseObject({ finale: z.looseObject({ enabled: z.boolean() }) }).describe('the spec as stored, defaults filled in'),
    spaceHash: z.string(),
    seed: z.number().int(),
    seeds: z.array(z.number().int()),
    backends: z.array(z.string()),
    counts: z.record(z.string(), z.number()),
    compute: z.record(z.string(), z.number()),
    rejections: z.record(z.string(), z.unknown()),
    finale: finaleResultSchema
      .nullable()
      .describe(
        "per task: ranked by mean over seeds with the 95 % interval cut at the metric's range, Δ reference (paired over common seeds), one-sided p and Holm-adjusted p",
      ),
    finalists: z.array(finalistVerdictSchema).describe('each finalist against the reference: held up, or where and by how much it missed'),
    searchBest: z.record(z.string(), z.unknown()).nullable(),
    reference: referenceSchema,
  })
  .meta({ id: 'CampaignReport' });
