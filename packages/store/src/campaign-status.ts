import type { CampaignStatus } from './client.ts';

/** queued → running ⇄ paused → done | cancelled | failed (docs/architecture.md, "Identities"). */
const NEXT: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  queued: ['running', 'paused', 'cancelled', 'failed'],
  running: ['paused', 'done', 'cancelled', 'failed'],
  // A paused campaign lets running evaluations finish; the last of them may complete the budget.
  paused: ['running', 'done', 'cancelled', 'failed'],
  done: [],
  cancelled: [],
  failed: [],
};

export const CAMPAIGN_STATUSES = Object.keys(NEXT) as readonly CampaignStatus[];

export function isTerminalStatus(status: CampaignStatus): boolean {
  return NEXT[status].length === 0;
}

export function canTransition(from: CampaignStatus, to: CampaignStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses a campaign may be in to move to `to`. */
export function statusesLeadingTo(to: CampaignStatus): CampaignStatus[] {
  return CAMPAIGN_STATUSES.filter((from) => canTransition(from, to));
}
