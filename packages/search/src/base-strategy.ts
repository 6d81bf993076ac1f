import { Rng } from '@actsearch/expr';
import { ConflictError, NotFoundError, ValidationError } from '@actsearch/core';
import type { RngState } from '@actsearch/expr';
import type { SearchDomain } from './search-domain.ts';
import { parseTrialResult } from './trial-result.ts';
import type { Fidelity, Genome, Proposal, ProposalMeta, Strategy, StrategyJSON, TrialResult } from './types.ts';

/** The bookkeeping every strategy shares, serialized under `state.base`. */
export interface BaseState {
  readonly nextId: number;
  readonly rng: RngState;
  readonly pending: readonly Proposal[];
  /** Dedupe keys already proposed: the fingerprint, or `fingerprint@fidelity` when a fidelity is set. */
  readonly seen: readonly string[];
}

export interface SavedState<S> {
  readonly base: BaseState;
  readonly own: S;
}

export const STATE_VERSION = 1;

function dedupeKey(fingerprint: string, fidelity: Fidelity | undefined): string {
  return fidelity === undefined ? fingerprint : `${fingerprint}@${fidelity}`;
}

/**
 * The abstract base of every strategy (Optuna's BaseSampler in spirit): it owns ids, the pending set,
 * the seen set, the seeded Rng and result validation, so a subclass only decides what to propose
 * (`propose`) and what to learn (`observe`). Subclasses restore their own state in their constructor
 * after calling `super`, from the `own` part of a saved state.
 */
export abstract class BaseStrategy<C, S> implements Strategy {
  protected readonly rng: Rng;
  private nextId: number;
  private readonly pendingById = new Map<string, Proposal>();
  private readonly seen = new Set<string>();

  protected constructor(
    readonly name: string,
    protected readonly domain: SearchDomain,
    readonly config: C,
    readonly seed: number,
    saved: BaseState | undefined,
    private readonly idPrefix = 'p',
  ) {
    if (!Number.isSafeInteger(seed)) throw new ValidationError(`seed must be an integer, got ${seed}`);
    if (saved === undefined) {
      this.rng = new Rng(seed);
      this.nextId = 1;
    } else {
      this.rng = Rng.fromState(saved.rng);
      this.nextId = saved.nextId;
      for (const p of saved.pending) this.pendingById.set(p.id, p);
      for (const k of saved.seen) this.seen.add(k);
    }
  }

  ask(n: number): Proposal[] {
    if (!Number.isSafeInteger(n) || n < 0) throw new ValidationError(`ask(n) needs a non-negative integer, got ${n}`);
    if (n === 0) return [];
    const out = this.propose(n);
    if (out.length > n) throw new Error(`${this.name} proposed ${out.length} for ask(${n})`);
    return out;
  }

  tell(proposalId: string, result: TrialResult): void {
    const checked = parseTrialResult(result);
    const proposal = this.pendingById.get(proposalId);
    if (proposal === undefined) {
      const m = new RegExp(`^${this.idPrefix}(\\d+)$`).exec(proposalId);
      if (m !== null && Number(m[1]) >= 1 && Number(m[1]) < this.nextId) {
        throw new ConflictError(`proposal ${proposalId} was already told`);
      }
      throw new NotFoundError(`no proposal ${proposalId} was asked from this ${this.name} strategy`);
    }
    this.pendingById.delete(proposalId);
    this.observe(proposal, checked);
  }

  pending(): string[] {
    return [...this.pendingById.keys()];
  }

  toJSON(): StrategyJSON {
    const base: BaseState = {
      nextId: this.nextId,
      rng: this.rng.state(),
      pending: [...this.pendingById.values()],
      seen: [...this.seen],
    };
    return {
      strategy: this.name,
      version: STATE_VERSION,
      spaceId: this.domain.id,
      seed: this.seed,
      config: this.config,
      state: { base, own: this.saveOwn() },
    };
  }

  /** Whether a function (at a fidelity) has been proposed before by this strategy. */
  protected isSeen(fingerprint: string, fidelity?: Fidelity): boolean {
    return this.seen.has(dedupeKey(fingerprint, fidelity));
  }

  protected pendingProposals(): Proposal[] {
    return [...this.pendingById.values()];
  }

  /** Mint a proposal, register it as pending and mark its function seen. */
  protected emit(genome: Genome, fingerprint: string, meta: ProposalMeta, fidelity?: Fidelity): Proposal {
    const key = dedupeKey(fingerprint, fidelity);
    if (this.seen.has(key)) throw new Error(`${this.name} tried to propose ${key} twice`);
    const proposal: Proposal = {
      id: `${this.idPrefix}${this.nextId++}`,
      genome: genome.slice(),
      fingerprint,
      ...(fidelity === undefined ? {} : { fidelity }),
      meta,
    };
    this.seen.add(key);
    this.pendingById.set(proposal.id, proposal);
    return proposal;
  }

  /** At most `n` new proposals, each minted with `emit`. */
  protected abstract propose(n: number): Proposal[];
  /** Learn from the result of one of this strategy's proposals (already validated, no longer pending). */
  protected abstract observe(proposal: Proposal, result: TrialResult): void;
  protected abstract saveOwn(): S;
}
