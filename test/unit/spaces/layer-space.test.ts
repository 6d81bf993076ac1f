/**
 * Layer spaces (`kind: layer`): templates may use aggregates (an activation space refuses them), every
 * member ends in the per-channel affine, members dedupe by the layer fingerprint, and the shipped
 * evonorm space contains EvoNorm-B0 and -S0. Adding the kind leaves every activation space's content
 * hash as it was (the benchmark tables are keyed by it).
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '@actsearch/core';
import { isLayerExpr, layerFingerprint, parse, printLayer, resolveLayer, Rng } from '@actsearch/expr';
import { classes, contentHash, crossover, decode, enumerate, mutate, parseSpace, sample, type Genome } from '@actsearch/spaces';
import { loadRepoSpace, repoSpaceText } from './repo-spaces.ts';

const evonorm = loadRepoSpace('evonorm');
const u = (name: string) => evonorm.unary.findIndex((o) => o.name === name);
const b = (name: string) => evonorm.binary.findIndex((o) => o.name === name);

describe('layer spaces', () => {
  it('leave the content hashes of the activation spaces unchanged', () => {
    expect(
      Object.fromEntries(
        ['pangaea', 'pangaea-binary', 'swish-core1', 'swish-core2', 'tiny'].map((id) => [id, contentHash(loadRepoSpace(id))]),
      ),
    ).toEqual({
      pangaea: '4afd26e22cd37d5af244612ed0630116d29f0483466b6d50fcb7c4501f0f5808',
      'pangaea-binary': 'a0494a9ab628a59f699e26171d692a2d5380e9b2edc897fa9a3149957110e837',
      'swish-core1': '379fc34e137c5b17a1b75573392bba67c5deda2d34d98e0e73623574bc661495',
      'swish-core2': 'cd0f0831ef44b4f3fad6aa9ae4d3b5fa4098186a1bfa53a598f3efe2e08e0ada',
      tiny: '3d3b963c0aaf8da6fda86ada8c385bf2af5dd12f64cb0ba47b5bc843cc0fb992',
    });
    // The kind is part of a layer space's identity.
    const asActivation = repoSpaceText('evonorm')
      .replace('kind: layer\n', '')
      .replace(/ {4}\w+: .*(?:_var|_mean|v \*).*\n/g, '');
    expect(contentHash(parseSpace(asActivation, 'a.yaml'))).not.toBe(
      contentHash(parseSpace(asActivation.replace('version: 1\n', 'version: 1\nkind: layer\n'), 'b.yaml')),
    );
  });

  it('refuse aggregates in an activation space, with a hint', () => {
    const text = repoSpaceText('evonorm').replace('kind: layer\n', '');
    expect(() => parseSpace(text, 'evonorm.yaml')).toThrow(ValidationError);
    let fields: readonly { path: string; message: string }[] = [];
    try {
      parseSpace(text, 'evonorm.yaml');
    } catch (err) {
      fields = (err as ValidationError).fields;
    }
    expect(fields.find((f) => f.path === 'operators.unary.batch_mean')?.message).toMatch(
      /'batch_mean' is a layer aggregate.*set kind: layer/,
    );
    // v is EvoNorm's per-channel gate: a layer parameter, not an activation one.
    expect(fields.find((f) => f.path === 'operators.unary.gate')?.message).toMatch(/unknown name 'v'/);
    expect(() => parseSpace(text.replace('title:', 'kind: layers\ntitle:'), 'evonorm.yaml')).toThrow(/kind is activation or layer/);
  });

  it('contain EvoNorm-B0 (3 units) and EvoNorm-S0 (2 units), affine included', () => {
    const b0: Genome = [
      2,
      0,
      0,
      u('gate'),
      u('instance_std'),
      b('add'),
      0,
      1,
      u('batch_std'),
      u('identity'),
      b('max'),
      0,
      2,
      u('identity'),
      u('identity'),
      b('div'),
    ];
    const s0: Genome = [1, 0, 0, u('identity'), u('sigmoid_gate'), b('mul'), 1, 0, u('identity'), u('group_std'), b('div')];
    expect(evonorm.kind).toBe('layer');
    expect(printLayer(decode(evonorm, b0))).toBe(printLayer(resolveLayer('evonorm_b0')));
    expect(layerFingerprint(decode(evonorm, b0))).toBe(layerFingerprint(resolveLayer('evonorm_b0')));
    expect(layerFingerprint(decode(evonorm, s0))).toBe(layerFingerprint(resolveLayer('evonorm_s0')));
  });

  it('decode sampled, mutated and crossed members to layer expressions that print and parse back', () => {
    const rng = new Rng(5);
    let withStatistics = 0;
    for (let i = 0; i < 200; i++) {
      const a = sample(evonorm, rng);
      const c = crossover(mutate(a, evonorm, rng), sample(evonorm, rng), evonorm, rng);
      for (const g of [a, c]) {
        const e = decode(evonorm, g);
        expect(parse(printLayer(e), { layer: true })).toEqual(e);
        expect(layerFingerprint(e)).toMatch(/^[0-9a-f]{16}$/);
        if (isLayerExpr(e)) withStatistics++;
      }
    }
    // Most members use a statistic; those that do not are activations with an affine (a search rejects them).
    expect(withStatistics).toBeGreaterThan(300);
  });

  it('dedupe members by the layer fingerprint', () => {
    const one = classes(evonorm, enumerate(evonorm, { shape: 0 }));
    // 23² · 4 = 2,116 one-unit members; x + x = 2·x-style and commuted pairs collapse.
    expect(one.reduce((n, c) => n + c.members.length, 0)).toBe(2116);
    expect(one.length).toBeLessThan(2116);
    const addSwapped = (g1: number, g2: number) => [0, 0, 0, g1, g2, b('add')] as Genome;
    const find = (g: Genome) => one.find((c) => c.members.some((m) => m.join() === g.join()));
    expect(find(addSwapped(u('batch_std'), u('tanh')))).toBe(find(addSwapped(u('tanh'), u('batch_std'))));
    expect(find(addSwapped(u('batch_std'), u('tanh')))).not.toBe(find(addSwapped(u('instance_std'), u('tanh'))));
  });
});
