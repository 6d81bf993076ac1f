import { z } from 'zod';
import { BaseStrategy } from '../base-strategy.ts';
import type { BaseState } from '../base-strategy.ts';
import { featureSpace } from '../feature-space.ts';
import { distance, gammaDraw, insertNeighbour, scoredPrediction } from '../knn-model.ts';
import type { Neighbour, Prediction } from '../knn-model.ts';
import { MemberSampler } from '../member-sampler.ts';
import type { MemberSamplerState } from '../member-sampler.ts';
import type { SearchDomain } from '../search-domain.ts';
import { tournamentWinner } from '../tournament.ts';
import type { Genome, Proposal, TrialResult } from '../types.ts';

export const guidedConfigSchema = z
  .object({
    populationSize: z
      .number()
      .int()
      .min(2)
      .max(100_000)
      .default(16)
      .describe(
        'P: how many of the most recently scored candidates form the population; the oldest dies when a child joins (aging, as evolution)',
      ),
    tournamentSize: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(8)
      .describe('S: how many population members a tournament samples; the best of them is a parent (larger S = greedier)'),
    initialRandom: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .default(4)
      .describe(
        'random members proposed before the first child (random is used anyway while nothing has been scored). ' +
          'The model chooses the children, so a small start pays: 4 rather than 16 took the tuning table from 33 to 21 evaluations to its top 1 % (300 seeds)',
      ),
    candidates: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(16)
      .describe(
        'unseen mutants (each of its own tournament winner) the model scores per child; the best acquisition is proposed. 1 = regularized evolution, with the model unused. ' +
          'On the tuning table 8 and 16 are alike, 32 worse (too local: 40 evaluations to its top 1 %, 100 seeds)',
      ),
    globalPicks: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .default(0)
      .describe(
        'after the initial random members, this many proposals are the model’s pick among every unseen function (small spaces; 500 random members in a large one), ' +
          'as the surrogate would choose: the surrogate seeds the population, evolution takes over from there. ' +
          'On the tuning table 4 and 8 give 22 / 45.5 and 22 / 43 evaluations to its top 1 % / top 10 against 21 / 43 with none (300 seeds): no better, so 0',
      ),
    randomCandidates: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .default(0)
      .describe('unseen random members scored beside the mutants, so the model may also jump away from the population'),
    neighbours: z.number().int().min(1).max(1_000).default(3).describe('k of the k-nearest-neighbour model (as the surrogate)'),
    exploration: z
      .number()
      .min(0)
      .max(100)
      .default(0.5)
      .describe('κ of the UCB acquisition mean + κ·uncertainty; the mean of its Gamma draws when `explorationShape` is set'),
    explorationShape: z
      .number()
      .positive()
      .max(1_000_000)
      .nullable()
      .default(1)
      .describe(
        'κ is drawn before every child from a Gamma distribution of this shape and mean `exploration` (randomised UCB); null = κ fixed',
      ),
    featureWeights: z
      .record(z.string().min(1), z.number().min(0).max(100))
      .default({ probes: 1, network: 2 })
      .describe("weight of each of the analyzer's feature groups in the k-NN distance (as the surrogate's; a group not named weighs 1)"),
  })
  .strict();
export type GuidedConfig = z.output<typeof guidedConfigSchema>;

interface Individual {
  readonly id: string;
  readonly genome: Genome;
  readonly value: number;
}

interface Observation {
  readonly genome: Genome;
  /** null: rejected. */
  readonly value: number | null;
}

interface GuidedState {
  /** Oldest first. */
  readonly population: readonly Individual[];
  readonly observations: readonly Observation[];
  readonly randomIssued: number;
  readonly globalIssued: number;
  readonly sampler: MemberSamplerState;
}

const GLOBAL_SAMPLE = 500;

interface Candidate {
  readonly genome: Genome;
  readonly fingerprint: string;
  readonly parent?: string;
  /** Already embedded (the small-space pool's). */
  readonly features?: Float64Array;
}

