import { describe, expect, it } from 'vitest';
import type { CampaignSummary } from '@actsearch/contract';
import { getKnownLayer, layerFingerprint, resolveLayer } from '@actsearch/expr';
import { answerLines, answerTag, estimateLines } from '../../../apps/cli/src/client/answer-text.ts';
import { specFromOptions } from '../../../apps/cli/src/commands/submit.ts';

const answer = (over: Partial<NonNullable<CampaignSummary['answer']>>): CampaignSummary['answer'] => ({
  fingerprint: 'abc',
  expression: 'x * sin(x)',
  canonical: 'x * sin(x)',
  heldUp: false,
  provisional: false,
  basis: 'finale',
  reason: 'no candidate beat ReLU on all 2 finale tasks (…); the best by mean rank, `x * sin(x)`, lost to ReLU on fashion-resmlp by 0.1500',
  reference: { fingerprint: 'r', expression: 'relu(x)' },
  alpha: 0.05,
  tasks: [
    {
      task: 'spirals-mlp',
      kind: 'search',
      fidelity: 'full',
      rank: 1,
      n: 3,
      mean: 0.999,
      meanDiff: 0.0013,
      ciLow: -0.001,
      ciHigh: 0.0036,
      clipped: 'none',
      p: 0.09,
      pAdjusted: 0.41,
      beats: false,
      missing: null,
    },
    {
      task: 'fashion-resmlp',
      kind: 'transfer',
      fidelity: 'full',
      rank: 6,
      n: 3,
      mean: 0.7,
      meanDiff: -0.15,
      ciLow: -0.2,
      ciHigh: -0.1,
      clipped: 'none',
      p: 0.999,
      pAdjusted: 1,
      beats: false,
      missing: null,
    },
  ],
  ...over,
});

describe('the answer in the CLI', () => {
  it('tags it held up, did not hold up, provisional or without a finale', () => {
    expect(answerTag(answer({ heldUp: true }))).toBe('x * sin(x) (held up)');
    expect(answerTag(answer({}))).toBe('x * sin(x) (did not hold up)');
    expect(answerTag(answer({ provisional: true }))).toBe('x * sin(x) (provisional)');
    expect(answerTag(answer({ basis: 'search' }))).toBe('x * sin(x) (no finale)');
    expect(answerTag(null)).toBe('—');
  });

  it('prints the verdict, the reason and Δ per task with its interval and the adjusted p', () => {
    const lines = answerLines(answer({}), 'c1');
    expect(lines[0]).toBe('  answer: no function held up; best candidate x * sin(x)');
    expect(lines[1]).toContain('lost to ReLU on fashion-resmlp by 0.1500');
    expect(lines[2]).toBe(
      '    spirals-mlp (full): mean 0.9990, Δ relu(x) +0.0013 [-0.0010, +0.0036] (95 % CI) over 3 paired seeds, p 0.090 (Holm-adjusted 0.41)',
    );
    expect(lines[3]).toContain('Δ relu(x) -0.1500');
    expect(lines.at(-1)).toBe('  export it: actsearch export best:c1 --lang pytorch > best_activation.py');
  });

  it("says 'layer' for a layer campaign's answer", () => {
    const lines = answerLines(answer({}), 'c1', 'layer');
    expect(lines[0]).toBe('  answer: no layer held up; best candidate x * sin(x)');
    expect(lines.at(-1)).toBe('  export it: actsearch export best:c1 --lang pytorch > best_layer.py');
  });

  it('names a known layer reference by its name, not its formula', () => {
    const formula = getKnownLayer('bn_relu')!.text;
    const reference = { fingerprint: layerFingerprint(resolveLayer('bn_relu')), expression: formula };
    const lines = answerLines({ ...answer({})!, reference }, 'c1', 'layer');
    expect(lines[2]).toContain('Δ bn_relu +0.0013');
    expect(lines.join('\n')).not.toContain(formula);
  });

  it('prints what the finale will cost, and says "unknown" where nothing was measured', () => {
    const campaign = {
      finale: {
        started: false,
        total: 66,
        stored: 0,
        fraction: 0,
        eta: null,
        estimate: {
          evaluations: 66,
          trainingSeconds: null,
          wallSeconds: null,
          parallelism: 2,
          perTask: [
            {
              task: 'mnist-mlp',
              fidelity: 'full',
              evaluations: 33,
              seconds: 95,
              basis: 'scaled by steps (1000 → 5000) from 12 evaluations at standard',
            },
            { task: 'mnist-cnn', fidelity: 'full', evaluations: 33, seconds: null, basis: 'never trained here' },
          ],
        },
      },
    } as unknown as CampaignSummary;
    expect(estimateLines(campaign)).toEqual([
      'finale: up to 66 evaluations, time unknown (a task was never trained here at this fidelity or any other it can be scaled from)',
      '  mnist-mlp at full: 33 × ≈ 1m35s (scaled by steps (1000 → 5000) from 12 evaluations at standard)',
      '  mnist-cnn at full: 33 × unknown (never trained here)',
    ]);
  });

  it('submit --reference lists the references and --no-reference keeps them out of the search', () => {
    expect(specFromOptions({}, { reference: ['gelu', 'relu'] }).reference).toEqual({ activations: ['gelu', 'relu'] });
    expect(specFromOptions({ reference: ['elu'] }, { 'no-reference': true }).reference).toEqual({ activations: ['elu'], search: false });
    expect(specFromOptions({}, {}).reference).toBeUndefined();
  });
});
