/**
 * The API over the real engine for the contract tests: embedded (PGlite in memory + the in-process
 * queue) or distributed (a fresh PostgreSQL schema + a random BullMQ prefix), with an evaluator that
 * scores without training.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiConfig, createApiApp, createApiContext, parseTokenList, type ApiConfigInput, type ApiContext } from '@actsearch/http';
import { startRuntime, type Runtime } from '@actsearch/runtime';
import { prescreenExpr } from '@actsearch/proxy';
import { DEFAULT_TASK_ID, listTasks } from '@actsearch/tasks';
import { SpaceCatalog } from '@actsearch/spaces';
import type { Campaign, Store } from '@actsearch/store';
import type { Express } from 'express';
import { runCli } from '../../../apps/cli/src/run-cli.ts';

export const FAST_EVALUATOR = fileURLToPath(new URL('./fixtures/fast-evaluator.ts', import.meta.url));
export { DATABASE_URL, REDIS_URL } from '../../fixtures/test-resources.ts';
import { REDIS_URL, deleteRedisPrefix, dropSchemas, schemaUrl } from '../../fixtures/test-resources.ts';
const SPACES_DIR = fileURLToPath(new URL('../../../search-spaces/', import.meta.url));

export const TOKEN = 'test-token-0123456789';

/** What one in-process CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI in-process against the API at `url` with the test token, as a user's shell would. */
export async function runCliAgainst(
  url: string,
  args: readonly string[],
  options: { readonly env?: Record<string, string | undefined>; readonly tty?: boolean; readonly cwd?: string } = {},
): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli([...args], {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTty: options.tty ?? false,
    cwd: options.cwd ?? process.cwd(),
    env: { ACTSEARCH_SERVER: url, ACTSEARCH_TOKEN: TOKEN, ...options.env },
  });
  return { code, out, err };
}

export function loadSpaces(): SpaceCatalog {
  const names = readdirSync(SPACES_DIR).filter((name) => name.endsWith('.yaml'));
  return SpaceCatalog.fromSources(names.map((name) => ({ name, text: readFileSync(join(SPACES_DIR, name), 'utf8') })));
}

export type Mode = 'embedded' | 'distributed';

export interface EngineHarness {
  readonly mode: Mode;
  readonly runtime: Runtime;
  readonly store: Store;
  close(): Promise<void>;
}

export interface EngineOptions {
  readonly evaluatorEnv?: Readonly<Record<string, string>>;
  readonly poolSize?: number;
}

/** The real engine with the fast evaluator: PGlite + in-process queue, or PostgreSQL + BullMQ. */
export async function startEngine(mode: Mode, options: EngineOptions = {}): Promise<EngineHarness> {
  const schema = `api_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const prefix = `actsearch-api-test-${randomUUID().slice(0, 8)}`;
  const runtime = await startRuntime({
    spaces: loadSpaces(),
    tasks: listTasks(),
    prescreen: (expr, settings) => {
      const verdict = prescreenExpr(expr, settings);
      return verdict === null ? null : { check: verdict.check, reason: verdict.reason };
    },
    evaluator: { module: FAST_EVALUATOR, size: options.poolSize ?? 1, env: { ...process.env, ...options.evaluatorEnv } },
    sweepIntervalMs: 0,
    driveLeaseMs: 5_000,
    ...(mode === 'embedded'
      ? { store: { kind: 'pglite', dataDir: 'memory' }, dispatch: { kind: 'local', attempts: 2, backoffMs: 50 } }
      : {
          store: { kind: 'postgres', url: schemaUrl(schema) },
          dispatch: {
            kind: 'bullmq',
            connection: { url: REDIS_URL },
            prefix,
            attempts: 2,
            backoffMs: 50,
            lockDurationMs: 2_000,
            stalledIntervalMs: 1_000,
          },
        }),
  });
  return {
    mode,
    runtime,
    store: runtime.store,
    async close() {
      await runtime.close({ timeoutMs: 2_000 });
      if (mode === 'distributed') await dropResources(schema, prefix);
    },
  };
}

export interface ApiOptions {
  readonly config?: ApiConfigInput;
  /** Tokens accepted for mutating routes; default [TOKEN]; [] leaves them open. */
  readonly tokens?: readonly string[];
}

export interface ApiHarness {
  readonly app: Express;
  readonly ctx: ApiContext;
  close(): void;
}

/** An API app over a running engine; cheap, so tests build one per configuration. */
export function apiOver(engine: EngineHarness, options: ApiOptions = {}): ApiHarness {
  const ctx = createApiContext({
    store: engine.store,
    engine: engine.runtime.engine,
    spaces: loadSpaces(),
    tasks: listTasks(),
    defaultTask: DEFAULT_TASK_ID,
    config: apiConfig({ eventsPollMs: 50, ...options.config }),
    readiness: { queue: async () => void (await engine.runtime.dispatcher.counts()) },
    mode: engine.mode,
  });
  const api = createApiApp(ctx, { tokenDigests: parseTokenList((options.tokens ?? [TOKEN]).join(',')) });
  return {
    app: api.app,
    ctx,
    close() {
      api.closeStreams();
      ctx.events.close();
    },
  };
}

async function dropResources(schema: string, prefix: string): Promise<void> {
  await dropSchemas([schema]);
  await deleteRedisPrefix(prefix);
}

/** A small campaign over tiny.yaml. */
export function campaignBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'api test',
    space: 'tiny',
    strategy: 'random',
    tasks: ['spirals-mlp'],
    fidelity: 'screen',
    budget: { candidates: 6 },
    seed: 3,
    parallelism: 2,
    // These tests are about the search; test/integration/finale covers the finale and its report.
    finale: { enabled: false },
    ...overrides,
  };
}

export async function waitForCampaign(
  store: Store,
  id: string,
  accept: (c: Campaign) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<Campaign> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const campaign = await store.campaigns.require(id);
    if (accept(campaign)) return campaign;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; campaign is ${campaign.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const auth = { Authorization: `Bearer ${TOKEN}` };
