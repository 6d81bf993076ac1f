import type { PrismaClient, Worker } from './client.ts';
import { jsonInput, type JsonValue } from './json.ts';

export interface WorkerHeartbeat {
  /** Stable for the life of the process, e.g. `${hostname}:${pid}`. */
  readonly id: string;
  readonly hostname: string;
  /** The TF.js backend it trains on (`wasm`, `cpu`, `tensorflow`, …). */
  readonly backend: string;
  /** `worker`, `api`, `embedded`, … */
  readonly role: string;
  /** The evaluation key or campaign it is busy with; null when idle. */
  readonly currentJob?: string | null;
  /** Its evaluator slots (device, state, job); omitted: left as they were. */
  readonly slots?: JsonValue | null;
}

/** Worker heartbeats, for `GET /api/workers`. */
export class WorkerRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date,
  ) {}

  /** Records that the worker is alive now (registering it on its first beat). */
  heartbeat(beat: WorkerHeartbeat): Promise<Worker> {
    const now = this.now();
    const slots = beat.slots === undefined ? {} : { slots: jsonInput(beat.slots) };
    const fields = { hostname: beat.hostname, backend: beat.backend, role: beat.role, currentJob: beat.currentJob ?? null, lastSeenAt: now, ...slots };
    return this.prisma.worker.upsert({
      where: { id: beat.id },
      create: { id: beat.id, startedAt: now, ...fields },
      update: fields,
    });
  }

  /** Workers by id; with `seenWithinMs`, only those that beat that recently. */
  list(options: { readonly seenWithinMs?: number } = {}): Promise<Worker[]> {
    const since = options.seenWithinMs === undefined ? undefined : new Date(this.now().getTime() - options.seenWithinMs);
    return this.prisma.worker.findMany({
      where: since === undefined ? {} : { lastSeenAt: { gte: since } },
      orderBy: { id: 'asc' },
    });
  }

  /** Forgets a worker (on graceful shutdown); false when it was not registered. */
  async remove(id: string): Promise<boolean> {
    const { count } = await this.prisma.worker.deleteMany({ where: { id } });
    return count === 1;
  }
}
