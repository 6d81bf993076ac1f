import { ValidationError } from '@actsearch/core';
import type { CandidateState, Prisma } from './client.ts';

/** The counters a campaign keeps. */
export const CAMPAIGN_COUNTERS = ['proposed', 'evaluated', 'rejected', 'prescreenRejected', 'failed', 'reused'] as const;
export type CampaignCounter = (typeof CAMPAIGN_COUNTERS)[number];
export type CounterDeltas = Partial<Record<CampaignCounter, number>>;

/** Entering one of these candidate states bumps the campaign counter of the same name. */
export const COUNTER_OF_STATE: Readonly<Partial<Record<CandidateState, CampaignCounter>>> = {
  prescreen_rejected: 'prescreenRejected',
  evaluated: 'evaluated',
  rejected: 'rejected',
  failed: 'failed',
  reused: 'reused',
};

/** An UPDATE that adds the deltas in the database (no read-modify-write, so concurrent bumps add up). */
export function counterIncrements(deltas: CounterDeltas): Prisma.CampaignUpdateManyMutationInput {
  const data: Prisma.CampaignUpdateManyMutationInput = {};
  for (const counter of CAMPAIGN_COUNTERS) {
    const delta = deltas[counter];
    if (delta === undefined || delta === 0) continue;
    if (!Number.isInteger(delta)) {
      throw new ValidationError(`counter ${counter} must change by an integer`, [{ path: counter, message: 'must be an integer' }]);
    }
    data[counter] = { increment: delta };
  }
  return data;
}
