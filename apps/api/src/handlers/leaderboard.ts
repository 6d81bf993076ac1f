/**
 * `GET /api/leaderboard`: every activation evaluated on a task at a fidelity, ranked by its mean
 * metric over seeds, with the 95 % interval and the difference to ReLU on the same task and fidelity.
 */
import { displayText } from '@actsearch/expr';
import { ValidationError } from '@actsearch/core';
import { metricRangeOf } from '@actsearch/store';
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import type { Reply, RouteInput } from '../route.ts';
import { BASELINE_FINGERPRINT, BASELINE_TEXT } from '../baseline.ts';
import { cursorQuery, intQuery } from '../schemas/common.ts';

export const FIDELITY_NAMES = ['screen', 'standard', 'full'] as const;

export const leaderboardQuery = z.strictObject({
  task: z.string().min(1).max(100).optional().describe('task id; default: the default task'),
  taskVersion: intQuery(0, 1_000_000, "the task's version (default: the current one); results of other versions are never mixed in"),
  fidelity: z.enum(FIDELITY_NAMES).default('screen').describe('training budget the scores were measured at'),
  limit: intQuery(1, 500, 'rows per page (default 50)'),
  cursor: cursorQuery,
  campaign: z.string().min(1).max(128).optional().describe('only activations proposed by this campaign'),
  minSeeds: intQuery(1, 1000, 'only activations with at least this many seeds'),
});

const statsSchema = z.object({
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
        expression: z.string().describe('the familiar text of the function (`x * sigmoid(x)`)'),
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

export async function getLeaderboard(
  input: RouteInput<unknown, z.output<typeof leaderboardQuery>, unknown>,
  ctx: ApiContext,
): Promise<Reply> {
  const { query } = input;
  const taskId = query.task ?? ctx.defaultTask;
  const task = ctx.tasks.find((t) => t.id === taskId);
  if (task === undefined) {
    throw new ValidationError(`unknown task '${taskId}'`, [
      { path: 'task', message: `must be one of ${ctx.tasks.map((t) => t.id).join(', ')}` },
    ]);
  }
  const taskVersion = query.taskVersion ?? task.version;
  const page = await ctx.store.leaderboard({
    task: taskId,
    taskVersion,
    fidelity: query.fidelity,
    baselineFingerprint: BASELINE_FINGERPRINT,
    ...(metricRangeOf(task.metric) === undefined ? {} : { range: metricRangeOf(task.metric) }),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    ...(query.campaign === undefined ? {} : { campaignId: query.campaign }),
    ...(query.minSeeds === undefined ? {} : { minSeeds: query.minSeeds }),
  });
  return {
    status: 200,
    body: {
      task: taskId,
      taskVersion,
      fidelity: query.fidelity,
      metric: task.metric,
      baseline: { fingerprint: BASELINE_FINGERPRINT, canonical: BASELINE_TEXT, stats: page.baseline },
      items: page.items.map(({ delta, ...row }) => ({
        ...row,
        expression: displayText(row.canonical, row.fingerprint),
        deltaVsRelu: delta,
      })),
      nextCursor: page.nextCursor,
    },
  };
}
