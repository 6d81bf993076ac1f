import { z } from 'zod';
import { BaseStrategy } from '../base-strategy.ts';
import type { BaseState } from '../base-strategy.ts';
import type { SearchDomain } from '../search-domain.ts';
import { FIDELITIES } from '../types.ts';
import type { Fidelity, Genome, Proposal, Strategy, StrategyJSON, TrialResult } from '../types.ts';

export const halvingConfigSchema = z
  .object({
    eta: z.number().int().min(2).max(100).default(3).describe('η: each rung keeps the top 1/η of the rung below'),
    fidelities: z
      .array(z.enum(FIDELITIES))
      .min(2)
      .default([...FIDELITIES])
      .refine((f) => new Set(f).size === f.length, 'fidelities must be distinct')
      .describe('the rungs, cheapest first'),
    mode: z
      .enum(['sync', 'async'])
      .default('async')
      .describe(
        "'sync' = successive halving in brackets (a rung is promoted once it is complete: exactly its top ⌊n/η⌋ go up); 'async' = ASHA (a result is promoted as soon as it is in the top ⌊n/η⌋ of its rung so far — no waiting, slightly more promotions)",
      ),
    bracketSize: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(27)
      .describe("sync mode: candidates in a bracket's first rung (27 with η = 3 gives 27 → 9 → 3)"),
    inner: z
      .object({
        strategy: z.enum(['exhaustive', 'random', 'evolution', 'controller', 'surrogate', 'guided']),
        config: z.record(z.string(), z.unknown()).default({}),
      })
      .strict()
      .default({ strategy: 'random', config: {} })
      .describe('the strategy that proposes new candidates for the first rung; it is told their first-rung results'),
  })
  .strict();
export type HalvingConfig = z.output<typeof halvingConfigSchema>;

interface Entry {
  readonly id: string;
  readonly genome: Genome;
  readonly fingerprint: string;
  readonly rung: number;
  readonly bracket: number;
  readonly innerId?: string;
  done: boolean;
  /** null: rejected or failed — ranked last and never promoted. */
  value: number | null;
  promoted: boolean;
}

interface Bracket {
  /** Rung 0 takes no more candidates (it reached bracketSize, or the inner source ran dry). */
  closed: boolean;
}

interface HalvingState {
  readonly entries: readonly Entry[];
  readonly brackets: readonly Bracket[];
  readonly inner: StrategyJSON;
}

/**
 * Successive halving (Jamieson & Talwalkar, 2016) and its asynchronous form ASHA (Li et al., 2020)
 * over the fidelities `screen → standard → full`, wrapping any other strategy as the source of new
 * candidates. A candidate is first proposed at the cheapest fidelity; the top 1/η of each rung are
 * proposed again at the next fidelity (same genome and fingerprint, higher `fidelity`, `parents` =
 * the lower-rung proposal). So, unlike other strategies, it proposes a function more than once — but
 * never the same (function, fidelity) pair twice.
 */
export class HalvingStrategy extends BaseStrategy<HalvingConfig, HalvingState> {
  private readonly entries: Entry[];
  private readonly byId = new Map<string, Entry>();
  private readonly outerOfInner = new Map<string, string>();
  private readonly brackets: Bracket[];

  constructor(
    domain: SearchDomain,
    config: HalvingConfig,
    seed: number,
    private readonly inner: Strategy,
    saved?: { base: BaseState; own: HalvingState },
  ) {
    super('halving', domain, config, seed, saved?.base);
    this.entries = saved === undefined ? [] : saved.own.entries.map((e) => ({ ...e }));
    this.brackets = saved === undefined ? [] : saved.own.brackets.map((b) => ({ ...b }));
    for (const e of this.entries) {
      this.byId.set(e.id, e);
      if (e.innerId !== undefined) this.outerOfInner.set(e.innerId, e.id);
    }
  }

  private get topRung(): number {
    return this.config.fidelities.length - 1;
  }

  protected propose(n: number): Proposal[] {
    const out: Proposal[] = [];
    while (out.length < n) {
      const p = this.promotion() ?? this.fresh();
      if (p === undefined) break;
      out.push(p);
    }
    return out;
  }

  /** The entries of a rung (of one bracket in sync mode), best first; results without score last. */
  private ranked(rung: number, bracket: number | undefined): Entry[] {
    return this.entries
      .filter((e) => e.rung === rung && (bracket === undefined || e.bracket === bracket))
      .map((e, order) => ({ e, order }))
      .sort((a, b) => (b.e.value ?? -Infinity) - (a.e.value ?? -Infinity) || a.order - b.order)
      .map(({ e }) => e);
  }

