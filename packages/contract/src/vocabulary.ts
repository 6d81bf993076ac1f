/**
 * The words the wire uses, as plain constants with no zod: the dashboard reads these at run time
 * (`@actsearch/contract/vocabulary`) without bundling a schema library. The store's own lists (Prisma
 * enums) are held equal to these by test/unit/contract/vocabulary.test.ts.
 */

/** queued → running ⇄ paused → done | cancelled | failed (packages/store/src/campaign-status.ts). */
export const CAMPAIGN_STATUSES = ['queued', 'running', 'paused', 'done', 'cancelled', 'failed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CANDIDATE_STATES = ['proposed', 'prescreen_rejected', 'queued', 'evaluated', 'rejected', 'failed', 'reused'] as const;
export type CandidateState = (typeof CANDIDATE_STATES)[number];

/** Training budgets, cheapest first (the proxy's fidelities). */
export const CAMPAIGN_FIDELITIES = ['screen', 'standard', 'full'] as const;
export type CampaignFidelity = (typeof CAMPAIGN_FIDELITIES)[number];
