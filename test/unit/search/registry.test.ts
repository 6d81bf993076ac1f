import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '@actsearch/core';
import { createStrategy, restoreStrategy, STRATEGY_NAMES, strategyConfigSchemas, validateStrategyConfig } from '@actsearch/search';
import { gridSpace } from './fake-spaces.ts';
import { loadSpace, tinyDomain } from './real-spaces.ts';
import { contentHash } from '@actsearch/spaces';

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.fields.map((f) => f.path);
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('strategy registry', () => {
  it('knows the seven strategies, each with a documented config', () => {
    expect(STRATEGY_NAMES).toEqual(['exhaustive', 'random', 'evolution', 'controller', 'surrogate', 'guided', 'halving']);
    for (const name of STRATEGY_NAMES) {
      const shape = strategyConfigSchemas[name].shape as Record<string, { description?: string }>;
      for (const [field, schema] of Object.entries(shape)) expect(schema.description, `${name}.${field}`).toBeTruthy();
    }
  });

  it('keeps each strategy in its own file, strategies/<name>.ts, next to its config schema', async () => {
    for (const name of STRATEGY_NAMES) {
      const mod = (await import(`../../../packages/search/src/strategies/${name}.ts`)) as Record<string, unknown>;
      expect(mod[`${name}ConfigSchema`], name).toBe(strategyConfigSchemas[name]);
    }
  });

  it('fills in defaults and keeps the completed config in the state', () => {
    const space = loadSpace('tiny');
    const s = createStrategy('evolution', space, { populationSize: 10 }, 7);
    expect(s.toJSON()).toMatchObject({
      strategy: 'evolution',
      seed: 7,
      spaceId: contentHash(space),
      config: { populationSize: 10, tournamentSize: 8, objective: 'scalar' },
    });
  });

  it('rejects unknown strategies, unknown fields and bad values with field paths', () => {
    expect(fieldsOf(() => createStrategy('annealing', tinyDomain()))).toEqual(['strategy']);
    expect(fieldsOf(() => createStrategy('evolution', tinyDomain(), { populationSize: 1, colour: 'red' }))).toEqual(
      expect.arrayContaining(['config.populationSize', 'config']),
    );
    expect(fieldsOf(() => validateStrategyConfig('halving', { inner: { strategy: 'evolution', config: { tournamentSize: 0 } } }))).toEqual([
      'config.inner.config.tournamentSize',
    ]);
    expect(fieldsOf(() => createStrategy('halving', tinyDomain(), { fidelities: ['screen', 'screen'] }))).toEqual(['config.fidelities']);
    expect(() => createStrategy('random', tinyDomain(), {}, 1.5)).toThrow(ValidationError);
  });

  it('restores only against the space it was made for, and only well-formed states', () => {
    const json = JSON.parse(JSON.stringify(createStrategy('random', tinyDomain(), {}, 1).toJSON()));
    expect(() => restoreStrategy(json, gridSpace(2, 3))).toThrow(ConflictError);
    expect(() => restoreStrategy({ ...json, version: 99 }, tinyDomain())).toThrow(ValidationError);
    expect(() => restoreStrategy({ strategy: 'random' }, tinyDomain())).toThrow(ValidationError);
    expect(restoreStrategy(json, tinyDomain()).name).toBe('random');
  });
});
