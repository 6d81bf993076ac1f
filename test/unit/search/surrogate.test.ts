import { describe, expect, it } from 'vitest';
import { createStrategy, DEFAULT_BASELINES, exprAnalyzer, exprFeatures, SearchDomain, spaceView } from '@actsearch/search';
import type { Analyzer, Proposal, TrialResult } from '@actsearch/search';
import { sequential } from './drive.ts';
import { GRID, loadSpace, outputsOf, tinyDomain } from './real-spaces.ts';

describe('k-NN surrogate', () => {
  it('proposes the baselines the space contains first, in their listed order, then explicit seeds', () => {
    const domain = tinyDomain();
    const seed = domain.members()[10] as number[];
    const s = createStrategy('surrogate', domain, { seeds: [seed] }, 1);
    const first = s.ask(4);
    // tiny.yaml computes sigmoid, swish (= x · sigmoid(x)) and tanh, but no relu, elu, selu, …
    expect(first.slice(0, 3).map((p) => p.meta.baseline)).toEqual(['sigmoid(x)', 'swish(x)', 'tanh(x)']);
    expect(first.slice(0, 3).every((p) => p.meta.source === 'baseline')).toBe(true);
    expect(first[0]?.fingerprint).toBe(domain.referenceFingerprint('sigmoid(x)'));
    expect(first[1]?.fingerprint).toBe(domain.referenceFingerprint('swish(x)'));
    expect(first[3]).toMatchObject({ genome: seed, meta: { source: 'seed' } });
    expect(DEFAULT_BASELINES).toEqual(['relu(x)', 'elu(x)', 'selu(x)', 'sigmoid(x)', 'softplus(x)', 'softsign(x)', 'swish(x)', 'tanh(x)']);
  });

  it('finds the best function of a smooth objective in fewer evaluations than random search', () => {
    const domain = tinyDomain();
    // Closeness to 2·sin(x) on a grid: smooth in the features the model sees.
    const f = (p: Proposal): TrialResult => {
      const ys = outputsOf(domain, p.genome);
      return { kind: 'score', value: -GRID.reduce((a, x, i) => a + ((ys[i] as number) - 2 * Math.sin(x)) ** 2, 0) };
    };
    const optimum = domain.referenceFingerprint('sin(x) + sin(x)');
    expect(domain.findByFingerprint(optimum as string)).toBeDefined();
    const stepsToOptimum = (name: string, seed: number) => {
      const ps = sequential(createStrategy(name, domain, {}, seed), f, 1000);
      return ps.findIndex((p) => p.fingerprint === optimum) + 1;
    };
    const seeds = [1, 2, 3, 4, 5, 6, 7];
    const model = seeds.map((s) => stepsToOptimum('surrogate', s)).sort((a, b) => a - b);
    const random = seeds.map((s) => stepsToOptimum('random', s)).sort((a, b) => a - b);
    expect(model[3]).toBeLessThan((random[3] as number) / 2);
  });

  it('learns where rejections lie and proposes fewer rejected functions than random search', () => {
    const domain = tinyDomain();
    // Rejected wherever f(1) > 1 (about half of tiny's functions); otherwise closeness to swish.
    const f = (p: Proposal): TrialResult => {
      const ys = outputsOf(domain, p.genome);
      if (!((ys[9] as number) <= 1)) return { kind: 'rejected', test: 'quality', reason: 'f(1) > 1' };
      return { kind: 'score', value: -GRID.reduce((a, x, i) => a + ((ys[i] as number) - x / (1 + Math.exp(-x))) ** 2, 0) };
    };
    const rejectedIn = (name: string, config: unknown, seed: number) =>
      sequential(createStrategy(name, domain, config, seed), f, 20).filter((p) => f(p).kind === 'rejected').length;
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[4] as number;
    const model = median(seeds.map((s) => rejectedIn('surrogate', { baselines: [] }, s)));
    const random = median(seeds.map((s) => rejectedIn('random', {}, s)));
    expect(model).toBeLessThan(random * 0.6);
  });

  it('attaches its prediction, uncertainty and acquisition to model-chosen proposals', () => {
    const s = createStrategy(
      'surrogate',
      tinyDomain(),
      { baselines: [], initialRandom: 3, explorationShape: null, rejections: 'floor' },
      2,
    );
    const ps = sequential(s, (p) => ({ kind: 'score', value: p.genome[2] ?? 0 }), 6);
    expect(ps.slice(0, 3).every((p) => p.meta.source === 'sample')).toBe(true);
    const chosen = ps[3] as Proposal;
    expect(chosen.meta.source).toBe('acquisition');
    expect(Number.isFinite(chosen.meta.predicted)).toBe(true);
    expect(chosen.meta.uncertainty).toBeGreaterThanOrEqual(0);
    expect(chosen.meta.acquisition).toBeCloseTo((chosen.meta.predicted as number) + 0.5 * (chosen.meta.uncertainty as number), 10);
  });

  it('believes pending proposals at their predicted score (constant liar), so a batch spreads out', () => {
    const f = (p: Proposal): TrialResult => ({ kind: 'score', value: -Math.abs((p.genome[1] ?? 0) - 2) - 0.1 * (p.genome[3] ?? 0) });
    const make = () => createStrategy('surrogate', tinyDomain(), { baselines: [], initialRandom: 4, acquisition: 'greedy' }, 3);
    const batched = make();
    sequential(batched, f, 8);
    const [a, b] = batched.ask(2) as [Proposal, Proposal];
    const stepwise = make();
    sequential(stepwise, f, 8);
    const [a2] = stepwise.ask(1) as [Proposal];
    stepwise.tell(a2.id, { kind: 'score', value: a2.meta.predicted as number });
    const [b2] = stepwise.ask(1) as [Proposal];
    expect(a2.genome).toEqual(a.genome);
    expect(b2.genome).toEqual(b.genome);
    expect(b2.meta.predicted).toBeCloseTo(b.meta.predicted as number, 12);
  });

  it('weights the analyzer’s feature groups: network 0 is the probe features alone, and the network group changes the run', () => {
    const space = loadSpace('tiny');
    const probesOnly: Analyzer = { ...exprAnalyzer, featurize: exprFeatures, featureGroups: undefined };
    const f = (p: Proposal): TrialResult => {
      const ys = outputsOf(tinyDomain(), p.genome);
      return { kind: 'score', value: -GRID.reduce((a, x, i) => a + ((ys[i] as number) - Math.tanh(x)) ** 2, 0) };
    };
    const run = (domain: SearchDomain, featureWeights?: Record<string, number>) =>
      sequential(createStrategy('surrogate', domain, { baselines: [], ...(featureWeights ? { featureWeights } : {}) }, 4), f, 25).map(
        (p) => p.fingerprint,
      );
    const reference = run(new SearchDomain(spaceView(space), probesOnly));
    expect(run(new SearchDomain(spaceView(space), exprAnalyzer), { network: 0 })).toEqual(reference);
    expect(run(new SearchDomain(spaceView(space), exprAnalyzer))).not.toEqual(reference);
  });

  it('averages an ensemble of k-NN members: a copy of the model changes nothing, another weighting changes the run', () => {
    const f = (p: Proposal): TrialResult => {
      const ys = outputsOf(tinyDomain(), p.genome);
      if (!((ys[9] as number) <= 1)) return { kind: 'rejected', test: 'quality', reason: 'f(1) > 1' };
      return { kind: 'score', value: -GRID.reduce((a, x, i) => a + ((ys[i] as number) - Math.tanh(x)) ** 2, 0) };
    };
    const run = (ensemble: Record<string, number>[]) =>
      sequential(createStrategy('surrogate', tinyDomain(), { baselines: [], ensemble }, 6), f, 25).map((p) => p.fingerprint);
    const single = run([]);
    // Same means, and the root of the mean of equal variances is the same uncertainty.
    expect(run([{ probes: 1, network: 2 }])).toEqual(single);
    expect(run([{ probes: 0 }])).not.toEqual(single);
  });
});
