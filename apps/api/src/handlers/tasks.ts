/** `GET /api/tasks`: the tasks campaigns can train on (task files: docs/tasks.md). */
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import type { Reply } from '../route.ts';

export const taskSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    title: z.string(),
    metric: z.string().describe('higher is better'),
    chance: z.number().nullable().describe('the metric of a predictor that ignores its input'),
    default: z.boolean(),
    kind: z
      .enum(['builtin', 'command'])
      .describe('builtin: the TF.js proxy trainer; command: a training command from a task file (docs/trials.md)'),
    rejectionTests: z
      .array(z.string())
      .describe(
        'the rejection tests that apply: a command task has no stability test (it probes TF.js gradients), its quality test only when its file sets a floor',
      ),
    fidelities: z.record(z.string(), z.object({ steps: z.number().int(), batchSize: z.number().int() })),
  })
  .meta({ id: 'Task' });

export async function listTasks(_input: unknown, ctx: ApiContext): Promise<Reply> {
  return {
    status: 200,
    body: ctx.tasks.map((task) => ({
      id: task.id,
      version: task.version,
      title: task.title,
      metric: task.metric,
      chance: task.chance ?? null,
      default: task.id === ctx.defaultTask,
      kind: task.kind ?? 'builtin',
      rejectionTests: [
        'prescreen',
        ...(task.kind === 'command' ? [] : ['stability']),
        ...(task.quality === null ? [] : ['quality']),
        'divergence',
      ],
      fidelities: Object.fromEntries(
        Object.entries(task.fidelities).map(([name, f]) => [name, { steps: f.steps, batchSize: f.batchSize }]),
      ),
    })),
  };
}
