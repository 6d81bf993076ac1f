/** `GET /api/campaigns/:id/report`: the campaign's citable result (built by the engine's report/). */
import { z } from 'zod';
import { answerSchema, referenceSchema } from './campaign.ts';

export const campaignReportSchema = z
  .object({
    answer: answerSchema,
    campaign: z.record(z.string(), z.unknown()),
    spec: z.record(z.string(), z.unknown()),
    spaceHash: z.string(),
    seed: z.number().int(),
    seeds: z.array(z.number().int()),
    backends: z.array(z.string()),
    counts: z.record(z.string(), z.number()),
    compute: z.record(z.string(), z.number()),
    rejections: z.record(z.string(), z.unknown()),
    finale: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe(
        "per task: ranked by mean over seeds with the 95 % interval cut at the metric's range, Δ reference (paired over common seeds), one-sided p and Holm-adjusted p",
      ),
    finalists: z
      .array(z.record(z.string(), z.unknown()))
      .describe('each finalist against the reference: held up, or where and by how much it missed'),
    searchBest: z.record(z.string(), z.unknown()).nullable(),
    reference: referenceSchema,
  })
  .meta({ id: 'CampaignReport' });
