import { z } from 'zod';
import { ValidationError } from '@actsearch/core';
import type { TrialResult } from './types.ts';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const trialResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('score'), value: finite, values: z.array(finite).min(1).optional() }),
  z.object({ kind: z.literal('rejected'), test: z.string().min(1), reason: z.string() }),
  z.object({ kind: z.literal('failed'), error: z.string() }),
]);

/** Validate a result coming from outside (an evaluator, a stored row); bad input is a ValidationError. */
export function parseTrialResult(input: unknown): TrialResult {
  const parsed = trialResultSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      'invalid trial result',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}