/**
 * Surrogate-guided regularized evolution: the population, tournaments and aging of `evolution`, but
 * each child is chosen, among `candidates` unseen mutants of tournament winners, by the surrogate's
 * model — k-NN over the same weighted function features (feature-space.ts), its feasibility-weighted
 * UCB with a randomised κ — fitted on every result told. Evolution proposes where good functions have
 * been (local, robust across landscapes); the model says which of those neighbours looks best, so
 * the evaluations a plain mutation would waste on a poor or rejected neighbour are spent elsewhere.
 * The mutants are few (16 by default) and scored against every observation directly, so a child costs
 * O(candidates × results), whatever the size of the space.
 *
 * Pending proposals are not believed by the model: a batch spreads out through its different
 * tournaments, and nothing is proposed twice.
 */
export class GuidedStrategy extends BaseStrategy<GuidedConfig, GuidedState> {
  private readonly population: Individual[];
  private readonly observations: Observation[];
  private readonly embedded: Float64Array[];
  private randomIssued: number;
  private globalIssued: number;
  private readonly sampler: MemberSampler;

  constructor(domain: SearchDomain, config: GuidedConfig, seed: number, saved?: { base: BaseState; own: GuidedState }) {
    super('guided', domain, config, seed, saved?.base);
    const s = saved?.own;
    this.population = s === undefined ? [] : s.population.map((i) => ({ ...i }));
    this.observations = s === undefined ? [] : s.observations.map((o) => ({ ...o }));
    this.embedded = this.observations.map((o) => this.features(o.genome));
    this.randomIssued = s?.randomIssued ?? 0;
    this.globalIssued = s?.globalIssued ?? 0;
    this.sampler = new MemberSampler(domain, s?.sampler);
  }

  private features(genome: Genome): Float64Array {
    return featureSpace(this.domain, this.config.featureWeights).embed(this.domain.features(genome));
  }

  protected propose(n: number): Proposal[] {
    const out: Proposal[] = [];
    while (out.length < n) {
      const initial = this.population.length === 0 || this.randomIssued < this.config.initialRandom;
      const p = initial ? this.randomMember() : this.child();
      if (p === undefined) break;
      out.push(p);
    }
    return out;
  }

  private randomMember(): Proposal | undefined {
    const d = this.sampler.next(this.rng, (fp) => this.isSeen(fp));
    if (d === undefined) return undefined;
    this.randomIssued++;
    return this.emit(d.genome, d.fingerprint, { source: 'initial' });
  }

  /** Up to `candidates` distinct unseen mutants (20 tries each) and `randomCandidates` random members. */
  private gather(): Candidate[] {
    const view = this.domain.view;
    const out: Candidate[] = [];
    const taken = new Set<string>();
    for (let tries = 0; out.length < this.config.candidates && tries < this.config.candidates * 20; tries++) {
      const parent = tournamentWinner(this.population, this.config.tournamentSize, this.rng);
      const genome = view.mutate(parent.genome, this.rng);
      const fingerprint = this.domain.fingerprint(genome);
      if (this.isSeen(fingerprint) || taken.has(fingerprint)) continue;
      taken.add(fingerprint);
      out.push({ genome, fingerprint, parent: parent.id });
    }
    for (let r = 0; r < this.config.randomCandidates; r++) {
      const genome = view.sample(this.rng);
      const fingerprint = this.domain.fingerprint(genome);
      if (this.isSeen(fingerprint) || taken.has(fingerprint)) continue;
      taken.add(fingerprint);
      out.push({ genome, fingerprint });
    }
    return out;
  }

  /** Every unseen function of a small space, or `GLOBAL_SAMPLE` unseen random members of a large one. */
  private everyUnseen(): Candidate[] {
    const pool = featureSpace(this.domain, this.config.featureWeights).pool;
    if (pool !== undefined) return pool.filter((c) => !this.isSeen(c.fingerprint));
    const out: Candidate[] = [];
    const taken = new Set<string>();
    for (let r = 0; r < GLOBAL_SAMPLE; r++) {
      const genome = this.domain.view.sample(this.rng);
      const fingerprint = this.domain.fingerprint(genome);
      if (this.isSeen(fingerprint) || taken.has(fingerprint)) continue;
      taken.add(fingerprint);
      out.push({ genome, fingerprint });
    }
    return out;
  }

