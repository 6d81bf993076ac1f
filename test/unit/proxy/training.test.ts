import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { evaluateCandidate } from '@actsearch/proxy';
import { getBuiltinTask } from '@actsearch/tasks';

// Tiny runs on the synthetic two-spirals task: a few hundred steps of a 2-32-32-2 MLP take well under a second.
const tiny = { task: getBuiltinTask('spirals-mlp'), fidelity: 'screen', steps: 120 } as const;

describe('training', () => {
  it('gives identical metrics for the same activation, task, fidelity and seed', async () => {
    const a = await evaluateCandidate({ ...tiny, expr: 'x * sigmoid(beta * x)', seed: 7 });
    const b = await evaluateCandidate({ ...tiny, expr: 'x * sigmoid(beta * x)', seed: 7 });
    expect(a.status).toBe('ok');
    expect(b.validationMetric).toBe(a.validationMetric);
    expect(b.validationLoss).toBe(a.validationLoss);
    expect(b.curve).toEqual(a.curve);
    expect(b.learnedParams).toEqual(a.learnedParams);
    expect(b.maxGradNorm).toBe(a.maxGradNorm);
  });

  it('gives different training runs for different seeds', async () => {
    const a = await evaluateCandidate({ ...tiny, expr: 'tanh(x)', seed: 1 });
    const b = await evaluateCandidate({ ...tiny, expr: 'tanh(x)', seed: 2 });
    expect(b.curve).not.toEqual(a.curve);
  });

  it('records the curve at fixed intervals, the backend, the seed, throughput and learned parameters', async () => {
    const r = await evaluateCandidate({ ...tiny, expr: 'x * sigmoid(beta * x); beta = 1.5', seed: 3 });
    expect(r.curve.map((c) => c.step)).toEqual([20, 40, 60, 80, 100, 120]);
    expect(r.curve.every((c) => c.loss !== null && c.loss > 0)).toBe(true);
    expect(r.curve[5]!.loss!).toBeLessThan(r.curve[0]!.loss!);
    expect(['wasm', 'cpu', 'tensorflow', 'tensorflow-gpu']).toContain(r.backend);
    expect(r.seed).toBe(3);
    expect(r.stepsDone).toBe(120);
    expect(r.stepsPerSecond).toBeGreaterThan(0);
    expect(r.testMetric).toBeNull();
    // Two hidden layers, one β each, trained away from its initial 1.5.
    expect(r.learnedParams.beta).toHaveLength(2);
    expect(r.learnedParams.beta!.some((v) => Math.abs(v - 1.5) > 1e-4)).toBe(true);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('scores the test split only at full fidelity', async () => {
    const r = await evaluateCandidate({
      task: getBuiltinTask('checkerboard-mlp'),
      fidelity: 'full',
      steps: 30,
      expr: 'relu(x)',
      seed: 0,
      rejection: { quality: false },
    });
    expect(r.testMetric).not.toBeNull();
    expect(r.testMetric!).toBeGreaterThan(0);
  });

  it('leaks no tensors across evaluations', async () => {
    await evaluateCandidate({ ...tiny, steps: 20, expr: 'x * sigmoid(beta * x)', seed: 0 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await evaluateCandidate({ ...tiny, steps: 20, expr: 'x * sigmoid(beta * x)', seed: i });
    await evaluateCandidate({ ...tiny, steps: 20, expr: 'exp(exp(x))', seed: 0, rejection: { prescreen: false, stability: false } });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports bad input as typed errors, not as rejections', async () => {
    await expect(evaluateCandidate({ ...tiny, expr: 'x +* 2', seed: 0 })).rejects.toMatchObject({ code: 'parse_error' });
    expect(() => getBuiltinTask('no-such-task')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
