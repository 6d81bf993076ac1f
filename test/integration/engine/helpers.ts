import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type KnownTask, type Prescreen } from '@actsearch/engine';
import { startRuntime, type Runtime, type RuntimeOptions } from '@actsearch/runtime';
import { prescreenExpr } from '@actsearch/proxy';
import { SpaceCatalog } from '@actsearch/spaces';
import type { Campaign, CampaignStatus, Store } from '@actsearch/store';
import { deleteRedisPrefix, dropSchemas, schemaUrl } from '../../fixtures/test-resources.ts';

export const FAKE_EVALUATOR = fileURLToPath(new URL('./fixtures/fake-evaluator.ts', import.meta.url));

// Fails loudly when a service is down: `bash scripts/ensure-services.sh` starts the local ones.
export { DATABASE_URL, REDIS_URL } from '../../fixtures/test-resources.ts';
import { REDIS_URL } from '../../fixtures/test-resources.ts';
const SPACES_DIR = fileURLToPath(new URL('../../../search-spaces/', import.meta.url));

export type Mode = 'embedded' | 'distributed';
export const MODES: readonly Mode[] = ['embedded', 'distributed'];

export function loadSpaces(): SpaceCatalog {
  const names = readdirSync(SPACES_DIR).filter((name) => name.endsWith('.yaml'));
  return SpaceCatalog.fromSources(names.map((name) => ({ name, text: readFileSync(join(SPACES_DIR, name), 'utf8') })));
}

/** The proxy's pre-screen, as the worker and the embedded mode wire it. */
export const proxyPrescreen: Prescreen = (expr, options) => {
  const verdict = prescreenExpr(expr, options);
  return verdict === null ? null : { check: verdict.check, reason: verdict.reason };
};

/** Fresh resources for one test: a PostgreSQL schema, a Redis prefix, a folder; all removed by `cleanup`. */
export class Resources {
  private readonly schemas: string[] = [];
  private readonly prefixes: { prefix: string; redisUrl: string }[] = [];
  private readonly dirs: string[] = [];

