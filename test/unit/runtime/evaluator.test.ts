import { describe, expect, it } from 'vitest';
import type { EvaluationPayload } from '@actsearch/engine';
import { getTask } from '@actsearch/tasks';
import { evaluate } from '@actsearch/runtime';

const payload = (taskVersion: number): EvaluationPayload => ({
  key: 'k',
  fingerprint: 'f',
  expression: 'relu(x)',
  task: 'spirals-mlp',
  taskVersion,
  fidelity: 'screen',
  seed: 0,
  rejection: { prescreen: true, quality: true, stability: true, divergence: true },
});

describe('the proxy evaluator module', () => {
  it('refuses, without training and for good, a job pinned to another version of its task', async () => {
    const current = getTask('spirals-mlp').version;
    const error = await evaluate(payload(current + 1)).then(
      () => null,
      (e: unknown) => e as Error & { permanent?: boolean },
    );
    expect(error?.message).toBe(
      `task spirals-mlp is at version ${current} in this worker, but the campaign was submitted for version ${current + 1}; run a worker of that release, or submit the campaign again`,
    );
    expect(error?.permanent).toBe(true);
  });

  it('refuses, for good, a task whose file changed since the server pinned its content', async () => {
    process.env.ACTSEARCH_PINNED_TASKS = JSON.stringify({ 'spirals-mlp': '0123456789abcdef' });
    try {
      const error = await evaluate(payload(getTask('spirals-mlp').version)).then(
        () => null,
        (e: unknown) => e as Error & { permanent?: boolean },
      );
      expect(error?.message).toMatch(
        /spirals-mlp\.yaml changed since this server checked it \(content 0123456789abcdef, now [0-9a-f]{16}\) under the same version 2; bump its version and restart/,
      );
      expect(error?.permanent).toBe(true);
    } finally {
      delete process.env.ACTSEARCH_PINNED_TASKS;
    }
  });

  it('trains a job pinned to its current version, and one without a version (0)', async () => {
    for (const version of [getTask('spirals-mlp').version, 0]) {
      const outcome = await evaluate(payload(version));
      expect(outcome).toMatchObject({ status: 'done' });
      expect(outcome.metric).toBeGreaterThan(0.5);
    }
  }, 120_000);
});

describe('the proxy evaluator module on layers', () => {
  const layer = (expression: string): EvaluationPayload => ({
    ...payload(getTask('checkerboard-mlp').version),
    task: 'checkerboard-mlp',
    expression,
    kind: 'layer',
  });

  it("trains a payload of kind 'layer' as a layer in the network's normalization + activation places", async () => {
    const outcome = await evaluate(layer('relu((x - batch_mean(x)) / sqrt(batch_var(x) + eps) * gamma + beta)'));
    expect(outcome).toMatchObject({ status: 'done' });
    expect(outcome.metric).toBeGreaterThan(0.6);
  }, 120_000);

  it('refuses, for good, a layer payload whose text is no layer (read as an activation it would have trained)', async () => {
    const error = await evaluate(layer('relu(x)')).then(
      () => null,
      (e: unknown) => e as Error & { permanent?: boolean },
    );
    expect(error?.message).toMatch(/'relu\(x\)' is an element-wise activation, not a layer/);
    expect(error?.permanent).toBe(true);
  });
});
