/** `GET /api/workers`: the processes that heartbeat into the store — who is alive, on what, doing what. */
import { z } from 'zod';
import type { ApiContext } from '../context.ts';
import type { Reply } from '../route.ts';

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

export async function listWorkers(_input: unknown, ctx: ApiContext): Promise<Reply> {
  const now = ctx.now().getTime();
  const workers = await ctx.store.workers.list();
  return {
    status: 200,
    body: workers.map((w) => ({
      id: w.id,
      hostname: w.hostname,
      role: w.role,
      backend: w.backend,
      currentJob: w.currentJob,
      slots: Array.isArray(w.slots) ? w.slots : [],
      alive: now - w.lastSeenAt.getTime() <= ctx.config.workerAliveMs,
      startedAt: w.startedAt.toISOString(),
      lastSeenAt: w.lastSeenAt.toISOString(),
    })),
  };
}
