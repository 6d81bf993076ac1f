import { z } from 'zod';
import { BaseStrategy } from '../base-strategy.ts';
import type { BaseState } from '../base-strategy.ts';
import { expectedImprovement, gammaDraw, insertNeighbour, KnnIndex, distance, predict, scoredPrediction } from '../knn-model.ts';
import type { Prediction } from '../knn-model.ts';
import { featureSpace } from '../feature-space.ts';
import type { FeatureSpace, PoolItem } from '../feature-space.ts';
import { GpIndex } from '../gp-model.ts';
import { MemberSampler } from '../member-sampler.ts';
import type { MemberSamplerState } from '../member-sampler.ts';
import type { SearchDomain } from '../search-domain.ts';
import type { Genome, Proposal, TrialResult } from '../types.ts';

/** The standard baselines AQuaSurF evaluates first. */
export const DEFAULT_BASELINES: readonly string[] = [
  'relu(x)',
  'elu(x)',
  'selu(x)',
  'sigmoid(x)',
  'softplus(x)',
  'softsign(x)',
  'swish(x)',
  'tanh(x)',
];

export const surrogateConfigSchema = z
  .object({
    baselines: z
      .array(z.string().min(1))
      .max(1_000)
      .default([...DEFAULT_BASELINES])
      .describe(
        'functions (as expression text) proposed first, each as the first member of the space that computes it; skipped when no member does (or the space is too large to search)',
      ),
    seeds: z
      .array(z.array(z.number().int().min(0)))
      .max(10_000)
      .default([])
      .describe(
        'genomes proposed right after the baselines: explicitly allowed starting points, e.g. baselines in a space too large to search',
      ),
    initialRandom: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .default(0)
      .describe(
        'random members proposed after baselines and seeds, before the model chooses (AQuaSurF: none; random is used anyway while fewer than 2 results are known)',
      ),
    neighbours: z
      .number()
      .int()
      .min(1)
      .max(1_000)
      .default(3)
      .describe("k of the k-nearest-neighbour regressor (with model 'gp', of the feasibility estimate only)"),
    model: z
      .enum(['knn', 'gp'])
      .default('knn')
      .describe(
        "the regressor of the scores: 'knn' = inverse-distance-weighted k nearest neighbours, uncertainty from their spread and distance; " +
          "'gp' = a Gaussian process (squared-exponential kernel over the weighted features, incremental Cholesky, gp-model.ts), " +
          'its posterior mean and standard deviation; pending proposals are not believed by the GP (a batch is its top candidates)',
      ),
    gpLengthScale: z
      .number()
      .positive()
      .max(1_000)
      .default(2)
      .describe("model 'gp': the kernel's length scale as a multiple of the candidates' median nearest-neighbour distance"),
    gpNoise: z
      .number()
      .positive()
      .max(100)
      .default(0.1)
      .describe("model 'gp': the noise variance as a share of the observed scores' variance (seed noise and ties between functions)"),
    acquisition: z
      .enum(['ucb', 'ei', 'greedy'])
      .default('ucb')
      .describe("'ucb' = mean + κ·uncertainty, 'ei' = expected improvement over the best score, 'greedy' = mean"),
    exploration: z
      .number()
      .min(0)
      .max(100)
      .default(0.5)
      .describe('κ of the UCB acquisition (with `explorationShape`, the mean of its draws)'),
    explorationShape: z
      .number()
      .positive()
      .max(1_000_000)
      .nullable()
      .default(1)
      .describe(
        'UCB only: before every model choice κ is drawn from a Gamma distribution of this shape and mean `exploration` (randomised UCB, Berk et al. 2020), ' +
          'so the seed decides the run and exploration varies from greedy to bold; larger = less varied; null = κ fixed (the run after the baselines ignores the seed)',
      ),
    rejections: z
      .enum(['floor', 'feasibility'])
      .default('feasibility')
      .describe(
        "how rejected results enter the model: 'floor' = as the lowest score observed, inside the k-NN mean; 'feasibility' = the k-NN mean and spread of scored neighbours only, " +
          'weighted by the share of neighbours that were scored (the chance the candidate is not rejected), the rest at the lowest score',
      ),
    featureWeights: z
      .record(z.string().min(1), z.number().min(0).max(100))
      .default({ probes: 1, network: 2 })
      .describe(
        "weight of each of the analyzer's feature groups in the k-NN distance, after every column is standardized (a group not named weighs 1; 0 drops it): " +
          "the default analyzer has 'probes' (the function's shape, output and slope statistics on the probe points, expr's descriptors) and " +
          "'network' (what it does to a randomly initialised MLP: signal, input collapse and gradient gain — network-features.ts)",
      ),
    ensemble: z
      .array(z.record(z.string().min(1), z.number().min(0).max(100)))
      .max(8)
      .default([])
      .describe(
        "extra k-NN members, each a `featureWeights` of its own: with 'feasibility' rejections and model 'knn', a candidate's prediction is the average of " +
          'the members’ means (this model and these), its uncertainty the root of their mean variance plus the variance of their means; ' +
          'pending proposals are believed by the first member only; [] = one k-NN',
      ),
    poolSize: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(500)
      .describe('large spaces only: random members scored per ask (small spaces score every unseen function)'),
    localParents: z.number().int().min(0).max(1_000).default(8).describe('large spaces only: best results whose mutations join the pool'),
    mutationsPerParent: z.number().int().min(0).max(1_000).default(16).describe('large spaces only: mutations of each of those'),
  })
  .strict();
