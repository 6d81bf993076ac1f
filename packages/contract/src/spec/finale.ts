import { z } from 'zod';
import { activationText } from './activation-text.ts';
import { taskId } from './task-id.ts';

/** The baselines every finale re-tests: ReLU, Swish (x·σ(x)) and GELU. */
export const DEFAULT_FINALE_BASELINES = ['relu', 'x * sigmoid(x)', 'gelu'] as const;
/** A layer campaign's finale baselines when its spec names none: the known layers (docs/layers.md). */
export const DEFAULT_LAYER_FINALE_BASELINES = ['bn_relu', 'gn_relu', 'evonorm_b0', 'evonorm_s0'] as const;
/**
 * A deep residual MLP on another dataset: a different architecture from the default search task
 * (a plain MLP on MNIST), so a function that only suits the proxy's shape shows it here.
 */
export const DEFAULT_TRANSFER_TASK = 'fashion-resmlp';

/**
 * The campaign's finale: once the search budget is spent, the `topK` best activations by search score
 * plus the baselines are evaluated at `fidelity` on the campaign's tasks and the transfer tasks, with
 * `seeds` training seeds each (the campaign's own seeds first, then the smallest unused ones).
 */
export const finaleSpecSchema = z
  .object({
    enabled: z.boolean().default(true),
    topK: z.number().int().min(1).max(100).default(10),
    baselines: z
      .array(activationText)
      .max(16)
      .default([...DEFAULT_FINALE_BASELINES]),
    fidelity: z.enum(['screen', 'standard', 'full']).default('full'),
    seeds: z.number().int().min(1).max(16).default(3),
    transferTasks: z
      .array(taskId)
      .max(8)
      .refine((tasks) => new Set(tasks).size === tasks.length, 'transfer tasks must not repeat')
      .default([DEFAULT_TRANSFER_TASK]),
  })
  .strict();

export type FinaleSpec = z.output<typeof finaleSpecSchema>;

export const FINALE_DEFAULTS: FinaleSpec = {
  enabled: true,
  topK: 10,
  baselines: [...DEFAULT_FINALE_BASELINES],
  fidelity: 'full',
  seeds: 3,
  transferTasks: [DEFAULT_TRANSFER_TASK],
};
