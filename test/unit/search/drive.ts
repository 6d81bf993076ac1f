/** A deterministic evaluation loop for the search tests: ask, score by a fixed rule, tell. */
import type { Proposal, Strategy, TrialResult } from '@actsearch/search';

export type Objective = (p: Proposal) => TrialResult;

export interface DriveLog {
  readonly proposals: Proposal[];
  /** Sizes of every ask's answer, in order. */
  readonly sizes: number[];
}

/**
 * `rounds` asks of `batch` proposals; each round tells every pending proposal except the newest one
 * (so results arrive late and out of batch), and the last round tells everything.
 */
export function drive(strategy: Strategy, objective: Objective, rounds: number, batch: number): DriveLog {
  const proposals: Proposal[] = [];
  const sizes: number[] = [];
  let queue: Proposal[] = [];
  for (let r = 0; r < rounds; r++) {
    const got = strategy.ask(batch);
    sizes.push(got.length);
    proposals.push(...got);
    queue.push(...got);
    const keep = r === rounds - 1 ? 0 : 1;
    const tellNow = queue.slice(0, Math.max(0, queue.length - keep));
    queue = queue.slice(tellNow.length);
    for (const p of tellNow.reverse()) strategy.tell(p.id, objective(p));
  }
  return { proposals, sizes };
}

/** Ask one at a time and tell at once, until `budget` proposals or the strategy runs dry. */
export function sequential(strategy: Strategy, objective: Objective, budget: number): Proposal[] {
  const out: Proposal[] = [];
  while (out.length < budget) {
    const [p] = strategy.ask(1);
    if (p === undefined) break;
    out.push(p);
    strategy.tell(p.id, objective(p));
  }
  return out;
}

export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}
