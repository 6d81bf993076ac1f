/**
 * Every route of the API, in one declarative table: method, path, the zod schemas of its input, its
 * success answer, and its handler. The Express adapter mounts this table, and the OpenAPI document
 * and the docs page are generated from it.
 */
import { z } from 'zod';
import { defineRoute, type Route } from './route.ts';
import { buildOpenApi } from './openapi.ts';
import { docsPage } from './docs-page.ts';
import { API_VERSION } from './version.ts';
import {
  activationSchema,
  campaignDetailSchema,
  campaignEventSchema,
  campaignRequestSchema,
  campaignSummarySchema,
  candidateSchema,
  healthSchema,
  leaderboardSchema,
  page,
  parsedExprSchema,
  readinessSchema,
  spaceDetailSchema,
  spaceSummarySchema,
  taskSchema,
  workerSchema,
} from '@actsearch/contract';
import { campaignIdParams, fingerprintParams } from './schemas/common.ts';
import { campaignListQuery, cancelBody, candidateListQuery } from './schemas/campaign-request.ts';
import {
  campaignEvents,
  cancelCampaign,
  createCampaign,
  getCampaign,
  listCampaigns,
  listCandidates,
  pauseCampaign,
  resumeCampaign,
} from './handlers/campaigns.ts';
import { getLeaderboard, leaderboardQuery } from './handlers/leaderboard.ts';
import { exportActivationFile, exportQuery, getActivation } from './handlers/activations.ts';
import { parseExpr, parseExprBody } from './handlers/expr.ts';
import { getSpace, listSpaces, spaceIdParams } from './handlers/spaces.ts';
import { listTasks } from './handlers/tasks.ts';
import { listWorkers } from './handlers/workers.ts';
import { REPORT_ROUTES } from './handlers/report.ts';
import { healthz, metrics, readyz } from './handlers/health.ts';

const transition = (verb: 'pause' | 'resume' | 'cancel', summary: string, handle: Route['handle']) =>
  defineRoute({
    method: 'post',
    path: `/api/campaigns/:id/${verb}`,
    operationId: `${verb}Campaign`,
    summary,
    tag: 'campaigns',
    params: campaignIdParams,
    ...(verb === 'cancel' ? { body: cancelBody } : {}),
    mutating: true,
    errors: [404, 409],
    success: { status: 200, schema: campaignDetailSchema, description: 'the campaign after the transition' },
    handle,
  });

