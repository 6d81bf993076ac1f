/** Schemas shared by several routes: path ids, paging, and the error body. */
import { z } from 'zod';
import { CAMPAIGN_STATUSES, CANDIDATE_STATES } from '@actsearch/store';

export const campaignIdParams = z.strictObject({ id: z.string().min(1).max(128).describe('campaign id') });

export const fingerprintParams = z.strictObject({
  fingerprint: z
    .string()
    .regex(/^[0-9a-f]{8,64}$/, 'must be a hex fingerprint')
    .describe('activation fingerprint (hex)'),
});

/** A positive integer given as query text. */
export function intQuery(min: number, max: number, description: string) {
  return z
    .string()
    .regex(/^\d{1,9}$/, 'must be an integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .describe(description);
}

export const cursorQuery = z.string().min(1).max(2048).optional().describe('nextCursor of the previous page');

/** One value or a comma-separated list of an enum, e.g. `status=running,paused`. */
function enumListQuery<const T extends readonly [string, ...string[]]>(values: T, description: string) {
  return z
    .string()
    .transform((text) => text.split(',').map((s) => s.trim()))
    .pipe(z.array(z.enum(values)).min(1))
    .optional()
    .describe(`${description}: one of ${values.join(', ')}, or several separated by commas`);
}

export const campaignStatusQuery = enumListQuery(CAMPAIGN_STATUSES as unknown as readonly ['queued', ...string[]], 'campaign status');
export const candidateStateQuery = enumListQuery(CANDIDATE_STATES as unknown as readonly ['proposed', ...string[]], 'candidate state');

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('stable code: validation_failed, parse_error, not_found, conflict, unauthorized, rate_limited, …'),
      message: z.string(),
      fields: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .describe('one entry per invalid field'),
      column: z.number().int().optional().describe('1-based column of a parse error'),
    }),
  })
  .meta({ id: 'Error' });

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('pass back as cursor; null on the last page') });
}
