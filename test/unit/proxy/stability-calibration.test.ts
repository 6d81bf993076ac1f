/**
 * The stability test, calibrated: it must never reject a known-good activation on a task and seed the
 * finale uses. EvoNorm's worst-case gradient-norm ascent (threshold 1e8) peaks around 1e4 for these on
 * the built-in tasks (docs/benchmarks/rejection.md measures every task); a non-finite norm came from
 * derivatives that multiplied an overflowing branch by 0, not from the functions themselves. The test
 * runs before training and does not depend on the fidelity.
 */
import { describe, expect, it } from 'vitest';
import { checkStability } from '@actsearch/proxy';
import { getBuiltinTask } from '@actsearch/tasks';
import { KNOWN_GOOD_ACTIVATIONS as KNOWN_GOOD } from '../../fixtures/known-good-activations.ts';

// The default finale: the default search task and the default transfer task, seeds 0, 1, 2.
const FINALE_TASKS = ['mnist-mlp', 'fashion-resmlp'];
const FINALE_SEEDS = [0, 1, 2];

describe('stability test calibration', () => {
  it.each(FINALE_TASKS)(
    'rejects no known-good activation on %s with the finale seeds',
    async (taskId) => {
      const rejected: string[] = [];
      for (const expr of KNOWN_GOOD) {
        for (const seed of FINALE_SEEDS) {
          const r = await checkStability({ expr, task: getBuiltinTask(taskId), seed });
          if (!r.passed) rejected.push(`${expr} seed ${seed}: ${r.reason}`);
          // Far below the threshold, not just under it: a margin of 1,000×.
          else expect(r.maxGradNorm ?? Infinity, `${expr} seed ${seed}`).toBeLessThan(1e5);
        }
      }
      expect(rejected).toEqual([]);
    },
    600_000,
  );

  it('still rejects a function whose gradients explode', async () => {
    const r = await checkStability({ expr: 'x^3', task: getBuiltinTask('mnist-mlp'), seed: 0 });
    expect(r.passed).toBe(false);
  }, 60_000);
});
