import type { ExpressionKind } from '@actsearch/expr';
import type { SpaceLookup } from '../context.ts';

/**
 * What a campaign searched: the kind of its space (`kind: layer` in the space file makes a layer
 * campaign). A campaign over a space this process's catalog does not have (a `--spaces` folder no
 * longer loaded) reads as an activation campaign; its candidates and rows still carry their own kind.
 */
export function campaignKind(spaceId: string, spaces: SpaceLookup | undefined): ExpressionKind {
  return spaces?.has(spaceId) === true && spaces.get(spaceId).kind === 'layer' ? 'layer' : 'activation';
}
