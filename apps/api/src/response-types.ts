/** The response bodies as TypeScript types, derived from the schemas the OpenAPI document shows (for clients). */
import type { z } from 'zod';
import type { activationSchema } from './handlers/activations.ts';
import type { leaderboardSchema } from './handlers/leaderboard.ts';
import type { bestSchema, campaignDetailSchema, campaignSummarySchema, candidateSchema } from './schemas/campaign.ts';
import type { errorSchema } from './schemas/common.ts';

export type CampaignSummaryBody = z.output<typeof campaignSummarySchema>;
export type CampaignBody = z.output<typeof campaignDetailSchema>;
export type CampaignBestBody = z.output<typeof bestSchema>;
export type CandidateBody = z.output<typeof candidateSchema>;
export type LeaderboardBody = z.output<typeof leaderboardSchema>;
export type ActivationBody = z.output<typeof activationSchema>;
export type ErrorResponseBody = z.output<typeof errorSchema>;
export interface PageBody<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}