export type SurrogateConfig = z.output<typeof surrogateConfigSchema>;

interface Observation {
  readonly fingerprint: string;
  readonly genome: Genome;
  /** null: rejected — counted as the lowest score observed. */
  readonly value: number | null;
}

interface SurrogateState {
  readonly queueIndex: number;
  readonly randomIssued: number;
  readonly observations: readonly Observation[];
  readonly predicted: readonly (readonly [string, number])[];
  readonly sampler: MemberSamplerState;
}

interface QueueItem {
  readonly genome: Genome;
  readonly baseline?: string;
}

/** Candidates and their k-NN index over the observations (seen candidates are skipped when choosing). */
interface Pool {
  readonly items: readonly PoolItem[];
  readonly index: KnnIndex;
  /** model 'gp': over the same items, fed the observations `gpObservations` lists (indices into observations). */
  readonly gp?: GpIndex;
  /** `ensemble`: one k-NN index per extra member, over the same items in its own feature weighting. */
  readonly members?: readonly EnsembleMember[];
}

interface EnsembleMember {
  readonly index: KnnIndex;
  readonly space: FeatureSpace;
}

/**
 * Model-based search after AQuaSurF (Bingham & Miikkulainen, 2023): every candidate is described by
 * cheap features of its function (its shape on the probe points, expr's features, and — weighted double
 * by default: it took the tuning table's model-only median from 45.5 to 25.5 evaluations to its top 1 % —
 * what it does to a randomly initialised network: see the analyzer), a k-nearest-neighbour regressor is fitted on the results told
 * so far, and the candidate with the best acquisition (UCB or EI over the k-NN mean and an uncertainty
 * that grows with the distance to what has been observed) is proposed next. It starts with the standard
 * baselines where the space contains them.
 *
 * k-NN rather than a Gaussian process: it is what AQuaSurF found to predict well on these features,
 * needs no kernel hyperparameters fitted on a handful of points, copes with the cliffs that rejections
 * make, and updates incrementally — one distance per candidate per result — so scoring all ~2,900
 * distinct PANGAEA functions after every result costs microseconds, not a cubic refit.
 */
export class SurrogateStrategy extends BaseStrategy<SurrogateConfig, SurrogateState> {
  private queueIndex: number;
  private randomIssued: number;
  private readonly observations: Observation[];
  private readonly predicted: Map<string, number>;
  private readonly sampler: MemberSampler;
  private queue: QueueItem[] | undefined;
  private index: KnnIndex | undefined;
  private gp: GpIndex | undefined;
  private members: EnsembleMember[] | undefined;
  /** The observations the GP has been given, in order: the scored ones ('feasibility'), or all ('floor'). */
  private readonly gpObservations: number[] = [];

  constructor(domain: SearchDomain, config: SurrogateConfig, seed: number, saved?: { base: BaseState; own: SurrogateState }) {
    super('surrogate', domain, config, seed, saved?.base);
    const s = saved?.own;
    this.queueIndex = s?.queueIndex ?? 0;
    this.randomIssued = s?.randomIssued ?? 0;
    this.observations = s === undefined ? [] : s.observations.map((o) => ({ ...o }));
    this.predicted = new Map(s?.predicted ?? []);
    this.sampler = new MemberSampler(domain, s?.sampler);
  }

  private startQueue(): QueueItem[] {
    if (this.queue === undefined) {
      const items: QueueItem[] = [];
      for (const text of this.config.baselines) {
        const fp = this.domain.referenceFingerprint(text);
        const genome = fp === undefined ? undefined : this.domain.findByFingerprint(fp);
        if (genome !== undefined) items.push({ genome, baseline: text });
      }
      for (const genome of this.config.seeds) items.push({ genome });
      this.queue = items;
    }
    return this.queue;
  }

