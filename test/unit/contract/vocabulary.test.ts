import { describe, expect, it } from 'vitest';
import { CAMPAIGN_FIDELITIES, CAMPAIGN_STATUSES, CANDIDATE_STATES } from '@actsearch/contract/vocabulary';
import { CAMPAIGN_STATUSES as STORE_STATUSES, CANDIDATE_STATES as STORE_STATES } from '@actsearch/store';
import { FIDELITIES } from '@actsearch/proxy';

// The contract spells the wire's words out (the dashboard may not import the store's Prisma enums);
// these hold the two spellings together.
describe('the wire vocabulary', () => {
  it('names the campaign statuses the store knows, in its order', () => {
    expect([...CAMPAIGN_STATUSES]).toEqual([...STORE_STATUSES]);
  });

  it('names the candidate states the store knows, in its order', () => {
    expect([...CANDIDATE_STATES]).toEqual([...STORE_STATES]);
  });

  it("names the proxy's fidelities, cheapest first", () => {
    expect([...CAMPAIGN_FIDELITIES]).toEqual([...FIDELITIES]);
  });
});
