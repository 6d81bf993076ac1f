import { describe, expect, it } from 'vitest';
import { createStrategy } from '@actsearch/search';
import type { ControllerStrategy, Proposal, TrialResult } from '@actsearch/search';
import { sequential } from './drive.ts';
import { gridSpace } from './fake-spaces.ts';

const firstTokenIs3 = (p: Proposal): TrialResult => ({ kind: 'score', value: p.genome[0] === 3 ? 1 : 0 });

describe('RL controller', () => {
  describe.each(['ppo', 'reinforce'] as const)('trained with %s', (algorithm) => {
    it('concentrates its policy on the rewarded token', () => {
      const s = createStrategy('controller', gridSpace(3, 5), { algorithm }, 1) as ControllerStrategy;
      expect(s.probabilities([]).get(3)).toBeCloseTo(0.2, 10);
      const ps = sequential(s, firstTokenIs3, 100);
      expect(s.probabilities([]).get(3)).toBeGreaterThan(0.8);
      // All 25 rewarded members are found well before random search would (it expects 8 in 40).
      expect(ps.slice(0, 40).filter((p) => p.genome[0] === 3).length).toBeGreaterThanOrEqual(18);
    });
  });

  it('conditions each decision on the previous token', () => {
    const s = createStrategy('controller', gridSpace(3, 5), {}, 2) as ControllerStrategy;
    // Rewarded: the second token repeats the first. Only the previous token tells which one that is.
    sequential(s, (p) => ({ kind: 'score', value: p.genome[1] === p.genome[0] ? 1 : 0 }), 80);
    const repeat = [0, 1, 2, 3, 4].map((t) => s.probabilities([t]).get(t) as number);
    for (const p of repeat) expect(p).toBeGreaterThan(0.2); // uniform is 0.2
    expect(repeat.reduce((a, b) => a + b, 0) / repeat.length).toBeGreaterThan(0.6);
  });

  it('treats a rejection as the lowest score observed and learns to avoid it', () => {
    const s = createStrategy('controller', gridSpace(3, 5), {}, 3) as ControllerStrategy;
    sequential(
      s,
      (p) =>
        p.genome[0] === 0
          ? { kind: 'rejected', test: 'prescreen', reason: 'constant' }
          : { kind: 'score', value: 0.5 + 0.01 * (p.genome[2] ?? 0) },
      60,
    );
    expect(s.probabilities([]).get(0)).toBeLessThan(0.1);
  });

  it('records the probability of each sampled genome under the policy that sampled it', () => {
    const s = createStrategy('controller', gridSpace(3, 5), {}, 4);
    const [p] = s.ask(1) as [Proposal];
    expect(p.meta.source).toBe('policy');
    expect(p.meta.probability).toBeCloseTo(1 / 125, 10);
  });
});