  private features(genome: Genome): Float64Array {
    return featureSpace(this.domain, this.config.featureWeights).embed(this.domain.features(genome));
  }

  protected propose(n: number): Proposal[] {
    const out: Proposal[] = [];
    const queue = this.startQueue();
    while (out.length < n && this.queueIndex < queue.length) {
      const item = queue[this.queueIndex++] as QueueItem;
      const fingerprint = this.domain.fingerprint(item.genome);
      if (this.isSeen(fingerprint)) continue;
      const meta = item.baseline === undefined ? { source: 'seed' } : { source: 'baseline', baseline: item.baseline };
      out.push(this.emit(item.genome, fingerprint, meta));
    }
    // One candidate pool per ask: a batch is chosen from it, pending picks believed at their prediction.
    let pool: Pool | undefined;
    while (out.length < n) {
      const useModel = this.randomIssued >= this.config.initialRandom && this.observations.length >= 2;
      if (useModel) pool ??= this.pool();
      const p = pool !== undefined ? this.modelChoice(pool) : this.randomChoice();
      if (p === undefined) break;
      out.push(p);
    }
    return out;
  }

  private randomChoice(): Proposal | undefined {
    const d = this.sampler.next(this.rng, (fp) => this.isSeen(fp));
    if (d === undefined) return undefined;
    this.randomIssued++;
    return this.emit(d.genome, d.fingerprint, { source: 'sample' });
  }

  private scoreLookup(): (observation: number) => number {
    let min = Infinity;
    for (const o of this.observations) if (o.value !== null) min = Math.min(min, o.value);
    const floor = Number.isFinite(min) ? min : 0;
    return (i) => this.observations[i]?.value ?? floor;
  }

  private pool(): Pool {
    const fs = featureSpace(this.domain, this.config.featureWeights);
    return fs.pool === undefined ? this.largePool() : this.smallPool(fs.pool);
  }

