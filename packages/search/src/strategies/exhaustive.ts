import { z } from 'zod';
import { Rng } from '@actsearch/expr';
import type { RngState } from '@actsearch/expr';
import { BaseStrategy } from '../base-strategy.ts';
import type { BaseState } from '../base-strategy.ts';
import type { SearchDomain } from '../search-domain.ts';
import type { Genome, Proposal } from '../types.ts';

export const exhaustiveConfigSchema = z
  .object({
    order: z
      .enum(['enumeration', 'shuffled'])
      .default('shuffled')
      .describe(
        "'enumeration' walks the space in its own deterministic order (the Swish paper's exhaustive sweep); " +
          "'shuffled' walks it in a seeded random order, so a sweep cut short is still a fair sample",
      ),
    blockSize: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(100_000)
      .describe(
        'shuffled order permutes the enumeration in consecutive blocks of this many members (a space no larger than one block is shuffled as a whole); memory grows with it',
      ),
  })
  .strict();
export type ExhaustiveConfig = z.output<typeof exhaustiveConfigSchema>;

interface ExhaustiveState {
  /** Members of the enumeration before the current block. */
  readonly blockStart: number;
  /** The Rng state that shuffled the current block (null: no block loaded yet, or enumeration order). */
  readonly blockRng: RngState | null;
  readonly blockLoaded: boolean;
  readonly offset: number;
  readonly exhausted: boolean;
}

/**
 * Exhaustive search: every member of the space once, skipping members whose function (fingerprint)
 * was already proposed, until the space is exhausted. Its state is a cursor into the enumeration, so
 * it walks spaces of any size lazily.
 */
export class ExhaustiveStrategy extends BaseStrategy<ExhaustiveConfig, ExhaustiveState> {
  private iterator: Iterator<Genome> | undefined;
  private block: Genome[] = [];
  private blockStart = 0;
  private blockRng: RngState | null = null;
  private blockLoaded = false;
  private offset = 0;
  private exhausted = false;

  constructor(domain: SearchDomain, config: ExhaustiveConfig, seed: number, saved?: { base: BaseState; own: ExhaustiveState }) {
    super('exhaustive', domain, config, seed, saved?.base);
    if (saved !== undefined) {
      const s = saved.own;
      this.blockStart = s.blockStart;
      this.blockRng = s.blockRng;
      this.offset = s.offset;
      this.exhausted = s.exhausted;
      if (s.blockLoaded) {
        // Replay: skip to the block, read it again and shuffle it with the Rng state that shuffled it.
        this.iterator = domain.view.enumerate()[Symbol.iterator]();
        for (let i = 0; i < this.blockStart; i++) {
          if (this.iterator.next().done === true) break;
        }
        this.block = this.readBlock(s.blockRng === null ? undefined : Rng.fromState(s.blockRng));
        this.blockLoaded = true;
      }
    }
  }

  private readBlock(shuffler: Rng | undefined): Genome[] {
    const it = (this.iterator ??= this.domain.view.enumerate()[Symbol.iterator]());
    const block: Genome[] = [];
    while (block.length < this.config.blockSize) {
      const r = it.next();
      if (r.done === true) break;
      block.push(r.value);
    }
    return shuffler === undefined ? block : shuffler.shuffle(block);
  }

  protected propose(n: number): Proposal[] {
    const out: Proposal[] = [];
    while (out.length < n && !this.exhausted) {
      if (!this.blockLoaded || this.offset >= this.block.length) {
        if (this.blockLoaded) this.blockStart += this.block.length;
        const shuffled = this.config.order === 'shuffled';
        this.blockRng = shuffled ? this.rng.state() : null;
        this.block = this.readBlock(shuffled ? this.rng : undefined);
        this.blockLoaded = true;
        this.offset = 0;
        if (this.block.length === 0) {
          this.exhausted = true;
          break;
        }
      }
      const genome = this.block[this.offset++] as Genome;
      const fingerprint = this.domain.fingerprint(genome);
      if (this.isSeen(fingerprint)) continue;
      out.push(this.emit(genome, fingerprint, { source: 'enumeration' }));
    }
    return out;
  }

  protected observe(): void {
    // The sweep's order is fixed in advance; results do not change it.
  }

  protected saveOwn(): ExhaustiveState {
    return {
      blockStart: this.blockStart,
      blockRng: this.blockRng,
      blockLoaded: this.blockLoaded,
      offset: this.offset,
      exhausted: this.exhausted,
    };
  }
}