  schema(): string {
    const schema = `e_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    this.schemas.push(schema);
    return schema;
  }

  prefix(redisUrl = REDIS_URL): string {
    const prefix = `actsearch-engine-test-${randomUUID().slice(0, 8)}`;
    this.prefixes.push({ prefix, redisUrl });
    return prefix;
  }

  dir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'actsearch-engine-'));
    this.dirs.push(dir);
    return dir;
  }

  async cleanup(): Promise<void> {
    await dropSchemas(this.schemas.splice(0));
    for (const { prefix, redisUrl } of this.prefixes.splice(0)) await deleteRedisPrefix(prefix, redisUrl).catch(() => undefined);
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** DATABASE_URL pointed at one schema. */
export const postgresUrl = schemaUrl;

export interface HarnessOptions {
  /** Environment of the fake evaluator's processes (FAKE_EVAL_*), on top of this process's. */
  readonly env?: Readonly<Record<string, string>>;
  readonly poolSize?: number;
  readonly attempts?: number;
  readonly sweepIntervalMs?: number;
  /** Distributed mode: share these with other processes of the same test. */
  readonly schema?: string;
  readonly prefix?: string;
  readonly redisUrl?: string;
  readonly consume?: boolean;
  /** Tasks the engine knows, with versions (the fake evaluator takes any id; without this, version 0). */
  readonly tasks?: readonly KnownTask[];
  /** The evaluator module the pool loads; default the fake evaluator (EVALUATOR_MODULE trains for real). */
  readonly evaluatorModule?: string;
}

/** An engine in one of the two modes of docs/architecture.md, running the fake evaluator. */
export async function startHarness(mode: Mode, resources: Resources, options: HarnessOptions = {}): Promise<Runtime> {
  const common: Omit<RuntimeOptions, 'store' | 'dispatch'> = {
    spaces: loadSpaces(),
    prescreen: proxyPrescreen,
    evaluator: { module: options.evaluatorModule ?? FAKE_EVALUATOR, size: options.poolSize ?? 2, env: { ...process.env, ...options.env } },
    sweepIntervalMs: options.sweepIntervalMs ?? 0,
    driveLeaseMs: 5_000,
    ...(options.consume === undefined ? {} : { consume: options.consume }),
    ...(options.tasks === undefined ? {} : { tasks: options.tasks }),
  };
  if (mode === 'embedded') {
    return startRuntime({
      ...common,
      store: { kind: 'pglite', dataDir: 'memory' },
      dispatch: { kind: 'local', attempts: options.attempts ?? 3, backoffMs: 50 },
    });
  }
  return startRuntime({
    ...common,
    store: { kind: 'postgres', url: postgresUrl(options.schema ?? resources.schema()) },
    dispatch: {
      kind: 'bullmq',
      connection: { url: options.redisUrl ?? REDIS_URL },
      prefix: options.prefix ?? resources.prefix(options.redisUrl),
      attempts: options.attempts ?? 3,
      backoffMs: 50,
      lockDurationMs: 2_000,
      stalledIntervalMs: 1_000,
    },
  });
}

/**
 * A fake task id no other test uses (so keys never overlap between tests sharing a store), with the
 * fake evaluator's behaviour words: fakeTask('sleep150', 'crash7').
 */
export function fakeTask(...words: string[]): string {
  return ['t', randomUUID().slice(0, 8), ...words].join('-');
}

/** A campaign spec over swish-core1 (pass `tasks: [fakeTask(...)]`). */
export function spec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'engine test',
    space: 'swish-core1',
    strategy: 'random',
    tasks: [fakeTask()],
    fidelity: 'screen',
    budget: { candidates: 10 },
    seed: 1,
    parallelism: 4,
    // The engine's own tests end at the search budget; test/integration/finale covers the finale.
    finale: { enabled: false },
    // They count the search's own trainings; reference.test.ts covers the reference every search trains.
    reference: { activations: ['relu'], search: false },
    ...overrides,
  };
}

/** The spec with the product's default reference (ReLU, trained in the search too). */
export function withDefaultReference(body: Record<string, unknown>): Record<string, unknown> {
  const { reference: _reference, ...rest } = body;
  return rest;
}

export async function waitForCampaign(
  store: Store,
  id: string,
  accept: (campaign: Campaign) => boolean,
  what: string,
  timeoutMs = 120_000,
): Promise<Campaign> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const campaign = await store.campaigns.require(id);
    if (accept(campaign)) return campaign;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; campaign is ${campaign.status} (${JSON.stringify(countersOf(campaign))})`,
      );
    }
    await sleep(50);
  }
}

export function waitForStatus(store: Store, id: string, status: CampaignStatus, timeoutMs = 120_000): Promise<Campaign> {
  return waitForCampaign(store, id, (c) => c.status === status, `status ${status}`, timeoutMs);
}

export function countersOf(campaign: Campaign): Record<string, number> {
  const { proposed, evaluated, reused, rejected, prescreenRejected, failed, toldCount } = campaign;
  return { proposed, evaluated, reused, rejected, prescreenRejected, failed, toldCount };
}

/** `<pid> <key>` lines the fake evaluator wrote when its jobs started. */
export function startedJobs(logFile: string): { pid: number; key: string }[] {
  if (!existsSync(logFile)) return [];
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [pid, key] = line.split(' ');
      return { pid: Number(pid), key: key ?? '' };
    });
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface EvaluationRow {
  readonly status: string;
  readonly attempts: number;
  readonly metric: number | null;
  readonly error: string | null;
}

/** The Evaluation rows of one task, by key. */
export async function evaluationsOfTask(store: Store, task: string): Promise<Map<string, EvaluationRow>> {
  const rows = await store.prisma.evaluation.findMany({
    where: { task },
    select: { key: true, status: true, attempts: true, metric: true, error: true },
  });
  return new Map(rows.map((row) => [row.key, row]));
}

/** Job starts of one task in the fake evaluator's log. */
export function startedOfTask(logFile: string, task: string): { pid: number; key: string }[] {
  return startedJobs(logFile).filter((job) => job.key.split('|')[1] === task);
}
