import { z } from 'zod';
import { BaseStrategy } from '../base-strategy.ts';
import type { BaseState } from '../base-strategy.ts';
import { MemberSampler } from '../member-sampler.ts';
import type { MemberSamplerState } from '../member-sampler.ts';
import type { SearchDomain } from '../search-domain.ts';
import type { Proposal } from '../types.ts';

export const randomConfigSchema = z.object({}).strict();
export type RandomConfig = z.output<typeof randomConfigSchema>;

interface RandomState {
  readonly sampler: MemberSamplerState;
}

/**
 * Random search: members drawn uniformly, without replacement when the space is small enough to list
 * (so it ends exactly when every function has been proposed), skipping functions already proposed.
 * The baseline every other strategy is measured against.
 */
export class RandomStrategy extends BaseStrategy<RandomConfig, RandomState> {
  private readonly sampler: MemberSampler;

  constructor(domain: SearchDomain, config: RandomConfig, seed: number, saved?: { base: BaseState; own: RandomState }) {
    super('random', domain, config, seed, saved?.base);
    this.sampler = new MemberSampler(domain, saved?.own.sampler);
  }

  protected propose(n: number): Proposal[] {
    const out: Proposal[] = [];
    while (out.length < n) {
      const d = this.sampler.next(this.rng, (fp) => this.isSeen(fp));
      if (d === undefined) break;
      out.push(this.emit(d.genome, d.fingerprint, { source: 'sample' }));
    }
    return out;
  }

  protected observe(): void {
    // Random search ignores results by definition.
  }

  protected saveOwn(): RandomState {
    return { sampler: this.sampler.toJSON() };
  }
}
