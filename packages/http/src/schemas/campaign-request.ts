/** Query and body schemas of the campaign routes, other than the submission itself. */
import { z } from 'zod';
import { campaignStatusQuery, candidateStateQuery, cursorQuery, intQuery } from './common.ts';

export const campaignListQuery = z.strictObject({
  status: campaignStatusQuery,
  owner: z.string().min(1).max(200).optional().describe('only campaigns submitted with this token id'),
  limit: intQuery(1, 200, 'campaigns per page (default 50)'),
  cursor: cursorQuery,
});

export const candidateListQuery = z.strictObject({
  state: candidateStateQuery,
  limit: intQuery(1, 1000, 'candidates per page (default 100)'),
  cursor: cursorQuery,
});

export const cancelBody = z
  .strictObject({ reason: z.string().min(1).max(500).optional().describe('recorded as the status reason') })
  .optional();
