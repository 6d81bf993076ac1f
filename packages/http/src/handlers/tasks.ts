/** `GET /api/tasks`: the tasks campaigns can train on (task files: docs/tasks.md). */
import type { ApiContext } from '../context.ts';
import type { Reply } from '../route.ts';

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
