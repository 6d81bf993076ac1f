/** `GET /api/leaderboard`: ranked rows with their interval and Δ ReLU. */
import { z } from 'zod';
import { candidateKindSchema } from './common.ts';

export const statsSchema = z.object({
  n: z.number().int().describe('number of seeds'),
  mean: z.number(),
  std: z.number().nullable(),
  ciLow: z.number().nullable().describe("95 % t-interval of the mean, cut at the metric's range; null for one seed"),
  ciHigh: z.number().nullable(),
  clipped: z.enum(['none', 'low', 'high', 'both']).describe('which ends of the interval were cut at the range'),
});

export const leaderboardSchema = z
  .object({
    task: z.string(),
    taskVersion: z.number().int().describe('the version of the task these results were trained under'),
    fidelity: z.string(),
    metric: z.string(),
    baseline: z.object({ fingerprint: z.string(), canonical: z.string(), stats: statsSchema.nullable() }),
    items: z.array(
      statsSchema.extend({
        rank: z.number().int(),
        fingerprint: z.string(),
        canonical: z.string(),
        kind: candidateKindSchema,
        expression: z.string().describe("the familiar text of the function (`x * sigmoid(x)`), or a layer's formula"),
        deltaVsRelu: z
          .number()
          .nullable()
          .describe(
            'Δ ReLU: the paired mean difference over the seeds both have here (the same number the campaign and the finale show); null while they share no seed',
          ),
        deltaSeeds: z.number().int().describe('seeds Δ ReLU is over'),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'Leaderboard' });
