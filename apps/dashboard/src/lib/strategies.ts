/**
 * The strategies the form offers (the API has no listing route; test/unit/dashboard checks this list
 * against @actsearch/search's STRATEGY_NAMES). An unknown one would still get the API's field error.
 */
export const STRATEGIES = [
  { id: 'random', label: 'random search' },
  { id: 'evolution', label: 'regularized evolution' },
  { id: 'exhaustive', label: 'exhaustive (every member, in order)' },
  { id: 'controller', label: 'RL controller' },
  { id: 'surrogate', label: 'k-NN surrogate' },
  { id: 'guided', label: 'surrogate-guided evolution' },
  { id: 'halving', label: 'successive halving' },
] as const;
