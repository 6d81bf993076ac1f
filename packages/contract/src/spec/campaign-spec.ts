import { z } from 'zod';
import { CAMPAIGN_FIDELITIES } from '../vocabulary.ts';
import { finaleSpecSchema, FINALE_DEFAULTS } from './finale.ts';
import { referenceSpecSchema } from './reference.ts';
import { taskId } from './task-id.ts';

const INT32_MAX = 2 ** 31 - 1;

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
 * The body of `POST /api/campaigns`: the campaign spec minus `owner`, which the API sets from the
 * token. One definition for the engine, the handlers, the OpenAPI document, the CLI and the dashboard.
 */
export const campaignRequestSchema = campaignSpecSchema.omit({ owner: true }).meta({ id: 'CampaignSpec' });
export type CampaignRequest = z.input<typeof campaignRequestSchema>;
