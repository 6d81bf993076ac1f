/** Request schemas shared by several routes: path ids, paging, list filters (responses: @actsearch/contract). */
import { z } from 'zod';
import { CAMPAIGN_STATUSES, CANDIDATE_STATES } from '@actsearch/contract';

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

export const campaignStatusQuery = enumListQuery(CAMPAIGN_STATUSES, 'campaign status');
export const candidateStateQuery = enumListQuery(CANDIDATE_STATES, 'candidate state');
