/** `GET /api/workers`: the processes that heartbeat into the store — who is alive, on what, doing what. */
import type { ApiContext } from '../context.ts';
import type { Reply } from '../route.ts';

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
