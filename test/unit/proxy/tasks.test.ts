import { describe, expect, it } from 'vitest';
import { evaluateCandidate, loadDataset } from '@actsearch/proxy';
import { getBuiltinTask as getTask, listTasks } from '@actsearch/tasks';

describe('task registry', () => {
  it('has unique ids, versions, and full ≥ 10× standard for every task', () => {
    const ids = listTasks().map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of listTasks()) {
      if (t.kind !== 'builtin') continue;
      expect(t.version).toBeGreaterThanOrEqual(1);
      const f = t.fidelities;
      expect(f.full.steps * f.full.batchSize).toBeGreaterThanOrEqual(10 * f.standard.steps * f.standard.batchSize);
      expect(f.standard.steps).toBeGreaterThan(f.screen.steps);
      expect(f.full.test).toBe(true);
      expect(t.quality.step).toBeLessThanOrEqual(f.screen.steps);
    }
    expect(() => getTask('nope')).toThrow(/unknown task 'nope'/);
  });

  it('splits Fashion-MNIST 50,000 / 10,000 / 10,000, balanced', () => {
    const ds = loadDataset('fashion-mnist');
    expect([ds.train.n, ds.validation.n, ds.test.n]).toEqual([50000, 10000, 10000]);
    const counts = new Array(10).fill(0);
    for (const l of ds.test.labels!) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(1000));
  });

  for (const task of listTasks()) {
    if (task.kind !== 'builtin') continue;
    it(`trains ReLU above the quality floor of ${task.id}`, async () => {
      const r = await evaluateCandidate({ expr: 'relu(x)', task, fidelity: 'screen', seed: 0, rejection: { stability: false } });
      expect(r.rejection).toBeNull();
      expect(r.qualityMetric!).toBeGreaterThan(task.quality.floor);
    });
  }
});
