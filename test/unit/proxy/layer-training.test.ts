/**
 * The known normalization-activation layers train in the activation's place on a CNN (mnist-cnn) and a
 * residual MLP (fashion-resmlp): the loss falls, the per-channel parameters move, scoring (evaluation
 * mode, running statistics) beats chance, and runs are reproducible. Short runs: a layer costs 3–10×
 * an activation per CNN step on WASM.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { evaluateLayerCandidate } from '@actsearch/proxy';
import { getBuiltinTask } from '@actsearch/tasks';

const LAYERS = ['bn_relu', 'gn_relu', 'evonorm_b0', 'evonorm_s0'] as const;
const TASKS = [
  ['mnist-cnn', 2, 20],
  ['fashion-resmlp', 9, 40],
] as const;

describe('layer training', () => {
  for (const [taskId, layerCount, steps] of TASKS) {
    it.each(LAYERS)(
      `%s trains on ${taskId}`,
      async (layer) => {
        const r = await evaluateLayerCandidate({ task: getBuiltinTask(taskId), fidelity: 'screen', seed: 0, steps, layer });
        expect(r.status, r.rejection?.reason).toBe('ok');
        expect(r.maxGradNorm).not.toBeNull();
        const first = r.curve[0]!.loss!;
        const last = r.curve[r.curve.length - 1]!.loss!;
        expect(last).toBeLessThan(first);
        expect(r.validationMetric!).toBeGreaterThan(0.3);
        // One γ per channel per layer; reported as each layer's mean, trained away from 1.
        expect(r.learnedParams.gamma).toHaveLength(layerCount);
        expect(r.learnedParams.gamma!.some((g) => Math.abs(g - 1) > 1e-4)).toBe(true);
        expect(r.activation).toContain('gamma');
      },
      120_000,
    );
  }

  it('is reproducible and leaks no tensors', async () => {
    const run = () =>
      evaluateLayerCandidate({ task: getBuiltinTask('fashion-resmlp'), fidelity: 'screen', seed: 3, steps: 10, layer: 'evonorm_b0' });
    const a = await run();
    const before = tf.memory().numTensors;
    const b = await run();
    expect(tf.memory().numTensors).toBe(before);
    expect(b.curve).toEqual(a.curve);
    expect(b.validationMetric).toBe(a.validationMetric);
    expect(b.learnedParams).toEqual(a.learnedParams);
  });

  it('refuses an element-wise activation or an unknown layer name with a typed error', async () => {
    const task = getBuiltinTask('fashion-resmlp');
    await expect(evaluateLayerCandidate({ task, fidelity: 'screen', seed: 0, steps: 1, layer: 'relu(x)' })).rejects.toThrow(/not a layer/);
    await expect(evaluateLayerCandidate({ task, fidelity: 'screen', seed: 0, steps: 1, layer: 'evonorm_b9' })).rejects.toThrow(
      /unknown name/,
    );
  });
});
