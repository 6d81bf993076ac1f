import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, parse } from '@actsearch/expr';
import { classes, count, countShape, decode, enumerate, spaceStats, type SearchSpace, type SpaceStats } from '@actsearch/spaces';
import { loadRepoSpace } from './repo-spaces.ts';

describe('dedupe of PANGAEA by fingerprint (the acceptance counts)', () => {
  let pangaea: SearchSpace;
  let stats: SpaceStats;
  beforeAll(() => {
    pangaea = loadRepoSpace('pangaea');
    stats = spaceStats(pangaea);
  });

  it('has 729 unary(unary(x)) and 5,103 binary(unary(x),unary(x)) members', () => {
    expect(stats.shapes.map((s) => [s.label, s.members])).toEqual([
      ['unary(unary(x))', 729n],
      ['binary(unary(x),unary(x))', 5103n],
    ]);
    expect(stats.members).toBe(5832n);
  });

  it('finds 2,913 ± 10 unique functions among the 5,103 binary members (the published count)', () => {
    const unique = stats.shapes[1]?.unique ?? 0;
    expect(Math.abs(unique - 2913)).toBeLessThanOrEqual(10);
  });

  it('counts a function reachable from both shapes once', () => {
    const [u, b] = stats.shapes.map((s) => s.unique ?? 0) as [number, number];
    expect(u).toBeLessThan(729);
    expect(stats.unique).toBeLessThan(u + b);
    expect(stats.unique).toBeGreaterThanOrEqual(Math.max(u, b));
  });
});

describe('classes', () => {
  it('puts the same function reached through different shapes and operators in one class, represented by its smallest member', () => {
    const tiny = loadRepoSpace('tiny');
    const found = classes(tiny, enumerate(tiny));
    expect(found.reduce((n, c) => n + c.members.length, 0)).toBe(Number(count(tiny)));
    // x·x three ways: binary(x,unary(x)) = mul(x, identity(x)); mul(x,unary(x)) with identity; and
    // binary(unary(x),unary(x)) = mul(identity(x), identity(x)) (and the negative·negative pair).
    const square = found.find((c) => c.fingerprint === fingerprint(parse('x * x')));
    expect(square?.members.length).toBeGreaterThanOrEqual(4);
    const sizes = square?.members.map((g) => JSON.stringify(decode(tiny, g)).length) ?? [];
    expect(JSON.stringify(decode(tiny, square?.representative ?? [])).length).toBe(Math.min(...sizes));
  });

  it('finds Swish as sigmoid_mul(beta_x(x), identity(x)) in swish-core1 (6,250 members)', () => {
    const swish = loadRepoSpace('swish-core1');
    expect(countShape(swish.shapes[0] as SearchSpace['shapes'][number])).toBe(6250n);
    const names = (g: readonly number[]) => [
      swish.unary[g[3] as number]?.name,
      swish.unary[g[4] as number]?.name,
      swish.binary[g[5] as number]?.name,
    ];
    const genome = [
      0,
      0,
      0,
      swish.unary.findIndex((o) => o.name === 'beta_x'),
      swish.unary.findIndex((o) => o.name === 'identity'),
      swish.binary.findIndex((o) => o.name === 'sigmoid_mul'),
    ];
    expect(names(genome)).toEqual(['beta_x', 'identity', 'sigmoid_mul']);
    expect(fingerprint(decode(swish, genome))).toBe(fingerprint(parse('x * sigmoid(beta * x)')));
  });
});
