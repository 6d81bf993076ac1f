/**
 * `GET /api/campaigns/:id/report` and `/report.md`: the campaign's citable result (the finale's tables,
 * spec, space hash, seeds, backend, compute, rejections), built by the engine from the store.
 */
import { campaignReportSchema } from '@actsearch/contract';
import { buildCampaignReport, renderReportMarkdown } from '@actsearch/engine';
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import { defineRoute, type Reply, type RouteInput } from '../route.ts';
import { campaignIdParams } from '../schemas/common.ts';

type IdInput = RouteInput<z.output<typeof campaignIdParams>, unknown, unknown>;

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
    summary:
      "The campaign report as Markdown, with f and f′ plots of the winners as embedded SVG (a layer campaign: the winners' formulas)",
    tag: 'campaigns',
    params: campaignIdParams,
    errors: [404],
    success: { status: 200, schema: z.string(), contentType: 'text/markdown', description: 'Markdown' },
    handle: getReportMarkdown,
  }),
];
