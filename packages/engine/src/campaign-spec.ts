import { z } from 'zod';
import { ValidationError } from '@actsearch/core';
import { finaleSpecSchema, FINALE_DEFAULTS } from './finale/spec.ts';
import { referenceSpecSchema } from './reference/spec.ts';

/** Training budgets, cheapest first (the proxy's fidelities). */
export const CAMPAIGN_FIDELITIES = ['screen', 'standard', 'full'] as const;
export type CampaignFidelity = (typeof CAMPAIGN_FIDELITIES)[number];

const INT32_MAX = 2 ** 31 - 1;

// Evaluation keys join their parts with '|' (store/evaluation-key.ts), so no part may hold one.
const taskId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, ".", "_" and "-" only');

const prescreenOptions = z
  .object({
    nonFinite: z.boolean(),
    constant: z.boolean(),
    linear: z.boolean(),
    exploding: z.boolean(),
    explodingThreshold: z.number().positive(),
    vanishingGradient: z.boolean(),
    vanishingFraction: z.number().gt(0).max(1),
  })
  .partial()
  .strict();

const qualityOptions = z
  .object({ step: z.number().int().min(1), floor: z.number() })
  .partial()
  .strict();

const stabilityOptions = z
  .object({
    steps: z.number().int().min(1),
    batchSize: z.number().int().min(1),
    threshold: z.number().positive(),
    stepFraction: z.number().positive(),
  })
  .partial()
  .strict();

/** Which rejection tests run, as the proxy takes them (`false` switches one off, an object tunes it). */
export const rejectionSettingsSchema = z
  .object({
    prescreen: z.union([z.boolean(), prescreenOptions]).default(true),
    quality: z.union([z.boolean(), qualityOptions]).default(true),
    stability: z.union([z.boolean(), stabilityOptions]).default(true),
    divergence: z.boolean().default(true),
  })
  .strict();

/**
 * When a campaign gives up because its evaluations keep failing (a broken trainer, a poisoned task):
 * after `maxConsecutive` failed candidates in a row (proposal order), or when more than `maxFraction`
 * of its outcomes failed once it has at least `minOutcomes` of them.
 */
export const failurePolicySchema = z
  .object({
    maxConsecutive: z.number().int().min(1).max(INT32_MAX).default(5),
    maxFraction: z.number().gt(0).max(1).default(0.5),
    minOutcomes: z.number().int().min(1).max(INT32_MAX).default(10),
  })
  .strict();

const strategySchema = z.union([
  z
    .string()
    .min(1)
    .transform((name) => ({ name, config: {} as Record<string, unknown> })),
  z.object({ name: z.string().min(1), config: z.record(z.string(), z.unknown()).default({}) }).strict(),
]);

/**
 * A campaign as submitted. Stored as parsed (defaults filled in), so the stored spec says exactly
 * what ran. `seed` drives the strategy; `seeds` are the training seeds every candidate is evaluated
 * with (one evaluation per task × seed).
 */
export const campaignSpecSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    space: z.string().min(1).max(100),
    strategy: strategySchema,
    tasks: z
      .array(taskId)
      .min(1)
      .max(16)
      .refine((tasks) => new Set(tasks).size === tasks.length, 'tasks must not repeat'),
    fidelity: z.enum(CAMPAIGN_FIDELITIES).default('screen'),
    budget: z.object({ candidates: z.number().int().min(1).max(1_000_000) }).strict(),
    seed: z.number().int().min(0).max(INT32_MAX).default(0),
    seeds: z
      .array(z.number().int().min(0).max(INT32_MAX))
      .min(1)
      .max(16)
      .refine((seeds) => new Set(seeds).size === seeds.length, 'seeds must not repeat')
      .default([0]),
    rejection: rejectionSettingsSchema.default({ prescreen: true, quality: true, stability: true, divergence: true }),
    parallelism: z.number().int().min(1).max(1024).default(4),
    failurePolicy: failurePolicySchema.default({ maxConsecutive: 5, maxFraction: 0.5, minOutcomes: 10 }),
    owner: z.string().min(1).max(200).optional(),
    finale: finaleSpecSchema.default(FINALE_DEFAULTS),
    reference: referenceSpecSchema,
  })
  .strict();

export type CampaignSpecInput = z.input<typeof campaignSpecSchema>;
export type CampaignSpec = z.output<typeof campaignSpecSchema>;
export type RejectionSettings = z.output<typeof rejectionSettingsSchema>;
export type FailurePolicy = z.output<typeof failurePolicySchema>;
export type PrescreenSettings = z.output<typeof prescreenOptions>;

/**
 * The spec as stored: the parsed spec plus the content hash of the space it was validated against and
 * the version of each task it names (search and transfer tasks) at submission, so the campaign's
 * evaluations all belong to those versions even if the daemon is upgraded under it.
 */
export interface StoredCampaignSpec extends CampaignSpec {
  readonly spaceHash: string;
  readonly taskVersions: Readonly<Record<string, number>>;
}

/** The version a campaign pinned for `task` (0: a task outside the registry, or a spec stored before versions). */
export function taskVersionOf(spec: StoredCampaignSpec, task: string): number {
  return spec.taskVersions[task] ?? 0;
}

/** Parses a submitted spec; a bad one throws one ValidationError listing every field at fault. */
export function parseCampaignSpec(input: unknown): CampaignSpec {
  const parsed = campaignSpecSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
  }));
  const first = fields[0];
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : '';
  throw new ValidationError(
    `invalid campaign spec: ${first === undefined ? '' : `${first.path || 'spec'}: ${first.message}`}${more}`,
    fields,
  );
}

/** Built once: zod compiles a schema's fast path on its first parse, and every campaign read parses a spec. */
const storedSpecSchema = campaignSpecSchema.extend({
  spaceHash: z.string().min(1),
  taskVersions: z.record(z.string(), z.number().int().min(0)).default({}),
});

/** Reads back a stored spec (written by submitCampaign, so a mismatch is a bug or a hand edit). */
export function storedSpecOf(spec: unknown): StoredCampaignSpec {
  const parsed = storedSpecSchema.safeParse(spec);
  if (!parsed.success) {
    throw new ValidationError(
      'stored campaign spec is invalid',
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  return parsed.data;
}
