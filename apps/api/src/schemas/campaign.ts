/** Response schemas of the campaign routes (documentation: the handlers build these shapes). */
import { z } from 'zod';
import { finaleViewSchema } from '../finale-view.ts';
import { CAMPAIGN_STATUSES, CANDIDATE_STATES } from '@actsearch/store';

const isoDate = z.string().describe('ISO 8601 time');

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
  task: z.string(),
  taskVersion: z.number().int().describe('the task version the campaign pinned at submission'),
  fidelity: z.string(),
  mean: z.number().describe('mean metric over seeds'),
  n: z.number().int().describe('number of seeds'),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  deltaVsRelu: z.number().nullable(),
});

export const campaignSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(CAMPAIGN_STATUSES as unknown as readonly ['queued', ...string[]]),
    statusReason: z.string().nullable(),
    spaceId: z.string(),
    strategy: z.string(),
    owner: z.string().nullable(),
    createdAt: isoDate,
    startedAt: isoDate.nullable(),
    finishedAt: isoDate.nullable(),
    progress: progressSchema,
    eta: z.object({ seconds: z.number(), at: isoDate }).nullable().describe('while running, from the rate so far'),
  })
  .meta({ id: 'CampaignSummary' });

export const campaignDetailSchema = campaignSummarySchema
  .extend({
    spaceHash: z.string(),
    seed: z.number().int(),
    spec: z.record(z.string(), z.unknown()).describe('the spec as stored, defaults filled in'),
    best: bestSchema.nullable(),
    finale: finaleViewSchema,
  })
  .meta({ id: 'Campaign' });

export const candidateSchema = z
  .object({
    id: z.string(),
    order: z.number().int().describe('0-based position in the proposal sequence'),
    fingerprint: z.string(),
    expression: z.string().describe('the text as proposed'),
    canonical: z.string().nullable(),
    state: z.enum(CANDIDATE_STATES as unknown as readonly ['proposed', ...string[]]),
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
  .describe('text/event-stream: `progress` (CampaignSummary), `best` (best so far or null), `end` ({status}) when done, cancelled or failed');
