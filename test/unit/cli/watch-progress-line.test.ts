import { describe, expect, it } from 'vitest';
import type { CampaignBest, CampaignSummary } from '@actsearch/contract';
import { progressLine } from '../../../apps/cli/src/client/watch-campaign.ts';

const campaign = (status: CampaignSummary['status']): CampaignSummary =>
  ({
    status,
    progress: { completed: 12, budget: 12, fraction: 1, prescreenRejected: 3, rejected: 2, failed: 0 },
    finale: null,
    eta: null,
  }) as unknown as CampaignSummary;

const best = { mean: 0.9545, expression: 'min(beta, abs(x))' } as unknown as CampaignBest;

describe("watch's progress line", () => {
  it('marks the best as provisional while the campaign can still change it', () => {
    for (const status of ['queued', 'running', 'paused'] as const) {
      expect(progressLine(campaign(status), best, false)).toContain('best so far 0.9545 min(beta, abs(x)) (provisional)');
    }
  });

  it('calls the best of an ended campaign its best by search score, not provisional', () => {
    for (const status of ['done', 'cancelled', 'failed'] as const) {
      const line = progressLine(campaign(status), best, false);
      expect(line).toContain('best by search score 0.9545 min(beta, abs(x))');
      expect(line).not.toContain('provisional');
    }
  });
});