  private child(): Proposal | undefined {
    const global = this.globalIssued < this.config.globalPicks && this.observations.length >= 2;
    if (global) this.globalIssued++;
    const candidates = global ? this.everyUnseen() : this.gather();
    if (candidates.length === 0) return this.randomMember();
    const { exploration, explorationShape } = this.config;
    const kappa =
      explorationShape === null || exploration === 0 ? exploration : gammaDraw(this.rng, explorationShape, exploration / explorationShape);
    if (candidates.length === 1 || this.observations.length < 2) return this.emitCandidate(candidates[0] as Candidate, undefined, 0);

    // The surrogate's 'feasibility' model: the k-NN share of scored neighbours times UCB over the
    // scored ones, the rest at the lowest score.
    const nObs = this.observations.length;
    const valueAt = new Float64Array(nObs);
    const scoredAt = new Uint8Array(nObs);
    const scored: number[] = [];
    for (let i = 0; i < nObs; i++) {
      const v = (this.observations[i] as Observation).value;
      if (v !== null) {
        valueAt[i] = v;
        scoredAt[i] = 1;
        scored.push(v);
      }
    }
    const floor = scored.length > 0 ? Math.min(...scored) : 0;
    for (let i = 0; i < nObs; i++) if (scoredAt[i] === 0) valueAt[i] = floor;
    const mean = scored.length > 0 ? scored.reduce((a, b) => a + b, 0) / scored.length : 0;
    const prior: Prediction = { mean, sd: Math.sqrt(scored.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, scored.length)) };
    const feasiblePrior = scored.length / nObs;
    const fs = featureSpace(this.domain, this.config.featureWeights);
    const eps = 1e-9 * (fs.lengthScale || 1);
    const k = this.config.neighbours;

    let best: { c: Candidate; acq: number; pred: Prediction } | undefined;
    for (const c of candidates) {
      const x = c.features ?? this.features(c.genome);
      const nb: Neighbour[] = [];
      for (let i = 0; i < nObs; i++) insertNeighbour(nb, { distance: distance(x, this.embedded[i] as Float64Array), observation: i }, k);
      let sw = 0;
      let sf = 0;
      for (const n of nb) {
        const w = 1 / (n.distance + eps);
        sw += w;
        if (scoredAt[n.observation] === 1) sf += w;
      }
      const feasible = (sf + feasiblePrior) / (sw + 1);
      const pred = scoredPrediction(nb, valueAt, scoredAt, fs.lengthScale, prior);
      const acq = feasible * (pred.mean + kappa * pred.sd) + (1 - feasible) * floor;
      if (best === undefined || acq > best.acq) best = { c, acq, pred };
    }
    const chosen = best as { c: Candidate; acq: number; pred: Prediction };
    return this.emitCandidate(chosen.c, chosen.pred, chosen.acq);
  }

  private emitCandidate(c: Candidate, pred: Prediction | undefined, acquisition: number): Proposal {
    return this.emit(c.genome, c.fingerprint, {
      source: c.parent !== undefined ? 'mutation' : pred !== undefined ? 'acquisition' : 'sample',
      ...(c.parent === undefined ? {} : { parents: [c.parent] }),
      ...(pred === undefined ? {} : { predicted: pred.mean, uncertainty: pred.sd, acquisition }),
    });
  }

  protected observe(proposal: Proposal, result: TrialResult): void {
    if (result.kind === 'failed') return; // says nothing about the function
    const value = result.kind === 'score' ? result.value : null;
    this.observations.push({ genome: proposal.genome, value });
    this.embedded.push(this.features(proposal.genome));
    if (value === null) return; // rejected: never a parent
    this.population.push({ id: proposal.id, genome: proposal.genome, value });
    while (this.population.length > this.config.populationSize) this.population.shift();
  }

  protected saveOwn(): GuidedState {
    return {
      population: this.population,
      observations: this.observations,
      randomIssued: this.randomIssued,
      globalIssued: this.globalIssued,
      sampler: this.sampler.toJSON(),
    };
  }
}
