import { describe, expect, it } from 'vitest';
import type { EvaluationPayload } from '@actsearch/engine';
import { getTask } from '@actsearch/tasks';
import { evaluate } from '@actsearch/worker';

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

  it('trains a job pinned to its current version, and one without a version (0)', async () => {
    for (const version of [getTask('spirals-mlp').version, 0]) {
      const outcome = await evaluate(payload(version));
      expect(outcome).toMatchObject({ status: 'done' });
      expect(outcome.metric).toBeGreaterThan(0.5);
    }
  }, 120_000);
});
