/**
 * The API's settings, parsed once (zod) from options or the environment. Packages get plain values.
 */
import { z } from 'zod';
import { ValidationError } from '@actsearch/core';
import { fieldErrors } from './validation.ts';

const positiveInt = (max: number) => z.number().int().min(1).max(max);

export const apiConfigSchema = z.object({
  /** The largest `budget.candidates` a campaign may ask for. */
  maxBudget: positiveInt(10_000_000).default(100_000),
  /** The most evaluations one campaign may run at once. */
  maxParallelism: positiveInt(4096).default(256),
  /** Request bodies larger than this are refused with 413. */
  bodyLimitBytes: positiveInt(16 * 1024 * 1024).default(256 * 1024),
  /** Token bucket of mutating routes, per client (token, else address). */
  rateLimit: z
    .object({ capacity: positiveInt(1_000_000).default(60), refillPerSecond: z.number().positive().max(1_000_000).default(2) })
    .default({ capacity: 60, refillPerSecond: 2 }),
  /** How often a live event stream looks at its campaign. */
  eventsPollMs: positiveInt(60_000).default(1000),
  /** A live event stream sends a comment this often so proxies keep it open. */
  eventsHeartbeatMs: positiveInt(600_000).default(15_000),
  /** Workers that sent no heartbeat for longer are listed as not alive. */
  workerAliveMs: positiveInt(3_600_000).default(60_000),
  /** Built dashboard files; served at `/` when the folder exists. */
  dashboardDir: z.string().optional(),
  /** Express's `trust proxy`, for client addresses behind a reverse proxy. */
  trustProxy: z.boolean().default(false),
});

export type ApiConfig = z.output<typeof apiConfigSchema>;
export type ApiConfigInput = z.input<typeof apiConfigSchema>;

export function apiConfig(input: ApiConfigInput = {}): ApiConfig {
  const parsed = apiConfigSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('invalid API configuration', fieldErrors(parsed.error, 'body'));
  return parsed.data;
}

function envInt(env: Readonly<Record<string, string | undefined>>, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new ValidationError(`${name} must be a number`, [{ path: name, message: 'must be a number' }]);
  return n;
}

/** Settings from `ACTSEARCH_*` variables; `defaults` fills what the environment leaves unset. */
export function apiConfigFromEnv(env: Readonly<Record<string, string | undefined>>, defaults: ApiConfigInput = {}): ApiConfig {
  const capacity = envInt(env, 'ACTSEARCH_RATE_LIMIT');
  const refill = envInt(env, 'ACTSEARCH_RATE_REFILL');
  const fromEnv: ApiConfigInput = {
    ...(envInt(env, 'ACTSEARCH_MAX_BUDGET') === undefined ? {} : { maxBudget: envInt(env, 'ACTSEARCH_MAX_BUDGET') }),
    ...(envInt(env, 'ACTSEARCH_MAX_PARALLELISM') === undefined ? {} : { maxParallelism: envInt(env, 'ACTSEARCH_MAX_PARALLELISM') }),
    ...(envInt(env, 'ACTSEARCH_BODY_LIMIT') === undefined ? {} : { bodyLimitBytes: envInt(env, 'ACTSEARCH_BODY_LIMIT') }),
    ...(capacity === undefined && refill === undefined
      ? {}
      : { rateLimit: { ...(capacity === undefined ? {} : { capacity }), ...(refill === undefined ? {} : { refillPerSecond: refill }) } }),
    ...(env.ACTSEARCH_DASHBOARD_DIR ? { dashboardDir: env.ACTSEARCH_DASHBOARD_DIR } : {}),
    ...(env.ACTSEARCH_TRUST_PROXY ? { trustProxy: env.ACTSEARCH_TRUST_PROXY === '1' || env.ACTSEARCH_TRUST_PROXY === 'true' } : {}),
  };
  return apiConfig({ ...defaults, ...fromEnv });
}
