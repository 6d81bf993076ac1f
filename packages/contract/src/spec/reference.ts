import { z } from 'zod';
import { activationText, baselineFingerprint } from './activation-text.ts';

export const DEFAULT_REFERENCE = ['relu'] as const;
/** A layer campaign's reference when its spec names none: BatchNorm + ReLU, which the EvoNorm paper compares with. */
export const DEFAULT_LAYER_REFERENCE = ['bn_relu'] as const;

const activations = z
  .array(activationText)
  .min(1)
  .max(8)
  .refine((texts) => {
    try {
      return new Set(texts.map(baselineFingerprint)).size === texts.length;
    } catch {
      return true; // activationText reports the text that does not parse
    }
  }, 'reference activations must be different functions');

/**
 * What every score of the campaign is compared with. `activations[0]` is *the* reference: Δ, the
 * finale's paired tests and the answer are against it; the others are trained alongside for context.
 * With `search` (the default) they are also trained at the search's own tasks, fidelity and seeds when
 * the campaign starts, so "vs ReLU" exists on every leaderboard and page; those evaluations are counted
 * apart from the budget, like pre-screen rejections. The finale trains them whatever `search` says.
 * A bare list (or a single text) is short for `{ activations: [...], search: true }`.
 */
export const referenceSpecSchema = z
  .preprocess(
    // A bare list (or one text) is short for the object with its defaults; one error message either way.
    (value) => (Array.isArray(value) ? { activations: value } : typeof value === 'string' ? { activations: [value] } : value),
    z.object({ activations: activations.default([...DEFAULT_REFERENCE]), search: z.boolean().default(true) }).strict(),
  )
  .default({ activations: [...DEFAULT_REFERENCE], search: true });

export type ReferenceSpec = z.output<typeof referenceSpecSchema>;