  private modelChoice({ items, index, gp, members }: Pool): Proposal | undefined {
    const fs = featureSpace(this.domain, this.config.featureWeights);
    const k = this.config.neighbours;

    const base = this.scoreLookup();
    const values = this.observations.map((_, i) => base(i));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    const prior: Prediction = { mean, sd };
    const best = Math.max(...values);
    const scoredValues = this.observations.flatMap((o) => (o.value === null ? [] : [o.value]));
    const floor = Math.min(...values);
    const feasiblePrior = scoredValues.length / values.length;
    const scoredMean = scoredValues.length === 0 ? mean : scoredValues.reduce((a, b) => a + b, 0) / scoredValues.length;
    const scoredPrior: Prediction =
      scoredValues.length === 0
        ? prior
        : { mean: scoredMean, sd: Math.sqrt(scoredValues.reduce((a, b) => a + (b - scoredMean) ** 2, 0) / scoredValues.length) };
    const { exploration, explorationShape } = this.config;
    const kappa =
      this.config.acquisition !== 'ucb' || explorationShape === null || exploration === 0
        ? exploration
        : gammaDraw(this.rng, explorationShape, exploration / explorationShape);

    // Pending proposals are "believed" at their predicted mean so parallel asks spread out.
    const liars: { features: Float64Array; value: number }[] = [];
    for (const p of this.pendingProposals()) {
      const m = this.predicted.get(p.id);
      if (m !== undefined) liars.push({ features: this.features(p.genome), value: m });
    }
    const nObs = this.observations.length;
    // Every neighbour's value and whether it was scored, as flat arrays: the loop below runs once per
    // candidate per ask (~2,900 × every evaluation), so it creates no closures and filters nothing.
    const valueAt = new Float64Array(nObs + liars.length);
    const scoredAt = new Uint8Array(nObs + liars.length);
    for (let i = 0; i < nObs; i++) {
      valueAt[i] = base(i);
      scoredAt[i] = this.observations[i]?.value !== null ? 1 : 0;
    }
    liars.forEach((l, li) => {
      valueAt[nObs + li] = l.value;
      scoredAt[nObs + li] = 1;
    });
    const valueOf = (i: number): number => valueAt[i] as number;
    const feasibility = this.config.rejections === 'feasibility';
    const eps = 1e-9 * (fs.lengthScale || 1);
    // model 'gp': its targets standardized over what it was fed (rejections at the floor in 'floor' mode).
    let gpWeights: Float64Array | undefined;
    let gpMean = 0;
    let gpSd = 1;
    if (gp !== undefined && gp.observationCount > 0) {
      const ys = this.gpObservations.map((i) => base(i));
      gpMean = ys.reduce((a, b) => a + b, 0) / ys.length;
      gpSd = Math.sqrt(ys.reduce((a, b) => a + (b - gpMean) ** 2, 0) / ys.length) || 1;
      gpWeights = gp.weights(ys.map((y) => (y - gpMean) / gpSd));
    }

    let bestIdx = -1;
    let bestAcq = -Infinity;
    let bestPred: Prediction = prior;
    for (let ci = 0; ci < items.length; ci++) {
      const c = items[ci] as PoolItem;
      if (this.isSeen(c.fingerprint)) continue;
      let nb = index.neighbours(ci);
      if (liars.length > 0) {
        const merged = nb.slice();
        liars.forEach((l, li) => insertNeighbour(merged, { distance: distance(c.features, l.features), observation: nObs + li }, k));
        nb = merged;
      }
      let pred: Prediction;
      let acq: number;
      if (feasibility) {
        // The share of (inverse-distance weighted) neighbours that were scored, and predict() over
        // the scored ones only — the same sums in the same order, fused into one pass.
        let sw = 0;
        let sf = 0;
        let sws = 0;
        let sy = 0;
        let nearest = -1;
        for (const n of nb) {
          const w = 1 / (n.distance + eps);
          sw += w;
          if (scoredAt[n.observation] === 1) {
            sf += w;
            sws += w;
            sy += w * (valueAt[n.observation] as number);
            if (nearest < 0) nearest = n.distance;
          }
        }
        const feasible = nb.length === 0 ? feasiblePrior : (sf + feasiblePrior) / (sw + 1);
        if (gpWeights !== undefined) pred = this.gpPrediction(gp as GpIndex, ci, gpWeights, gpMean, gpSd);
        else if (nearest < 0) pred = scoredPrior;
        else {
          const m = sy / sws;
          let sv = 0;
          for (const n of nb)
            if (scoredAt[n.observation] === 1) sv += (1 / (n.distance + eps)) * ((valueAt[n.observation] as number) - m) ** 2;
          const far = fs.lengthScale > 0 ? Math.min(1, nearest / fs.lengthScale) : 1;
          pred = { mean: m, sd: Math.sqrt(sv / sws) + scoredPrior.sd * far };
          if (members !== undefined) {
            // Ensemble: average the members' means; uncertainty from their mean variance and their disagreement.
            let sm = pred.mean;
            let sv2 = pred.sd * pred.sd;
            let sm2 = pred.mean * pred.mean;
            for (const member of members) {
              const p = scoredPrediction(member.index.neighbours(ci), valueAt, scoredAt, member.space.lengthScale, scoredPrior);
              sm += p.mean;
              sv2 += p.sd * p.sd;
              sm2 += p.mean * p.mean;
            }
            const count = members.length + 1;
            const em = sm / count;
            pred = { mean: em, sd: Math.sqrt(sv2 / count + Math.max(sm2 / count - em * em, 0)) };
          }
        }
        acq = feasible * this.acquisition(pred, best, kappa) + (1 - feasible) * floor;
      } else if (gpWeights !== undefined) {
        pred = this.gpPrediction(gp as GpIndex, ci, gpWeights, gpMean, gpSd);
        acq = this.acquisition(pred, best, kappa);
      } else {
        pred = predict(nb, valueOf, prior, fs.lengthScale);
        acq = this.acquisition(pred, best, kappa);
      }
      if (acq > bestAcq) {
        bestAcq = acq;
        bestIdx = ci;
        bestPred = pred;
      }
    }
    if (bestIdx < 0) return undefined;
    const chosen = items[bestIdx] as PoolItem;
    const proposal = this.emit(chosen.genome, chosen.fingerprint, {
      source: 'acquisition',
      predicted: bestPred.mean,
      uncertainty: bestPred.sd,
      acquisition: bestAcq,
    });
    this.predicted.set(proposal.id, bestPred.mean);
    return proposal;
  }

  private gpPrediction(gp: GpIndex, candidate: number, weights: Float64Array, mean: number, sd: number): Prediction {
    const p = gp.predict(candidate, weights);
    return { mean: mean + sd * p.mean, sd: sd * p.sd };
  }

  private acquisition(p: Prediction, best: number, kappa: number): number {
    switch (this.config.acquisition) {
      case 'ucb':
        return p.mean + kappa * p.sd;
      case 'ei':
        return expectedImprovement(p, best);
      case 'greedy':
        return p.mean;
    }
  }

