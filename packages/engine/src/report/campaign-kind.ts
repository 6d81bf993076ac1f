import type { CandidateKind } from '@actsearch/expr';
import type { Campaign } from '@actsearch/store';

/**
 * What a campaign searched, from its stored spec: `submitCampaign` records `kind: 'layer'` for a
 * campaign over a layer space (docs/layers.md) and nothing for activations, so every campaign stored
 * before layers reads as an activation campaign. Read from the stored JSON as written, so views and
 * reports need no space catalog.
 */
export function campaignKindOf(campaign: Pick<Campaign, 'spec'>): CandidateKind {
  const { spec } = campaign;
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec) && spec.kind === 'layer' ? 'layer' : 'activation';
}
