import { describe, expect, it } from 'vitest';
import { createStrategy } from '@actsearch/search';
import type { EvolutionStrategy, Proposal, TrialResult } from '@actsearch/search';
import { sequential } from './drive.ts';
import { gridSpace } from './fake-spaces.ts';

const TARGET = [7, 2, 9, 4, 0, 5];
const distanceToTarget = (p: Proposal): TrialResult => ({
  kind: 'score',
  value: -p.genome.reduce((a, v, i) => a + Math.abs(v - (TARGET[i] as number)), 0),
});

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

describe('regularized evolution', () => {
  it('gets closer to the optimum of a smooth objective than random search with the same budget', () => {
    const best = (name: string) =>
      median(
        [1, 2, 3, 4, 5].map((seed) => {
          const ps = sequential(createStrategy(name, gridSpace(6, 10), {}, seed), distanceToTarget, 300);
          return Math.max(...ps.map((p) => (distanceToTarget(p) as { value: number }).value));
        }),
      );
    const evo = best('evolution');
    const rnd = best('random');
    expect(evo).toBeGreaterThanOrEqual(-1);
    expect(evo - rnd).toBeGreaterThanOrEqual(3);
  });

  it('starts with P random members, then breeds children whose parent is a living population member', () => {
    const s = createStrategy('evolution', gridSpace(4, 6), { populationSize: 5, tournamentSize: 2 }, 1) as EvolutionStrategy;
    const first = sequential(s, distanceToTarget, 5);
    expect(first.map((p) => p.meta.source)).toEqual(Array(5).fill('initial'));
    const alive = new Set(s.currentPopulation().map((i) => i.id));
    const [child] = s.ask(1) as [Proposal];
    expect(child.meta.source).toBe('mutation');
    expect(child.meta.generation).toBe(1);
    expect(alive.has(child.meta.parents?.[0] as string)).toBe(true);
    // A mutation changes exactly one decision of its parent.
    const parent = first.find((p) => p.id === child.meta.parents?.[0]) as Proposal;
    expect(child.genome.filter((v, i) => v !== parent.genome[i])).toHaveLength(1);
  });

  it('removes the oldest individual, not the worst, when a child joins a full population', () => {
    const s = createStrategy('evolution', gridSpace(4, 6), { populationSize: 4, tournamentSize: 2 }, 2) as EvolutionStrategy;
    const ps = s.ask(4);
    // The oldest is the best one: aging must still remove it.
    ps.forEach((p, i) => s.tell(p.id, { kind: 'score', value: i === 0 ? 100 : i }));
    const [c] = s.ask(1) as [Proposal];
    s.tell(c.id, { kind: 'score', value: -5 });
    expect(s.currentPopulation().map((i) => i.id)).toEqual([ps[1]?.id, ps[2]?.id, ps[3]?.id, c.id]);
  });

  it('keeps rejected and failed candidates out of the population', () => {
    const s = createStrategy('evolution', gridSpace(4, 6), { populationSize: 4 }, 3) as EvolutionStrategy;
    const [a, b, c] = s.ask(3) as [Proposal, Proposal, Proposal];
    s.tell(a.id, { kind: 'rejected', test: 'quality', reason: 'below 20 %' });
    s.tell(b.id, { kind: 'failed', error: 'out of memory' });
    s.tell(c.id, { kind: 'score', value: 0.5 });
    expect(s.currentPopulation().map((i) => i.id)).toEqual([c.id]);
  });

  it('with the Pareto tournament, only picks parents on the front of the sampled tasks', () => {
    const s = createStrategy(
      'evolution',
      gridSpace(6, 10),
      { populationSize: 6, tournamentSize: 6, objective: 'pareto' },
      4,
    ) as EvolutionStrategy;
    const ps = s.ask(6);
    // Two tasks; members 0 and 1 are each best on one task, the rest are dominated by one of them.
    const scores = [
      [0.9, 0.1],
      [0.1, 0.9],
      [0.5, 0.05],
      [0.05, 0.5],
      [0.2, 0.05],
      [0.05, 0.05],
    ];
    ps.forEach((p, i) => {
      const values = scores[i] as number[];
      s.tell(p.id, { kind: 'score', value: (values[0] as number) + (values[1] as number), values });
    });
    const children = s.ask(40);
    expect(children.every((c) => c.meta.source === 'mutation')).toBe(true);
    const parents = new Set(children.map((c) => c.meta.parents?.[0]));
    expect(parents).toEqual(new Set([ps[0]?.id, ps[1]?.id]));
  });

  it('with crossover, combines two tournament winners', () => {
    const s = createStrategy('evolution', gridSpace(6, 10), { populationSize: 4, tournamentSize: 2, crossoverRate: 1 }, 5);
    sequential(s, distanceToTarget, 4);
    const children = s.ask(10);
    expect(children.every((c) => c.meta.source === 'crossover' && c.meta.parents?.length === 2)).toBe(true);
  });
});
