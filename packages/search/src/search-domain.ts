import type { Expr, Rng } from '@actsearch/expr';
import { ValidationError } from '@actsearch/core';
import type { Genome } from './types.ts';

/**
 * What a strategy needs from a search space, as methods bound to one space. `@actsearch/spaces`
 * provides these as free functions over a loaded space; `spaceView` (space-view.ts) binds them. Tests
 * may implement it directly to make a scenario sharper than any real space allows.
 */
export interface SpaceView {
  /** The space's content hash: a strategy state restores only against the same space. */
  readonly id: string;
  count(): bigint;
  /** The allowed values of the decision after `prefix`; empty once `prefix` is a complete genome. */
  decisionsAt(prefix: Genome): readonly number[];
  /** Every member once, in a deterministic order; lazy, so it may be consumed partially. */
  enumerate(): Iterable<Genome>;
  sample(rng: Rng): Genome;
  mutate(genome: Genome, rng: Rng): Genome;
  crossover(a: Genome, b: Genome, rng: Rng): Genome;
  decode(genome: Genome): Expr;
}

/** How functions are identified and described; the default is built on `@actsearch/expr`. */
export interface Analyzer {
  fingerprint(e: Expr): string;
  /** A fixed-length numeric description of a function, cheap to compute (surrogate's input). */
  featurize(e: Expr): Float64Array;
  /**
   * Optional: how `featurize`'s columns fall into named groups, in order (sizes add up to its length),
   * so a strategy can weight groups (the surrogate's `featureWeights`); without it, one group `all`.
   */
  readonly featureGroups?: readonly FeatureGroup[];
  /** The fingerprint of a function written as text (the surrogate's baselines); undefined if invalid. */
  fingerprintOfText(text: string): string | undefined;
}

export interface FeatureGroup {
  readonly name: string;
  readonly size: number;
}

export interface DomainOptions {
  /** Spaces with at most this many members are materialized (exact uniform sampling, fixed pools). */
  readonly materializeLimit?: number;
}

export interface UniqueMember {
  readonly fingerprint: string;
  /** The first genome of this function in enumeration order. */
  readonly genome: Genome;
}

const DEFAULT_MATERIALIZE_LIMIT = 200_000;
/** Caches of a large space are dropped wholesale past this size (they are pure, so only speed changes). */
const CACHE_LIMIT = 250_000;

export function genomeKey(genome: Genome): string {
  return genome.join(',');
}

/**
 * A space plus the caches every strategy on it shares: fingerprints by genome, features by
 * fingerprint, the materialized member list of small spaces. None of this is strategy state (it is
 * derived from the space alone), so one domain may serve many strategies and many restores.
 */
export class SearchDomain {
  readonly id: string;
  readonly materializeLimit: number;
  private readonly fingerprints = new Map<string, string>();
  private readonly featureCache = new Map<string, Float64Array>();
  private readonly referenceCache = new Map<string, string | undefined>();
  private memberList: Genome[] | undefined;
  private uniqueList: UniqueMember[] | undefined;
  private genomeByFingerprint: Map<string, Genome> | undefined;
  private total: bigint | undefined;

  constructor(
    readonly view: SpaceView,
    readonly analyzer: Analyzer,
    options: DomainOptions = {},
  ) {
    this.id = view.id;
    this.materializeLimit = options.materializeLimit ?? DEFAULT_MATERIALIZE_LIMIT;
  }

  count(): bigint {
    this.total ??= this.view.count();
    return this.total;
  }

  /** True when the space is small enough to hold every member in memory. */
  isSmall(): boolean {
    return this.count() <= BigInt(this.materializeLimit);
  }

  fingerprint(genome: Genome): string {
    const key = genomeKey(genome);
    let fp = this.fingerprints.get(key);
    if (fp === undefined) {
      fp = this.analyzer.fingerprint(this.view.decode(genome));
      if (this.fingerprints.size >= CACHE_LIMIT && !this.isSmall()) this.fingerprints.clear();
      this.fingerprints.set(key, fp);
    }
    return fp;
  }

  /** Features of the function a genome decodes to, cached by fingerprint (equal functions share). */
  features(genome: Genome): Float64Array {
    const fp = this.fingerprint(genome);
    let f = this.featureCache.get(fp);
    if (f === undefined) {
      f = this.analyzer.featurize(this.view.decode(genome));
      if (this.featureCache.size >= CACHE_LIMIT && !this.isSmall()) this.featureCache.clear();
      this.featureCache.set(fp, f);
    }
    return f;
  }

  referenceFingerprint(text: string): string | undefined {
    if (!this.referenceCache.has(text)) this.referenceCache.set(text, this.analyzer.fingerprintOfText(text));
    return this.referenceCache.get(text);
  }

  /** Every member in enumeration order; only for small spaces. */
  members(): readonly Genome[] {
    if (this.memberList === undefined) {
      if (!this.isSmall()) {
        throw new ValidationError(
          `space ${this.id} has ${this.count()} members, more than the ${this.materializeLimit} that can be listed`,
        );
      }
      this.memberList = Array.from(this.view.enumerate(), (g) => g.slice());
    }
    return this.memberList;
  }

  /** One entry per distinct function, in the order its first genome is enumerated; small spaces only. */
  uniqueMembers(): readonly UniqueMember[] {
    if (this.uniqueList === undefined) {
      const byFp = new Map<string, Genome>();
      for (const genome of this.members()) {
        const fp = this.fingerprint(genome);
        if (!byFp.has(fp)) byFp.set(fp, genome);
      }
      this.genomeByFingerprint = byFp;
      this.uniqueList = Array.from(byFp, ([fingerprint, genome]) => ({ fingerprint, genome }));
    }
    return this.uniqueList;
  }

  /** A member whose function has this fingerprint, if the space is small and has one. */
  findByFingerprint(fp: string): Genome | undefined {
    if (!this.isSmall()) return undefined;
    this.uniqueMembers();
    return this.genomeByFingerprint?.get(fp);
  }
}
