import type { Rng } from '@actsearch/expr';
import type { SearchDomain } from './search-domain.ts';
import type { Genome } from './types.ts';

/** A lazy Fisher–Yates shuffle over member indices, as JSON: how many drawn, and the displaced slots. */
export interface MemberSamplerState {
  readonly drawn: number;
  readonly swaps: readonly (readonly [number, number])[];
  /** Large spaces: members of the enumeration already scanned (all seen) after sampling kept failing. */
  readonly scanned?: number;
}

export interface Drawn {
  readonly genome: Genome;
  readonly fingerprint: string;
}

/** Consecutive already-seen samples after which a large space is scanned in order instead. */
const MAX_SAMPLE_ATTEMPTS = 256;

/**
 * Uniform draws of members whose function has not been seen. In a small (materialized) space it draws
 * without replacement — a Fisher–Yates shuffle performed one step per draw, whose state is only the
 * slots it displaced — so it exhausts the space exactly. In a large space it samples with replacement
 * (`sample` from the space) and skips seen functions, which is uniform over members up to the
 * vanishing chance of redrawing one; should sampling keep hitting seen functions (a space with few
 * distinct functions), it scans the enumeration for one not seen, so it too ends only when the space
 * is exhausted.
 */
export class MemberSampler {
  private drawn: number;
  private readonly swaps: Map<number, number>;
  private scanned: number;
  private scanner: Iterator<Genome> | undefined;

  constructor(
    private readonly domain: SearchDomain,
    state?: MemberSamplerState,
  ) {
    this.drawn = state?.drawn ?? 0;
    this.swaps = new Map(state?.swaps ?? []);
    this.scanned = state?.scanned ?? 0;
  }

  /** The next unseen member, or undefined when every function of the space has been seen. */
  next(rng: Rng, isSeen: (fingerprint: string) => boolean): Drawn | undefined {
    if (this.domain.isSmall()) {
      const members = this.domain.members();
      const n = members.length;
      while (this.drawn < n) {
        const i = this.drawn;
        const j = i + rng.int(n - i);
        const atJ = this.swaps.get(j) ?? j;
        const atI = this.swaps.get(i) ?? i;
        if (j !== i) this.swaps.set(j, atI);
        this.swaps.delete(i);
        this.drawn++;
        const genome = members[atJ] as Genome;
        const fingerprint = this.domain.fingerprint(genome);
        if (!isSeen(fingerprint)) return { genome, fingerprint };
      }
      return undefined;
    }
    for (let attempt = 0; attempt < MAX_SAMPLE_ATTEMPTS; attempt++) {
      const genome = this.domain.view.sample(rng);
      const fingerprint = this.domain.fingerprint(genome);
      if (!isSeen(fingerprint)) return { genome, fingerprint };
    }
    return this.scan(isSeen);
  }

  private scan(isSeen: (fingerprint: string) => boolean): Drawn | undefined {
    if (this.scanner === undefined) {
      this.scanner = this.domain.view.enumerate()[Symbol.iterator]();
      for (let i = 0; i < this.scanned; i++) if (this.scanner.next().done === true) break;
    }
    for (;;) {
      const r = this.scanner.next();
      if (r.done === true) return undefined;
      this.scanned++;
      const fingerprint = this.domain.fingerprint(r.value);
      // Seen is permanent, so a scanned member never needs a second look.
      if (!isSeen(fingerprint)) return { genome: r.value, fingerprint };
    }
  }

  toJSON(): MemberSamplerState {
    return { drawn: this.drawn, swaps: [...this.swaps], ...(this.scanned > 0 ? { scanned: this.scanned } : {}) };
  }
}
