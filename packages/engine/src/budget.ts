import type { Campaign } from '@actsearch/store';

/**
 * Candidates that used up budget: those that reached a training outcome (scored, rejected during
 * training, failed, or reused from a stored evaluation). Pre-screen rejections never train, so they
 * are counted apart and cost nothing.
 */
export function spentOf(campaign: Campaign): number {
  return campaign.evaluated + campaign.reused + campaign.rejected + campaign.failed;
}

/** Candidates stored but not resolved yet: their evaluations are queued or running. */
export function inFlightOf(campaign: Campaign): number {
  return campaign.proposed - campaign.prescreenRejected - spentOf(campaign);
}
