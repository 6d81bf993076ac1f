/**
 * The evonorm layer space is searchable by the existing strategies: a search domain with the layer
 * analyzer (layer fingerprints) drives regularized evolution with EvoNorm's Pareto tournament over two
 * per-task scores, proposing distinct layers and taking scores and rejections.
 * Scores here are a cheap deterministic stand-in (a function of the layer's probe outputs), so the
 * test checks the search mechanics, not training (test/unit/proxy/layer-training does that).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isLayerExpr, layerAnalyzer, layerFingerprint, type Expr } from '@actsearch/expr';
import { parseSpace } from '@actsearch/spaces';
import { createStrategy, SearchDomain, searchDomain, spaceView, STRATEGY_NAMES } from '@actsearch/search';

const space = parseSpace(readFileSync(new URL('../../../search-spaces/evonorm.yaml', import.meta.url), 'utf8'), 'evonorm.yaml');

/** Two "task scores" from the probe outputs: how normalized the outputs are, and how much they vary. */
function scores(e: Expr): [number, number] {
  const f = layerAnalyzer.featurize(e);
  const mean = f.reduce((s, v) => s + v, 0) / f.length;
  const sd = Math.sqrt(f.reduce((s, v) => s + (v - mean) ** 2, 0) / f.length);
  return [-Math.abs(mean) - Math.abs(sd - 1), Math.min(sd, 3)];
}

describe('evolution over the evonorm layer space', () => {
  it('proposes distinct layers and tells the Pareto tournament two task scores', () => {
    const domain = new SearchDomain(spaceView(space), layerAnalyzer);
    const strategy = createStrategy('evolution', domain, { populationSize: 8, tournamentSize: 3, objective: 'pareto' }, 1);
    const seen = new Set<string>();
    let rejected = 0;
    let best = -Infinity;
    for (let round = 0; round < 15; round++) {
      for (const p of strategy.ask(4)) {
        const e = domain.view.decode(p.genome);
        expect(p.fingerprint).toBe(layerFingerprint(e));
        expect(seen.has(p.fingerprint)).toBe(false);
        seen.add(p.fingerprint);
        if (!isLayerExpr(e)) {
          // EvoNorm keeps only layers: a member without statistics is an activation with an affine.
          strategy.tell(p.id, { kind: 'rejected', test: 'prescreen', reason: 'uses no statistic of its input' });
          rejected++;
          continue;
        }
        const values = scores(e);
        best = Math.max(best, values[0]);
        strategy.tell(p.id, { kind: 'score', value: (values[0] + values[1]) / 2, values });
      }
    }
    expect(seen.size).toBe(60);
    expect(rejected).toBeLessThan(30);
    expect(best).toBeGreaterThan(-0.5);
    expect(strategy.pending()).toEqual([]);
  });

  it('is searchable by every strategy through the domain a campaign builds: distinct layers (per fidelity), results taken', () => {
    for (const name of STRATEGY_NAMES) {
      const domain = searchDomain(space);
      const strategy = createStrategy(name, domain, {}, 3);
      const seen = new Set<string>();
      for (let round = 0; round < 5; round++) {
        for (const p of strategy.ask(4)) {
          expect(p.fingerprint, name).toBe(layerFingerprint(domain.view.decode(p.genome)));
          // Halving proposes a function again at a higher fidelity: distinct per fidelity.
          const key = `${p.fingerprint}@${p.fidelity ?? ''}`;
          expect(seen.has(key), name).toBe(false);
          seen.add(key);
          const [a, b] = scores(domain.view.decode(p.genome));
          strategy.tell(p.id, { kind: 'score', value: (a + b) / 2 });
        }
      }
      expect(seen.size, name).toBeGreaterThanOrEqual(10);
      expect(strategy.pending(), name).toEqual([]);
    }
  });
});
