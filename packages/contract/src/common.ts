/** Pieces every response shares: times, clipped intervals, the error body, pages. */
import { z } from 'zod';

export const isoDate = z.string().describe('ISO 8601 time');

export const clippedSchema = z
  .enum(['none', 'low', 'high', 'both'])
  .describe("which ends of the 95 % interval were cut at the metric's range");

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
