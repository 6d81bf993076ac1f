import { ConflictError } from '@actsearch/core';
import type { Campaign } from '@actsearch/store';
import type { EngineContext } from './context.ts';

/**
 * Marks a running or paused campaign done. A campaign another process moved on meanwhile (cancelled,
 * failed, already done) is left as it is: that ConflictError is the race lost, not an error.
 */
export async function finishCampaign(ctx: EngineContext, campaign: Campaign, reason: string): Promise<void> {
  try {
    await ctx.store.campaigns.transition(campaign.id, 'done', { from: ['running', 'paused'], reason });
    ctx.log.info({ campaignId: campaign.id, reason }, 'campaign done');
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}
