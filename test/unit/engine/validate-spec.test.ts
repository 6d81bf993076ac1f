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

describe('validateCampaignSpec on a layer space', () => {
  const layerCatalogs: SpecCatalogs = {
    spaces,
    tasks: [
      { id: 'fashion-resmlp', version: 3, kind: 'builtin', architecture: { kind: 'residual-mlp', width: 64 } },
      { id: 'mnist-cnn', version: 2, kind: 'builtin', architecture: { kind: 'cnn', channels: [8, 16] } },
      { id: 'narrow-mlp', version: 1, kind: 'builtin', architecture: { kind: 'mlp', hidden: [64, 30] } },
      { id: 'my-model', version: 1, kind: 'command' },
    ],
  };
  const layerBase = {
    name: 'n',
    space: 'evonorm',
    strategy: 'evolution',
    tasks: ['fashion-resmlp', 'mnist-cnn'],
    budget: { candidates: 4 },
  };

  it('compares with BatchNorm + ReLU and re-tests the known layers unless the spec names its own', () => {
    const spec = validateCampaignSpec(layerBase, layerCatalogs);
    expect(spec.reference).toEqual({ activations: ['bn_relu'], search: true });
    expect(spec.finale.baselines).toEqual(['bn_relu', 'gn_relu', 'evonorm_b0', 'evonorm_s0']);
    const own = validateCampaignSpec(
      { ...layerBase, reference: ['evonorm_s0', 'x / sqrt(layer_var(x) + eps) * gamma + beta'], finale: { baselines: ['gn_relu'] } },
      layerCatalogs,
    );
    expect(own.reference.activations).toEqual(['evonorm_s0', 'x / sqrt(layer_var(x) + eps) * gamma + beta']);
    expect(own.finale.baselines).toEqual(['gn_relu']);
    // Switching the reference's search training off keeps the layer default.
    expect(validateCampaignSpec({ ...layerBase, reference: { search: false } }, layerCatalogs).reference).toEqual({
      activations: ['bn_relu'],
      search: false,
    });
    // Layer texts are one function each by the layer fingerprint: two spellings of BN-ReLU are one reference.
    expect(
      problems(
        { ...layerBase, reference: ['bn_relu', 'relu((x - batch_mean(x)) / sqrt(batch_var(x) + eps) * gamma + beta)'] },
        layerCatalogs,
      ),
    ).toEqual([{ path: 'reference.activations', message: 'reference activations must be different functions' }]);
  });

  it('refuses, field by field, what a layer campaign cannot run: activations as references, command tasks, widths the groups do not divide, activation pre-screen options', () => {
    const fields = problems(
      {
        ...layerBase,
        tasks: ['fashion-resmlp', 'my-model', 'narrow-mlp'],
        reference: ['relu'],
        finale: { baselines: ['bn_relu', 'gelu'], transferTasks: ['my-model'] },
        rejection: { prescreen: { explodingThreshold: 10 } },
      },
      layerCatalogs,
    );
    expect(Object.fromEntries(fields.map((f) => [f.path, f.message]))).toEqual({
      'reference.activations[0]': expect.stringMatching(
        /^'relu' is an activation, but 'evonorm' is a layer space: .*bn_relu, gn_relu, evonorm_b0, evonorm_s0/,
      ),
      'finale.baselines[1]': expect.stringMatching(/^'gelu' is an activation, but 'evonorm' is a layer space/),
      'tasks[1]': expect.stringMatching(/^task 'my-model' is a command task/),
      'tasks[2]': "task 'narrow-mlp' has a layer of 30 channels, which the 4 groups of 'evonorm''s group statistics do not divide",
      'finale.transferTasks[0]': expect.stringMatching(/^task 'my-model' is a command task/),
      'rejection.prescreen': expect.stringMatching(/activation pre-screen's options do not apply to layers/),
    });
  });

  it('refuses a layer as the reference of an activation campaign, and reads surrogate baselines as the space reads its members', () => {
    expect(problems({ ...base, reference: ['bn_relu'] })).toEqual([
      {
        path: 'reference.activations[0]',
        message: "'bn_relu' is a normalization-activation layer, but 'tiny' is an activation space: its campaigns compare activations",
      },
    ]);
    const surrogate = (baselines: string[]) => ({ ...layerBase, strategy: { name: 'surrogate', config: { baselines } } });
    expect(problems(surrogate(['evonorm_b0', 'x / sqrt(group_var(x, 4) + eps) * gamma + beta']), layerCatalogs)).toEqual([]);
    expect(problems(surrogate(['batch_var(x']), layerCatalogs).map((f) => f.path)).toEqual(['strategy.config.baselines[0]']);
  });
});
