import { describe, expect, it } from 'vitest';
import { createStrategy, restoreStrategy } from '@actsearch/search';
import type { Proposal } from '@actsearch/search';
import { gridSpace } from './fake-spaces.ts';
import { tinyDomain } from './real-spaces.ts';

function askUntilDry(s: ReturnType<typeof createStrategy>, n = 7): Proposal[] {
  const out: Proposal[] = [];
  for (let got = s.ask(n); got.length > 0; got = s.ask(n)) out.push(...got);
  return out;
}

describe('exhaustive', () => {
  it('in enumeration order, proposes the first member of every function in the order the space lists them', () => {
    const domain = tinyDomain();
    const expected = domain.uniqueMembers().map((u) => u.genome);
    const got = askUntilDry(createStrategy('exhaustive', domain, { order: 'enumeration', blockSize: 16 }, 1));
    expect(got.map((p) => p.genome)).toEqual(expected);
    expect(expected.length).toBeLessThan(domain.members().length);
  });

  it('in shuffled order, proposes every function once in a seed-dependent order', () => {
    const domain = tinyDomain();
    const a = askUntilDry(createStrategy('exhaustive', domain, {}, 1)).map((p) => p.fingerprint);
    const b = askUntilDry(createStrategy('exhaustive', domain, {}, 2)).map((p) => p.fingerprint);
    expect(a.slice().sort()).toEqual(
      domain
        .uniqueMembers()
        .map((u) => u.fingerprint)
        .sort(),
    );
    expect(b.slice().sort()).toEqual(a.slice().sort());
    expect(b).not.toEqual(a);
  });

  it('walks a space block by block and resumes inside a block after a restore', () => {
    const domain = gridSpace(2, 10);
    const s = createStrategy('exhaustive', domain, { blockSize: 30 }, 3);
    const head = s.ask(45);
    const copy = restoreStrategy(JSON.parse(JSON.stringify(s.toJSON())), gridSpace(2, 10));
    const tail = askUntilDry(copy);
    expect(tail).toEqual(askUntilDry(s));
    const all = [...head, ...tail].map((p) => p.genome.join(','));
    expect(new Set(all).size).toBe(100);
    // Blocks of 30 are permuted in place: the first 30 proposals are the first 30 members.
    expect(new Set(all.slice(0, 30))).toEqual(new Set(Array.from({ length: 30 }, (_, i) => `${Math.floor(i / 10)},${i % 10}`)));
  });
});

describe('random', () => {
  it('draws members uniformly', () => {
    const domain = gridSpace(2, 4);
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 1600; seed++) {
      const [p] = createStrategy('random', domain, {}, seed).ask(1) as [Proposal];
      counts.set(p.genome.join(','), (counts.get(p.genome.join(',')) ?? 0) + 1);
    }
    expect(counts.size).toBe(16);
    for (const c of counts.values()) expect(c).toBeGreaterThan(60); // 100 expected; ±4 sd
    for (const c of counts.values()) expect(c).toBeLessThan(140);
  });

  it('draws without replacement in a listed space and stops when every function was proposed', () => {
    const domain = tinyDomain();
    const got = askUntilDry(createStrategy('random', domain, {}, 5));
    expect(got.map((p) => p.fingerprint).sort()).toEqual(
      domain
        .uniqueMembers()
        .map((u) => u.fingerprint)
        .sort(),
    );
  });
});
