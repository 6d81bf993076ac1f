/** `GET /api/workers`: the processes that heartbeat into the store. */
import { z } from 'zod';

export const workerSchema = z
  .object({
    id: z.string(),
    hostname: z.string(),
    role: z.string(),
    backend: z.string(),
    currentJob: z.string().nullable(),
    slots: z
      .array(z.object({ device: z.string().nullable(), state: z.enum(['starting', 'idle', 'busy']), job: z.string().nullable() }))
      .describe(
        'its evaluator slots at the last heartbeat: one per GPU with ACTSEARCH_GPUS (device = CUDA_VISIBLE_DEVICES), else one per process (device null); job = the evaluation key running there',
      ),
    alive: z.boolean().describe('heartbeat seen within the alive window'),
    startedAt: z.string(),
    lastSeenAt: z.string(),
  })
  .meta({ id: 'Worker' });
