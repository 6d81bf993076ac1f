/**
 * planProposal over a layer space (packages/engine/src/plan-proposal.ts): a layer's identity is its
 * layer fingerprint and its canonical text parses back as a layer; the activation pre-screen is not
 * asked, the layer check is — its verdict a pre-screen rejection with the reason — and an activation
 * campaign plans exactly as before.
 */
import { describe, expect, it } from 'vitest';
import { evaluationKey } from '@actsearch/core';
import {
  planProposal,
  storedSpecOf,
  validateCampaignSpec,
  type Prescreen,
  type SpaceLookup,
  type StoredCampaignSpec,
} from '@actsearch/engine';
import { checkLayer, fingerprint, layerFingerprint, parse, parseLayer, print, resolveLayer, Rng } from '@actsearch/expr';
import { contentHash, decode, sample, type Genome, type SearchSpace } from '@actsearch/spaces';
import type { Proposal } from '@actsearch/search';
import { loadRepoSpace } from '../spaces/repo-spaces.ts';

const evonorm = loadRepoSpace('evonorm');
const tiny = loadRepoSpace('tiny');
const u = (name: string) => evonorm.unary.findIndex((o) => o.name === name);
const b = (name: string) => evonorm.binary.findIndex((o) => o.name === name);
// EvoNorm-S0 as a member of the space (test/unit/spaces/layer-space): x·σ(v·x) / group std.
const S0: Genome = [1, 0, 0, u('identity'), u('sigmoid_gate'), b('mul'), 1, 0, u('identity'), u('group_std'), b('div')];
// One unit, tanh(x) · x: element-wise, no statistic.
const ELEMENTWISE: Genome = [0, 0, 0, u('tanh'), u('identity'), b('mul')];

function stored(space: SearchSpace, over: Record<string, unknown> = {}): StoredCampaignSpec {
  const catalog: SpaceLookup = { has: (id) => id === space.id, get: () => space, ids: () => [space.id] };
  const spec = validateCampaignSpec(
    { name: 'n', space: space.id, strategy: 'random', tasks: ['mnist-mlp'], budget: { candidates: 4 }, seeds: [0, 1], ...over },
    { spaces: catalog },
  );
  return storedSpecOf({
    ...spec,
    spaceHash: contentHash(space),
    taskVersions: { 'mnist-mlp': 3 },
    ...(space.kind === 'layer' ? { kind: 'layer' } : {}),
  });
}

const proposal = (genome: Genome): Proposal => ({ id: 'p1', genome, fingerprint: 'unused', meta: {} }) as unknown as Proposal;

/** A pre-screen that must not be asked. */
const noActivationPrescreen: Prescreen = () => {
  throw new Error('the activation pre-screen was asked about a layer');
};

describe('planProposal on a layer space', () => {
  it('identifies a layer by its layer fingerprint, with a canonical text that parses back as the same layer, and a key per task × seed', () => {
    const spec = stored(evonorm);
    const plan = planProposal(evonorm, spec, proposal(S0), noActivationPrescreen);
    const s0 = layerFingerprint(resolveLayer('evonorm_s0'));
    expect(plan.fingerprint).toBe(s0);
    expect(layerFingerprint(parseLayer(plan.canonical))).toBe(s0);
    expect(layerFingerprint(parseLayer(plan.expression))).toBe(s0);
    // A layer's beta starts at 0: printed as a layer, the text carries no activation default clause.
    expect(plan.canonical).not.toMatch(/;/);
    expect(plan.verdict).toBeNull();
    expect(plan.keys.map((k) => k.key)).toEqual(
      [0, 1].map((seed) => evaluationKey({ fingerprint: s0, task: 'mnist-mlp', taskVersion: 3, fidelity: 'screen', seed })),
    );
  });

  it('turns down a member that uses no statistic of its input as a pre-screen rejection with its reason, even with the pre-screen off: it is no layer', () => {
    const plan = planProposal(evonorm, stored(evonorm), proposal(ELEMENTWISE), noActivationPrescreen);
    expect(plan.verdict).toEqual({ check: 'no_statistic', reason: expect.stringMatching(/uses no statistic of its input/) as string });
    const off = planProposal(evonorm, stored(evonorm, { rejection: { prescreen: false } }), proposal(ELEMENTWISE), noActivationPrescreen);
    expect(off.verdict?.check).toBe('no_statistic');
  });

  it('turns down a member that is not finite on the probe tensor, unless the pre-screen is off', () => {
    // Seeded random members until one is non-finite at its initial parameters (about 2 % of them are).
    const rng = new Rng(7);
    let genome: Genome | undefined;
    for (let i = 0; i < 2000 && genome === undefined; i++) {
      const g = sample(evonorm, rng);
      if (checkLayer(decode(evonorm, g))?.check === 'non_finite') genome = g;
    }
    expect(genome).toBeDefined();
    const plan = planProposal(evonorm, stored(evonorm), proposal(genome as Genome), noActivationPrescreen);
    expect(plan.verdict?.check).toBe('non_finite');
    expect(plan.verdict?.reason).toMatch(/non-finite at \d+ of 576 elements of the probe tensor/);
    const off = planProposal(
      evonorm,
      stored(evonorm, { rejection: { prescreen: false } }),
      proposal(genome as Genome),
      noActivationPrescreen,
    );
    expect(off.verdict).toBeNull();
  });
});

describe('planProposal on an activation space', () => {
  it('still fingerprints activations and asks the activation pre-screen', () => {
    const asked: string[] = [];
    const prescreen: Prescreen = (expr) => {
      asked.push(print(expr));
      return { check: 'constant', reason: 'test' };
    };
    const genome = sample(tiny, new Rng(1));
    const plan = planProposal(tiny, stored(tiny), proposal(genome), prescreen);
    expect(plan.fingerprint).toBe(fingerprint(parse(plan.canonical)));
    expect(asked).toEqual([plan.canonical]);
    expect(plan.verdict).toEqual({ check: 'constant', reason: 'test' });
  });
});
