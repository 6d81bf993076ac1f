/** `GET /api/tasks`: the tasks campaigns can train on. */
import { z } from 'zod';

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
