/**
 * `GET /api/campaigns/:id/report` and `/report.md`: the campaign's citable result (the finale's tables,
 * spec, space hash, seeds, backend, compute, rejections), built by the engine from the store.
 */
import { buildCampaignReport, renderReportMarkdown } from '@actsearch/engine';
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import { defineRoute, type Reply, type RouteInput } from '../route.ts';
import { answerSchema, referenceSchema } from '../schemas/campaign.ts';
import { campaignIdParams } from '../schemas/common.ts';

type IdInput = RouteInput<z.output<typeof campaignIdParams>, unknown, unknown>;

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

export async function getReport(input: IdInput, ctx: ApiContext): Promise<Reply> {
  return { status: 200, body: await buildCampaignReport(ctx.store, input.params.id, { tasks: ctx.tasks, now: ctx.now() }) };
}

export async function getReportMarkdown(input: IdInput, ctx: ApiContext): Promise<Reply> {
  const report = await buildCampaignReport(ctx.store, input.params.id, { tasks: ctx.tasks, now: ctx.now() });
  return { status: 200, text: renderReportMarkdown(report).markdown, contentType: 'text/markdown; charset=utf-8' };
}

export const REPORT_ROUTES = [
  defineRoute({
    method: 'get',
    path: '/api/campaigns/:id/report',
    operationId: 'getCampaignReport',
    summary: 'The campaign report: finale tables, spec, space hash, seeds, backend, compute time, rejections',
    tag: 'campaigns',
    params: campaignIdParams,
    errors: [404],
    success: { status: 200, schema: campaignReportSchema, description: 'the report' },
    handle: getReport,
  }),
  defineRoute({
    method: 'get',
    path: '/api/campaigns/:id/report.md',
    operationId: 'getCampaignReportMarkdown',
    summary: 'The campaign report as Markdown, with f and f′ plots of the winners as embedded SVG',
    tag: 'campaigns',
    params: campaignIdParams,
    errors: [404],
    success: { status: 200, schema: z.string(), contentType: 'text/markdown', description: 'Markdown' },
    handle: getReportMarkdown,
  }),
];
