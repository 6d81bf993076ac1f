import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ValidationError } from '@actsearch/core';

/** `<repo>/search-spaces`, found from this file's place in packages/runtime/src. */
export const DEFAULT_SPACES_DIR = fileURLToPath(new URL('../../../search-spaces/', import.meta.url));

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
/**
 * `ACTSEARCH_GPUS=0,1`: one evaluator slot per listed device (CUDA_VISIBLE_DEVICES of its process),
 * instead of one per core. Empty or unset: no GPU slots.
 */
export const gpuListSchema = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((d) => d.trim())
      .filter((d) => d !== ''),
  )
  .refine((devices) => devices.every((d) => /^[A-Za-z0-9-]{1,64}$/.test(d)), 'expected device ids separated by commas, e.g. 0,1')
  .refine((devices) => new Set(devices).size === devices.length, 'lists a device twice');

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/**
 * The worker's configuration, from the environment, parsed once here (docs/architecture.md: configuration is
 * parsed once in apps; packages take plain options). Only REDIS_URL and DATABASE_URL are required.
 */
export const workerEnvSchema = z.object({
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'expected redis://host:port or rediss://…'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected postgresql://user@host:port/database'),
  /** PostgreSQL schema (also settable as `?schema=` on DATABASE_URL). */
  DATABASE_SCHEMA: optionalText,
  /** Redis key prefix of the queues: every worker and API of one deployment must agree on it. */
  ACTSEARCH_QUEUE_PREFIX: z.string().min(1).default('actsearch'),
  /** Evaluator processes (one training each); default one per core. */
  ACTSEARCH_WORKERS: positiveInt(availableParallelism()),
  /** GPU slots (see gpuListSchema); when set, ACTSEARCH_WORKERS is not used. */
  ACTSEARCH_GPUS: gpuListSchema,
  /** TF.js backend for training: auto (best available), tensorflow-gpu, tensorflow, wasm, cpu. */
  ACTSEARCH_BACKEND: optionalText,
  /** A module exporting `evaluate(payload)` to use instead of the proxy trainer (tests, custom trainers). */
  ACTSEARCH_EVALUATOR_MODULE: optionalText,
  ACTSEARCH_SPACES_DIR: z.string().min(1).default(DEFAULT_SPACES_DIR),
  /** Port of the Prometheus `/metrics` endpoint; `0` picks a free one, `off` disables it. */
  METRICS_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65_535)]).default(9464),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  ACTSEARCH_SHUTDOWN_TIMEOUT_MS: nonNegativeInt(30_000),
  ACTSEARCH_SWEEP_INTERVAL_MS: nonNegativeInt(30_000),
  ACTSEARCH_HEARTBEAT_INTERVAL_MS: positiveInt(10_000),
  ACTSEARCH_DRIVE_LEASE_MS: positiveInt(30_000),
  ACTSEARCH_LOCK_DURATION_MS: positiveInt(30_000),
  ACTSEARCH_STALLED_INTERVAL_MS: positiveInt(15_000),
  ACTSEARCH_ATTEMPTS: positiveInt(3),
  ACTSEARCH_BACKOFF_MS: nonNegativeInt(2_000),
  ACTSEARCH_MAX_JOBS_PER_CHILD: positiveInt(50),
  /** Per-evaluation time limit (0: none); past it the evaluator process is killed and the attempt fails. */
  ACTSEARCH_EVALUATION_TIMEOUT_MS: nonNegativeInt(0),
});

export type WorkerConfig = z.output<typeof workerEnvSchema>;

/** Parses the environment; a bad or missing variable throws one ValidationError naming each. */
export function parseWorkerConfig(env: Readonly<Record<string, string | undefined>>): WorkerConfig {
  const parsed = workerEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
  }));
  throw new ValidationError(`invalid worker configuration: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`, fields);
}
