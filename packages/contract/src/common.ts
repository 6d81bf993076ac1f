/** Pieces every response shares: times, clipped intervals, the error body, pages. */
import { z } from 'zod';
import { CANDIDATE_KINDS } from '@actsearch/expr';

export const isoDate = z.string().describe('ISO 8601 time');

export const clippedSchema = z
  .enum(['none', 'low', 'high', 'both'])
  .describe("which ends of the 95 % interval were cut at the metric's range");

export const candidateKindSchema = z
  .enum(CANDIDATE_KINDS)
  .describe('`activation` (an element-wise f(x)) or `layer` (a normalization-activation layer: it uses statistics of its input)');

/** f and f′ on [−5, 5]; a layer has none (its output depends on the statistics of its whole input). */
export const plotSchema = z
  .object({ x: z.array(z.number()), f: z.array(z.number().nullable()), df: z.array(z.number().nullable()) })
  .nullable()
  .describe('f and f′ on [−5, 5]; null for a layer (plotNote says why)');

export const plotNoteSchema = z.string().nullable().describe('why there is no plot (a layer); null when there is one');

/** What a layer is made of (null for an activation). */
export const layerPartsSchema = z
  .object({
    aggregates: z.array(z.string()).describe('the statistics it uses, each distinct call once (`batch_var(x)`)'),
    knownLayer: z.string().nullable().describe('`bn_relu`, `gn_relu`, `evonorm_b0` or `evonorm_s0` when it is that layer'),
  })
  .nullable();

export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('stable code: validation_failed, parse_error, not_found, conflict, unauthorized, rate_limited, …'),
      message: z.string(),
      fields: z.array(fieldErrorSchema).optional().describe('one entry per invalid field'),
      column: z.number().int().optional().describe('1-based column of a parse error'),
    }),
  })
  .meta({ id: 'Error' });

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('pass back as cursor; null on the last page') });
}
