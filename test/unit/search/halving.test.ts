import { describe, expect, it } from 'vitest';
import { createStrategy } from '@actsearch/search';
import type { HalvingStrategy, Proposal, Strategy } from '@actsearch/search';
import { gridSpace } from './fake-spaces.ts';

/** A score per genome that is the same at every fidelity, so promotions are easy to predict. */
const scoreOf = (p: Proposal) => (p.genome[0] ?? 0) * 100 + (p.genome[1] ?? 0) * 10 + (p.genome[2] ?? 0);

function askAll(s: Strategy, n: number): Proposal[] {
  const out = s.ask(n);
  expect(out).toHaveLength(n);
  return out;
}

describe('successive halving', () => {
  it('promotes exactly the top 1/η of a complete rung, rung after rung (27 → 9 → 3)', () => {
    const s = createStrategy('halving', gridSpace(3, 10), { mode: 'sync', eta: 3, bracketSize: 27 }, 1) as HalvingStrategy;
    const rung0 = askAll(s, 27);
    expect(rung0.every((p) => p.fidelity === 'screen' && p.meta.rung === 0)).toBe(true);
    // Nothing is promoted before the rung is complete: the next ask starts a new bracket.
    for (const p of rung0.slice(0, 26)) s.tell(p.id, { kind: 'score', value: scoreOf(p) });
    const [early] = s.ask(1) as [Proposal];
    expect(early.fidelity).toBe('screen');
    s.tell((rung0[26] as Proposal).id, { kind: 'score', value: scoreOf(rung0[26] as Proposal) });

    const rung1 = s.ask(9);
    const top9 = rung0
      .slice()
      .sort((a, b) => scoreOf(b) - scoreOf(a))
      .slice(0, 9);
    expect(rung1.every((p) => p.fidelity === 'standard' && p.meta.source === 'promotion')).toBe(true);
    expect(rung1.map((p) => p.fingerprint)).toEqual(top9.map((p) => p.fingerprint));
    expect(rung1.map((p) => p.meta.parents)).toEqual(top9.map((p) => [p.id]));
    // The second bracket has one candidate, so the next proposal is a fresh one, not a 10th promotion.
    expect(s.ask(1)[0]?.fidelity).toBe('screen');

    for (const p of rung1) s.tell(p.id, { kind: 'score', value: scoreOf(p) });
    const rung2 = s.ask(3);
    expect(rung2.map((p) => p.fidelity)).toEqual(['full', 'full', 'full']);
    expect(rung2.map((p) => p.fingerprint)).toEqual(top9.slice(0, 3).map((p) => p.fingerprint));
    expect(s.rungSizes()).toEqual([29, 9, 3]);
  });

  it('never promotes rejected or failed candidates, even into an unfilled quota', () => {
    const s = createStrategy('halving', gridSpace(3, 10), { mode: 'sync', eta: 3, bracketSize: 9 }, 2) as HalvingStrategy;
    const rung0 = askAll(s, 9);
    rung0.forEach((p, i) => {
      if (i < 7) s.tell(p.id, { kind: 'rejected', test: 'quality', reason: 'below 20 %' });
      else if (i === 7) s.tell(p.id, { kind: 'failed', error: 'oom' });
      else s.tell(p.id, { kind: 'score', value: 0.1 });
    });
    const next = s.ask(3);
    expect(next.filter((p) => p.fidelity === 'standard').map((p) => p.fingerprint)).toEqual([rung0[8]?.fingerprint]);
  });

  it('asynchronously (ASHA) promotes a result as soon as it ranks in the top 1/η of its rung so far', () => {
    const s = createStrategy('halving', gridSpace(3, 10), { eta: 3 }, 3) as HalvingStrategy;
    const [a, b, c, d] = askAll(s, 4) as [Proposal, Proposal, Proposal, Proposal];
    s.tell(a.id, { kind: 'score', value: 0.2 });
    s.tell(b.id, { kind: 'score', value: 0.9 });
    expect(s.ask(1)[0]?.fidelity).toBe('screen'); // ⌊2/3⌋ = 0 may go up
    s.tell(c.id, { kind: 'score', value: 0.5 });
    const [up] = s.ask(1) as [Proposal];
    expect(up).toMatchObject({ fingerprint: b.fingerprint, fidelity: 'standard', meta: { parents: [b.id], rung: 1 } });
    s.tell(d.id, { kind: 'score', value: 0.1 });
    expect(s.ask(1)[0]?.fidelity).toBe('screen'); // ⌊4/3⌋ = 1 may go up, and it already has
  });

  it('tells the wrapped strategy only its candidates’ first-rung results', () => {
    const s = createStrategy(
      'halving',
      gridSpace(3, 10),
      { mode: 'sync', bracketSize: 3, inner: { strategy: 'evolution', config: { populationSize: 3 } } },
      4,
    );
    const rung0 = askAll(s, 3);
    rung0.forEach((p, i) => s.tell(p.id, { kind: 'score', value: i }));
    const [promoted] = s.ask(1) as [Proposal];
    s.tell(promoted.id, { kind: 'score', value: 99 });
    const inner = (s.toJSON().state as { own: { inner: { state: { own: { population: { value: number }[] } } } } }).own.inner;
    expect(inner.state.own.population.map((i) => i.value)).toEqual([0, 1, 2]);
    // Its children become the next rung-0 candidates, with lineage mapped to halving's own ids.
    const next = s.ask(1)[0] as Proposal;
    expect(next.meta.source).toBe('mutation');
    expect(rung0.map((p) => p.id)).toContain(next.meta.parents?.[0]);
  });
});
