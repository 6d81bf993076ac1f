/**
 * One function, one verdict: two texts of one function (same fingerprint) train to the same result.
 * `min(expm1(x), relu(x))` is ELU; its derivative used to multiply the unselected expm1 branch by a 0/1
 * step, 0·∞ = NaN once x > 88 in float32, and the stability test rejected it where ELU trains.
 */
import { describe, expect, it } from 'vitest';
import { canonicalize, fingerprint, parse } from '@actsearch/expr';
import { evaluateCandidate } from '@actsearch/proxy';
import { getBuiltinTask, listTasks } from '@actsearch/tasks';

const ELU_TEXTS = ['elu(x)', 'min(expm1(x), relu(x))'] as const;

describe('one function, one verdict', () => {
  it('the two texts are one function', () => {
    const [a, b] = ELU_TEXTS.map((t) => fingerprint(canonicalize(parse(t))));
    expect(b).toBe(a);
  });

  // Stability test and a short training with the default rejection tests, on every built-in task.
  it.each(
    listTasks()
      .filter((t) => t.kind === 'builtin')
      .map((t) => t.id),
  )(
    'min(expm1(x), relu(x)) gets the result of elu(x) on %s',
    async (taskId) => {
      const [elu, written] = await Promise.all(
        ELU_TEXTS.map((expr) => evaluateCandidate({ expr, task: getBuiltinTask(taskId), fidelity: 'screen', seed: 1, steps: 30 })),
      );
      expect(written?.rejection, JSON.stringify(written?.rejection)).toBeNull();
      expect(written?.status).toBe(elu?.status);
      // tf.elu and expm1 differ in last bits for x < 0, so the runs agree to rounding, not bit for bit.
      const near = (a: number | null | undefined, b: number | null | undefined) =>
        Math.abs((a ?? NaN) - (b ?? NaN)) <= 2e-3 * Math.max(1, Math.abs(b ?? NaN));
      expect(near(written?.validationMetric, elu?.validationMetric), `${written?.validationMetric} vs ${elu?.validationMetric}`).toBe(true);
      expect(near(written?.validationLoss, elu?.validationLoss), `${written?.validationLoss} vs ${elu?.validationLoss}`).toBe(true);
    },
    300_000,
  );
});
