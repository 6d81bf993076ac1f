import type { CandidateKind } from '@actsearch/expr';
import type { Campaign } from '@actsearch/store';
import { campaignKind, storedSpecOf } from '../campaign-spec.ts';

/** What a stored campaign searched (its spec's `kind`), for views that hold the row, not the parsed spec. */
export function campaignKindOf(campaign: Pick<Campaign, 'spec'>): CandidateKind {
  return campaignKind(storedSpecOf(campaign.spec));
}
