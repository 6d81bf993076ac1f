/**
 * The one validation of a campaign spec (packages/engine/src/validate-spec.ts), without a store: the
 * shape, the catalogs (space, tasks, transfer tasks, strategy and its starting points) and the limits,
 * every problem at once with the paths the API shows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '@actsearch/core';
import { validateCampaignSpec, type SpecCatalogs } from '@actsearch/engine';
import { SpaceCatalog } from '@actsearch/spaces';

const SPACES_DIR = fileURLToPath(new URL('../../../search-spaces/', import.meta.url));
const spaces = SpaceCatalog.fromSources(
  readdirSync(SPACES_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => ({ name, text: readFileSync(`${SPACES_DIR}${name}`, 'utf8') })),
);
const catalogs: SpecCatalogs = {
  spaces,
  tasks: [
    { id: 'spirals-mlp', version: 2 },
    { id: 'fashion-resmlp', version: 3 },
  ],
  limits: { maxBudget: 100, maxParallelism: 8 },
};
const base = { name: 'n', space: 'tiny', strategy: 'random', tasks: ['spirals-mlp'], budget: { candidates: 4 } };

function problems(input: unknown, over: SpecCatalogs = catalogs): { path: string; message: string }[] {
  try {
    validateCampaignSpec(input, over);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).fields];
  }
  return [];
}

describe('validateCampaignSpec', () => {
  it('returns the spec with its defaults when it can run here', () => {
    const spec = validateCampaignSpec(base, catalogs);
    expect(spec.strategy).toEqual({ name: 'random', config: {} });
    expect(spec.fidelity).toBe('screen');
    expect(spec.finale.transferTasks).toEqual(['fashion-resmlp']);
  });

  it('reports shape problems with wire paths and words, and takes no owner from the spec', () => {
    const fields = problems({ ...base, tasks: ['spirals-mlp', 'a|b'], fidelity: 'ultra', owner: 'me' });
    expect(fields.map((f) => f.path).sort()).toEqual(['fidelity', 'owner', 'tasks[1]']);
    expect(fields.find((f) => f.path === 'owner')?.message).toBe('unknown field');
    expect(fields.find((f) => f.path === 'fidelity')?.message).toMatch(/must be one of "screen", "standard", "full"/);
  });

  it('reports every catalog problem at once: space, task, transfer task, strategy, limits', () => {
    const fields = problems({
      ...base,
      space: 'nope',
      tasks: ['spirals-mlp', 'imagenet'],
      strategy: 'gradient-descent',
      budget: { candidates: 101 },
      parallelism: 9,
      finale: { transferTasks: ['cifar'] },
    });
    expect(fields.map((f) => f.path)).toEqual([
      'space',
      'tasks[1]',
      'finale.transferTasks[0]',
      'strategy.name',
      'budget.candidates',
      'parallelism',
    ]);
    expect(fields[0]?.message).toMatch(/^unknown space 'nope' \(known: .*tiny/);
    expect(fields[1]?.message).toBe("unknown task 'imagenet' (known: spirals-mlp, fashion-resmlp)");
    expect(fields[4]?.message).toBe('must be ≤ 100');
  });

  it("checks a strategy's config and its starting points against the space, also inside halving", () => {
    expect(problems({ ...base, strategy: { name: 'evolution', config: { populationSize: 1 } } }).map((f) => f.path)).toEqual([
      'strategy.config.populationSize',
    ]);
    const surrogate = problems({
      ...base,
      strategy: { name: 'surrogate', config: { baselines: ['relu(x)', 'x +* 1'], seeds: [[0, 99]] } },
    });
    expect(surrogate.map((f) => f.path)).toEqual(['strategy.config.baselines[1]', 'strategy.config.seeds[0]']);
    expect(surrogate[1]?.message).toBe("not a member of space 'tiny'");
    const halving = problems({
      ...base,
      strategy: { name: 'halving', config: { inner: { strategy: 'surrogate', config: { seeds: [[0, 99]] } } } },
    });
    expect(halving.map((f) => f.path)).toEqual(['strategy.config.inner.config.seeds[0]']);
  });

  it('accepts any task id when the engine has no task registry, and no limits when none are given', () => {
    expect(problems({ ...base, tasks: ['anything'], budget: { candidates: 10_000 } }, { spaces })).toEqual([]);
  });
});