export const ROUTES: readonly Route[] = [
  ...REPORT_ROUTES,
  defineRoute({
    method: 'post',
    path: '/api/campaigns',
    operationId: 'createCampaign',
    summary: 'Submit a campaign: space, strategy, tasks + fidelity, budget, seeds, rejection settings, parallelism',
    tag: 'campaigns',
    body: campaignRequestSchema,
    // Validated once, by the engine (validateCampaignSpec), against what this deployment can run.
    bodyValidation: 'handler',
    mutating: true,
    success: { status: 201, schema: campaignDetailSchema, description: 'the stored campaign (status queued)' },
    handle: createCampaign,
  }),
  defineRoute({
    method: 'get',
    path: '/api/campaigns',
    operationId: 'listCampaigns',
    summary: 'Campaigns, newest first, by cursor; filter by status',
    tag: 'campaigns',
    query: campaignListQuery,
    success: { status: 200, schema: page(campaignSummarySchema), description: 'one page of campaigns' },
    handle: listCampaigns,
  }),
  defineRoute({
    method: 'get',
    path: '/api/campaigns/:id',
    operationId: 'getCampaign',
    summary: 'A campaign: spec, status, progress counts, best so far, ETA',
    tag: 'campaigns',
    params: campaignIdParams,
    errors: [404],
    success: { status: 200, schema: campaignDetailSchema, description: 'the campaign' },
    handle: getCampaign,
  }),
  transition('pause', 'Pause: no new dispatch; running evaluations finish', pauseCampaign),
  transition('resume', 'Resume a paused campaign', resumeCampaign),
  transition('cancel', 'Cancel: stop and drop queued evaluations', cancelCampaign),
  defineRoute({
    method: 'get',
    path: '/api/campaigns/:id/candidates',
    operationId: 'listCandidates',
    summary: "A campaign's candidates in proposal order: state, score, rejection reason, lineage",
    tag: 'campaigns',
    params: campaignIdParams,
    query: candidateListQuery,
    errors: [404],
    success: { status: 200, schema: page(candidateSchema), description: 'one page of candidates' },
    handle: listCandidates,
  }),
  defineRoute({
    method: 'get',
    path: '/api/campaigns/:id/events',
    operationId: 'campaignEvents',
    summary: 'Server-Sent Events: progress, new bests, and the end',
    tag: 'campaigns',
    params: campaignIdParams,
    errors: [404],
    success: { status: 200, schema: campaignEventSchema, contentType: 'text/event-stream', description: 'the event stream' },
    handle: campaignEvents,
  }),
  defineRoute({
    method: 'get',
    path: '/api/leaderboard',
    operationId: 'getLeaderboard',
    summary:
      'Every activation (and layer) evaluated on a task and fidelity, by mean score over seeds, with 95 % interval, relative to ReLU',
    tag: 'leaderboard',
    query: leaderboardQuery,
    success: { status: 200, schema: leaderboardSchema, description: 'one page of the ranking' },
    handle: getLeaderboard,
  }),
  defineRoute({
    method: 'get',
    path: '/api/activations/:fingerprint',
    operationId: 'getActivation',
    summary:
      'An activation or layer: texts, kind, features, every evaluation, plot points of f and f′ on [−5, 5] (a layer: none; plotNote says why)',
    tag: 'activations',
    params: fingerprintParams,
    errors: [404],
    success: { status: 200, schema: activationSchema, description: 'the activation' },
    handle: getActivation,
  }),
  defineRoute({
    method: 'get',
    path: '/api/activations/:fingerprint/export',
    operationId: 'exportActivation',
    summary:
      'The activation as a code file (pytorch, keras, jax, tfjs, numpy, latex, typescript); a layer as pytorch or numpy, any other lang 400',
    tag: 'activations',
    params: fingerprintParams,
    query: exportQuery,
    errors: [404],
    success: { status: 200, schema: z.string(), contentType: 'text/plain', description: 'the file, with Content-Disposition: attachment' },
    handle: exportActivationFile,
  }),
  defineRoute({
    method: 'post',
    path: '/api/expr/parse',
    operationId: 'parseExpr',
    summary:
      'Parse an expression, a layer expression or a known layer name: kind, canonical text, fingerprint, parameters, statistics, features, plot points',
    tag: 'expressions',
    body: parseExprBody,
    success: { status: 200, schema: parsedExprSchema, description: 'the parsed expression' },
    handle: parseExpr,
  }),
  defineRoute({
    method: 'get',
    path: '/api/spaces',
    operationId: 'listSpaces',
    summary: 'The search spaces, with their sizes',
    tag: 'catalog',
    success: { status: 200, schema: z.array(spaceSummarySchema), description: 'every space' },
    handle: listSpaces,
  }),
  defineRoute({
    method: 'get',
    path: '/api/spaces/:id',
    operationId: 'getSpace',
    summary: 'A search space: size per shape, operators',
    tag: 'catalog',
    params: spaceIdParams,
    errors: [404],
    success: { status: 200, schema: spaceDetailSchema, description: 'the space' },
    handle: getSpace,
  }),
  defineRoute({
    method: 'get',
    path: '/api/tasks',
    operationId: 'listTasks',
    summary: 'The proxy tasks and their fidelities',
    tag: 'catalog',
    success: { status: 200, schema: z.array(taskSchema), description: 'every task' },
    handle: listTasks,
  }),
  defineRoute({
    method: 'get',
    path: '/api/workers',
    operationId: 'listWorkers',
    summary: 'Worker processes: alive, backend, current job',
    tag: 'operations',
    success: { status: 200, schema: z.array(workerSchema), description: 'every worker that ever sent a heartbeat' },
    handle: listWorkers,
  }),
  defineRoute({
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'openapi',
    summary: 'The OpenAPI 3.1 document of these routes',
    tag: 'operations',
    success: { status: 200, schema: z.record(z.string(), z.unknown()), description: 'OpenAPI 3.1' },
    handle: async () => ({ status: 200, body: openApiDocument() }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/docs',
    operationId: 'docs',
    summary: 'The route table as HTML',
    tag: 'operations',
    success: { status: 200, schema: z.string(), contentType: 'text/html', description: 'HTML' },
    handle: async () => ({ status: 200, text: docsPage(ROUTES, API_VERSION), contentType: 'text/html; charset=utf-8' }),
  }),
  defineRoute({
    method: 'get',
    path: '/healthz',
    operationId: 'healthz',
    summary: 'Liveness: the process answers',
    tag: 'operations',
    success: { status: 200, schema: healthSchema, description: 'alive' },
    handle: healthz,
  }),
  defineRoute({
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    summary: 'Readiness: the database and the queue answer',
    tag: 'operations',
    errors: [503],
    success: { status: 200, schema: readinessSchema, description: 'ready' },
    handle: readyz,
  }),
  defineRoute({
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics',
    tag: 'operations',
    success: { status: 200, schema: z.string(), contentType: 'text/plain', description: 'text exposition format' },
    handle: metrics,
  }),
];

let cachedDocument: Record<string, unknown> | undefined;

/** Built on first use: the schemas do not change while the process runs. */
export function openApiDocument(): Record<string, unknown> {
  cachedDocument ??= buildOpenApi(ROUTES, { version: API_VERSION });
  return cachedDocument;
}