  /** Every distinct function, with neighbour lists kept up to date incrementally (seen ones are skipped). */
  private smallPool(pool: readonly PoolItem[]): Pool {
    if (this.index === undefined) {
      this.index = new KnnIndex(
        pool.map((p) => p.features),
        this.config.neighbours,
      );
      for (const o of this.observations) this.index.add(this.features(o.genome));
    }
    if (this.config.model === 'gp' && this.gp === undefined) {
      this.gp = this.newGp(pool);
      this.observations.forEach((o, i) => this.feedGp(this.gp as GpIndex, o, i, this.gpObservations));
    }
    if (this.config.ensemble.length > 0 && this.members === undefined) {
      this.members = this.newMembers(this.config.ensemble.map((w) => featureSpace(this.domain, w).pool ?? []));
    }
    return {
      items: pool,
      index: this.index,
      ...(this.gp === undefined ? {} : { gp: this.gp }),
      ...(this.members === undefined ? {} : { members: this.members }),
    };
  }

  /** One k-NN index per ensemble member over its own features of the pool's items, fed every observation. */
  private newMembers(itemsPerMember: readonly (readonly { features: Float64Array }[])[]): EnsembleMember[] {
    return this.config.ensemble.map((w, j) => {
      const space = featureSpace(this.domain, w);
      const index = new KnnIndex(
        (itemsPerMember[j] ?? []).map((p) => p.features),
        this.config.neighbours,
      );
      for (const o of this.observations) index.add(space.embed(this.domain.features(o.genome)));
      return { index, space };
    });
  }

  /** Random members plus mutations of the best results, scored against every observation. */
  private largePool(): Pool {
    const view = this.domain.view;
    const genomes: Genome[] = [];
    const parents = this.observations
      .map((o, i) => ({ o, i }))
      .filter(({ o }) => o.value !== null)
      .sort((a, b) => (b.o.value as number) - (a.o.value as number) || a.i - b.i)
      .slice(0, this.config.localParents);
    for (const { o } of parents) for (let m = 0; m < this.config.mutationsPerParent; m++) genomes.push(view.mutate(o.genome, this.rng));
    for (let m = 0; m < this.config.poolSize; m++) genomes.push(view.sample(this.rng));
    const taken = new Set<string>();
    const items: PoolItem[] = [];
    for (const genome of genomes) {
      const fingerprint = this.domain.fingerprint(genome);
      if (this.isSeen(fingerprint) || taken.has(fingerprint)) continue;
      taken.add(fingerprint);
      items.push({ genome, fingerprint, features: this.features(genome) });
    }
    const index = new KnnIndex(
      items.map((r) => r.features),
      this.config.neighbours,
    );
    for (const o of this.observations) index.add(this.features(o.genome));
    const members =
      this.config.ensemble.length === 0
        ? undefined
        : this.newMembers(
            this.config.ensemble.map((w) =>
              items.map((r) => ({ features: featureSpace(this.domain, w).embed(this.domain.features(r.genome)) })),
            ),
          );
    if (this.config.model !== 'gp') return { items, index, ...(members === undefined ? {} : { members }) };
    const gp = this.newGp(items);
    this.gpObservations.length = 0;
    this.observations.forEach((o, i) => this.feedGp(gp, o, i, this.gpObservations));
    return { items, index, gp };
  }

  private newGp(items: readonly PoolItem[]): GpIndex {
    const fs = featureSpace(this.domain, this.config.featureWeights);
    return new GpIndex(
      items.map((p) => p.features),
      this.config.gpLengthScale * fs.lengthScale,
      this.config.gpNoise,
    );
  }

  /** Give the GP one observation, unless it is a rejection and rejections are the feasibility estimate's. */
  private feedGp(gp: GpIndex, o: Observation, i: number, fed: number[]): void {
    if (o.value === null && this.config.rejections === 'feasibility') return;
    gp.add(this.features(o.genome));
    fed.push(i);
  }

  protected observe(proposal: Proposal, result: TrialResult): void {
    this.predicted.delete(proposal.id);
    if (result.kind === 'failed') return; // says nothing about the function
    this.observations.push({
      fingerprint: proposal.fingerprint,
      genome: proposal.genome,
      value: result.kind === 'score' ? result.value : null,
    });
    this.index?.add(this.features(proposal.genome));
    for (const m of this.members ?? []) m.index.add(m.space.embed(this.domain.features(proposal.genome)));
    if (this.gp !== undefined)
      this.feedGp(
        this.gp,
        this.observations[this.observations.length - 1] as Observation,
        this.observations.length - 1,
        this.gpObservations,
      );
  }

  protected saveOwn(): SurrogateState {
    return {
      queueIndex: this.queueIndex,
      randomIssued: this.randomIssued,
      observations: this.observations,
      predicted: [...this.predicted],
      sampler: this.sampler.toJSON(),
    };
  }
}
