/**
 * The vocabulary every strategy speaks. A strategy is an ask/tell object in the manner of Optuna's
 * samplers: it proposes genomes and learns from the results it is told, and nothing else — it never
 * sees storage, queues or clocks, so the engine can persist its JSON state between any two calls.
 */

/** A member of a space: the sequence of its categorical decisions (see `@actsearch/spaces`). */
export type Genome = readonly number[];

/** Training budgets, cheapest first; `halving` promotes candidates from one to the next. */
export const FIDELITIES = ['screen', 'standard', 'full'] as const;
export type Fidelity = (typeof FIDELITIES)[number];

/** What the dashboard needs to draw lineage and explain a choice; every field is optional. */
export interface ProposalMeta {
  /** Which mechanism produced it: `initial`, `enumeration`, `sample`, `mutation`, `crossover`,
   * `policy`, `baseline`, `seed`, `acquisition`, `promotion`, `fallback`. */
  readonly source?: string;
  readonly generation?: number;
  /** Ids of the proposals this one was derived from (parents, or the lower rung it was promoted from). */
  readonly parents?: readonly string[];
  /** The model's predicted score (surrogate). */
  readonly predicted?: number;
  /** The probability of the genome's token sequence under the policy when it was sampled (controller). */
  readonly probability?: number;
  readonly uncertainty?: number;
  readonly acquisition?: number;
  /** Halving: the rung index (0 = the first fidelity). */
  readonly rung?: number;
  /** The name of a baseline this proposal reproduces (surrogate). */
  readonly baseline?: string;
}

export interface Proposal {
  /** Unique within one strategy's life (it survives serialization); tell() takes it back. */
  readonly id: string;
  readonly genome: Genome;
  /** `fingerprint(decode(space, genome))`: the identity of the function proposed. */
  readonly fingerprint: string;
  /** Set only by strategies that choose a budget (halving); otherwise the campaign's default. */
  readonly fidelity?: Fidelity;
  readonly meta: ProposalMeta;
}

/**
 * The outcome of evaluating a proposal. Scores are "higher is better". A multi-task evaluation may
 * also carry one score per task in `values` (used by evolution's Pareto tournament); `value` is then
 * their aggregate (e.g. the mean), which single-objective strategies use.
 */
export type TrialResult =
  | { readonly kind: 'score'; readonly value: number; readonly values?: readonly number[] }
  | { readonly kind: 'rejected'; readonly test: string; readonly reason: string }
  | { readonly kind: 'failed'; readonly error: string };

/** The serialized form of a strategy: plain JSON, restored by `restoreStrategy`. */
export interface StrategyJSON {
  readonly strategy: string;
  readonly version: number;
  /** The space's content hash; a state only restores against the same space. */
  readonly spaceId: string;
  readonly seed: number;
  readonly config: unknown;
  readonly state: unknown;
}

export interface Strategy {
  readonly name: string;
  /**
   * Up to `n` new proposals. Fewer only when the strategy has nothing left to propose (the space is
   * exhausted, or — for halving — nothing can be promoted until pending results come back).
   */
  ask(n: number): Proposal[];
  /** Report the outcome of an asked proposal. Unknown ids and second reports are errors. */
  tell(proposalId: string, result: TrialResult): void;
  /** Ids asked but not told yet, in the order they were asked. */
  pending(): string[];
  toJSON(): StrategyJSON;
}
