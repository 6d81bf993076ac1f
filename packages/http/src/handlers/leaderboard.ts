/**
 * `GET /api/leaderboard`: every activation evaluated on a task at a fidelity, ranked by its mean
 * metric over seeds, with the 95 % interval and the difference to ReLU on the same task and fidelity.
 */
import { CAMPAIGN_FIDELITIES } from '@actsearch/contract';
import { candidateKindOfText, displayText } from '@actsearch/expr';
import { ValidationError } from '@actsearch/core';
import { metricRangeOf } from '@actsearch/store';
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import type { Reply, RouteInput } from '../route.ts';
import { BASELINE_FINGERPRINT, BASELINE_TEXT } from '../baseline.ts';
import { cursorQuery, intQuery } from '../schemas/common.ts';

export const leaderboardQuery = z.strictObject({
  task: z.string().min(1).max(100).optional().describe('task id; default: the default task'),
  taskVersion: intQuery(0, 1_000_000, "the task's version (default: the current one); results of other versions are never mixed in"),
  fidelity: z.enum(CAMPAIGN_FIDELITIES).default('screen').describe('training budget the scores were measured at'),
  limit: intQuery(1, 500, 'rows per page (default 50)'),
  cursor: cursorQuery,
  campaign: z.string().min(1).max(128).optional().describe('only activations proposed by this campaign'),
  minSeeds: intQuery(1, 1000, 'only activations with at least this many seeds'),
});

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
        kind: candidateKindOfText(row.canonical),
        expression: displayText(row.canonical, row.fingerprint),
        deltaVsRelu: delta,
      })),
      nextCursor: page.nextCursor,
    },
  };
}
