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

/**
 * How long a silent worker's row is kept: long enough to see that a worker died (and when), short
 * enough that a cluster restarted every day does not list every process it ever ran.
 */
export const WORKER_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Worker heartbeats, for `GET /api/workers`. */
export class WorkerRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date,
    private readonly retentionMs: number = WORKER_RETENTION_MS,
  ) {}

  /**
   * Records that the worker is alive now (registering it on its first beat), and forgets workers
   * silent for longer than the retention: every live process prunes, so no one has to schedule it.
   */
  async heartbeat(beat: WorkerHeartbeat): Promise<Worker> {
    const now = this.now();
    const slots = beat.slots === undefined ? {} : { slots: jsonInput(beat.slots) };
    const fields = {
      hostname: beat.hostname,
      backend: beat.backend,
      role: beat.role,
      currentJob: beat.currentJob ?? null,
      lastSeenAt: now,
      ...slots,
    };
    const worker = await this.prisma.worker.upsert({
      where: { id: beat.id },
      create: { id: beat.id, startedAt: now, ...fields },
      update: fields,
    });
    await this.prune(this.retentionMs);
    return worker;
  }

  /** Deletes the rows of workers silent for longer than `silentForMs`; returns how many. */
  async prune(silentForMs: number): Promise<number> {
    const { count } = await this.prisma.worker.deleteMany({ where: { lastSeenAt: { lt: new Date(this.now().getTime() - silentForMs) } } });
    return count;
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