  private promotion(): Proposal | undefined {
    for (let rung = this.topRung - 1; rung >= 0; rung--) {
      const brackets = this.config.mode === 'async' ? [undefined] : this.brackets.map((_, i) => i);
      for (const bracket of brackets) {
        const candidate = this.promotable(rung, bracket);
        if (candidate !== undefined) return this.promote(candidate);
      }
    }
    return undefined;
  }

  private promotable(rung: number, bracket: number | undefined): Entry | undefined {
    const members = this.ranked(rung, bracket);
    if (this.config.mode === 'sync') {
      // A rung is decided only when it can grow no more and every result is in.
      const closed = rung === 0 ? (this.brackets[bracket as number] as Bracket).closed : this.rungClosed(rung, bracket as number);
      if (!closed || members.some((e) => !e.done)) return undefined;
    }
    const done = members.filter((e) => e.done);
    const quota = Math.floor(done.length / this.config.eta);
    return done.slice(0, quota).find((e) => !e.promoted && e.value !== null);
  }

  /** Sync mode: rung k > 0 is complete once the rung below is decided and all its promotions are issued. */
  private rungClosed(rung: number, bracket: number): boolean {
    const below = rung - 1;
    const closedBelow = below === 0 ? (this.brackets[bracket] as Bracket).closed : this.rungClosed(below, bracket);
    const members = this.ranked(below, bracket);
    if (!closedBelow || members.some((e) => !e.done)) return false;
    const quota = Math.floor(members.length / this.config.eta);
    return members.slice(0, quota).every((e) => e.promoted || e.value === null);
  }

  private promote(from: Entry): Proposal {
    from.promoted = true;
    const rung = from.rung + 1;
    const fidelity = this.config.fidelities[rung] as Fidelity;
    const p = this.emit(from.genome, from.fingerprint, { source: 'promotion', rung, parents: [from.id] }, fidelity);
    this.record({
      id: p.id,
      genome: p.genome,
      fingerprint: p.fingerprint,
      rung,
      bracket: from.bracket,
      done: false,
      value: null,
      promoted: false,
    });
    return p;
  }

  private fresh(): Proposal | undefined {
    let bracket = this.brackets.length - 1;
    if (this.config.mode === 'async') {
      if (bracket < 0) this.brackets.push({ closed: false });
      bracket = 0;
    } else if (bracket < 0 || (this.brackets[bracket] as Bracket).closed) {
      this.brackets.push({ closed: false });
      bracket = this.brackets.length - 1;
    }
    const [source] = this.inner.ask(1);
    if (source === undefined) {
      // The source ran dry: close the bracket so what it holds can still be decided.
      const b = this.brackets[bracket] as Bracket;
      if (!b.closed && this.entries.some((e) => e.bracket === bracket)) b.closed = true;
      else if (!b.closed) this.brackets.pop();
      return undefined;
    }
    if (this.isSeen(source.fingerprint, this.config.fidelities[0])) {
      throw new Error(`inner strategy ${this.inner.name} proposed ${source.fingerprint} twice`);
    }
    const parents = (source.meta.parents ?? []).flatMap((id) => {
      const outer = this.outerOfInner.get(id);
      return outer === undefined ? [] : [outer];
    });
    const meta = { ...source.meta, rung: 0, ...(source.meta.parents === undefined ? {} : { parents }) };
    const p = this.emit(source.genome, source.fingerprint, meta, this.config.fidelities[0]);
    this.record({
      id: p.id,
      genome: p.genome,
      fingerprint: p.fingerprint,
      rung: 0,
      bracket,
      innerId: source.id,
      done: false,
      value: null,
      promoted: false,
    });
    this.outerOfInner.set(source.id, p.id);
    if (
      this.config.mode === 'sync' &&
      this.entries.filter((e) => e.bracket === bracket && e.rung === 0).length >= this.config.bracketSize
    ) {
      (this.brackets[bracket] as Bracket).closed = true;
    }
    return p;
  }

  private record(e: Entry): void {
    this.entries.push(e);
    this.byId.set(e.id, e);
  }

  protected observe(proposal: Proposal, result: TrialResult): void {
    const e = this.byId.get(proposal.id);
    if (e === undefined) return;
    e.done = true;
    e.value = result.kind === 'score' ? result.value : null;
    if (e.innerId !== undefined) this.inner.tell(e.innerId, result);
  }

  /** Entries per rung (for inspection and tests): how many were proposed at each fidelity. */
  rungSizes(): number[] {
    return this.config.fidelities.map((_, rung) => this.entries.filter((e) => e.rung === rung).length);
  }

  protected saveOwn(): HalvingState {
    return { entries: this.entries.map((e) => ({ ...e })), brackets: this.brackets.map((b) => ({ ...b })), inner: this.inner.toJSON() };
  }
}
