import { describe, expect, it } from 'vitest';
import { createStrategy } from '@actsearch/search';
import type { Proposal, TrialResult } from '@actsearch/search';
import { sequential } from './drive.ts';
import { GRID, outputsOf, tinyDomain } from './real-spaces.ts';

describe('surrogate-guided evolution', () => {
  const domain = tinyDomain();
  // Closeness to 2·sin(x) on a grid: smooth in the features the model sees.
  const f = (p: Proposal): TrialResult => {
    const ys = outputsOf(domain, p.genome);
    return { kind: 'score', value: -GRID.reduce((a, x, i) => a + ((ys[i] as number) - 2 * Math.sin(x)) ** 2, 0) };
  };
  const optimum = domain.referenceFingerprint('sin(x) + sin(x)') as string;
  const stepsToOptimum = (name: string, config: unknown, seed: number) =>
    sequential(createStrategy(name, domain, config, seed), f, 1000).findIndex((p) => p.fingerprint === optimum) + 1;
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9];

  it('finds the best function of a smooth objective in fewer evaluations than random search and than unguided children', () => {
    expect(domain.findByFingerprint(optimum)).toBeDefined();
    const guided = median(seeds.map((s) => stepsToOptimum('guided', {}, s)));
    const unguided = median(seeds.map((s) => stepsToOptimum('guided', { candidates: 1 }, s)));
    const random = median(seeds.map((s) => stepsToOptimum('random', {}, s)));
    expect(guided).toBeLessThan(random / 2);
    expect(guided).toBeLessThan(unguided);
  });

  it('starts with initialRandom random members, then proposes mutants of population members with the model’s prediction', () => {
    const s = createStrategy('guided', domain, { initialRandom: 5 }, 3);
    const first = sequential(s, f, 5);
    expect(first.map((p) => p.meta.source)).toEqual(Array(5).fill('initial'));
    const [child] = s.ask(1) as [Proposal];
    expect(child.meta.source).toBe('mutation');
    expect(first.map((p) => p.id)).toContain(child.meta.parents?.[0]);
    expect(child.meta.predicted).toEqual(expect.any(Number));
    expect(child.meta.uncertainty).toBeGreaterThanOrEqual(0);
  });

  it('with globalPicks, seeds the population with the model’s picks over every unseen function before breeding', () => {
    const s = createStrategy('guided', domain, { initialRandom: 3, globalPicks: 4 }, 3);
    const ps = sequential(s, f, 9);
    expect(ps.map((p) => p.meta.source)).toEqual([...Array(3).fill('initial'), ...Array(4).fill('acquisition'), 'mutation', 'mutation']);
    // A global pick is the best acquisition over the whole space, so it is not bound to a parent.
    expect(ps.slice(3, 7).every((p) => p.meta.parents === undefined && typeof p.meta.predicted === 'number')).toBe(true);
  });

  it('with one candidate per child, proposes the plain mutation and attaches no prediction', () => {
    const s = createStrategy('guided', domain, { initialRandom: 4, candidates: 1 }, 3);
    sequential(s, f, 4);
    const [child] = s.ask(1) as [Proposal];
    expect(child.meta.source).toBe('mutation');
    expect(child.meta.predicted).toBeUndefined();
  });

  it('keeps rejected candidates out of the population: a run whose every result is rejected breeds no children', () => {
    const s = createStrategy('guided', domain, { initialRandom: 2 }, 5);
    const ps = sequential(s, () => ({ kind: 'rejected', test: 'quality', reason: 'below 20 %' }), 6);
    expect(ps.map((p) => p.meta.source)).toEqual(Array(6).fill('initial'));
  });
});
