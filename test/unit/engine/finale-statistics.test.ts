/**
 * The finale's statistics against SciPy: the one-sided paired t-test, the t-intervals cut at the
 * metric's range, Holm's adjustment over the whole finale, and the answer they lead to. Reference
 * values: test/fixtures/finale-statistics/scipy.json, made by make_fixture.py next to it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { beatsReference, finaleAnswer, finaleResults, holmAdjust, paired, type FinalePlan } from '@actsearch/engine';
import { fingerprint, parse } from '@actsearch/expr';
import type { Evaluation } from '@actsearch/store';

interface FixtureEntry {
  metrics: number[];
  stats: { mean: number; ciLow: number; ciHigh: number };
  meanDiff: number;
  t: number;
  p: number;
  diffLow: number;
  diffHigh: number;
  pHolm: number;
}
interface FixtureFinale {
  seeds: number;
  tasks: { reference: number[]; referenceStats: { mean: number; ciLow: number; ciHigh: number }; entries: FixtureEntry[] }[];
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/finale-statistics/scipy.json', import.meta.url), 'utf8')) as {
  finales: FixtureFinale[];
};
const ACCURACY = { min: 0, max: 1 };
const RELU = fingerprint(parse('relu(x)'));
/** Entry i's function: distinct, parseable, none of them ReLU. */
const entryText = (i: number): string => `x + ${i + 1} * sin(x)`;

/** The fixture's finale as a plan and stored rows: entry i is a finalist, the reference is ReLU. */
function finaleOf(f: FixtureFinale): { plan: FinalePlan; rows: Map<string, Evaluation> } {
  const seeds = Array.from({ length: f.seeds }, (_, i) => i);
  const entryCount = f.tasks[0]?.entries.length ?? 0;
  const entries = [
    ...Array.from({ length: entryCount }, (_, i) => ({
      fingerprint: `fp${i}`,
      canonical: entryText(i),
      searchRank: i + 1,
      searchScore: 0.9,
      baseline: null,
      finalist: true,
    })),
    { fingerprint: RELU, canonical: 'relu(x)', searchRank: null, searchScore: null, baseline: 'relu', finalist: false },
  ];
  const tasks = f.tasks.map((_, t) => ({ id: `task${t}`, kind: t === 0 ? ('search' as const) : ('transfer' as const) }));
  const targets = [];
  const rows = new Map<string, Evaluation>();
  for (const entry of entries) {
    for (const [t, task] of tasks.entries()) {
      for (const seed of seeds) {
        const key = `${entry.fingerprint}|${task.id}|${seed}`;
        targets.push({ key, fingerprint: entry.fingerprint, canonical: entry.canonical, task: task.id, taskVersion: 1, seed });
        const data = f.tasks[t];
        const index = Number(entry.fingerprint.slice(2));
        const metric = entry.fingerprint === RELU ? data?.reference[seed] : data?.entries[index]?.metrics[seed];
        rows.set(key, { key, status: 'done', metric, durationMs: 1000, task: task.id } as unknown as Evaluation);
      }
    }
  }
  return { plan: { entries, reference: { fingerprint: RELU, text: 'relu' }, tasks, seeds, fidelity: 'full', targets }, rows };
}

const close = (actual: number | null | undefined, expected: number, rel: number): void => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));
};

describe('finale statistics against SciPy', () => {
  it('the paired test is scipy.stats.ttest_rel(alternative="greater"), small p-values included', () => {
    for (const f of fixture.finales) {
      for (const task of f.tasks) {
        const reference = task.reference.map((metric, seed) => ({ seed, metric }));
        for (const entry of task.entries) {
          const result = paired(
            entry.metrics.map((metric, seed) => ({ seed, metric })),
            reference,
            ACCURACY,
          );
          expect(result?.n).toBe(f.seeds);
          close(result?.meanDiff, entry.meanDiff, 1e-9);
          close(result?.t, entry.t, 1e-9);
          close(result?.p, entry.p, 1e-6);
          close(result?.ciLow, entry.diffLow, 1e-9);
          close(result?.ciHigh, entry.diffHigh, 1e-9);
        }
      }
    }
  });

  it("Holm's adjustment over the whole finale is the reference's, in every row", () => {
    for (const f of fixture.finales) {
      const expected = f.tasks.flatMap((t) => t.entries.map((e) => e.pHolm));
      holmAdjust(f.tasks.flatMap((t) => t.entries.map((e) => e.p))).forEach((p, i) => close(p, expected[i] as number, 1e-6));
      const { plan, rows } = finaleOf(f);
      const result = finaleResults(plan, rows, { rangeOf: () => ACCURACY });
      expect(result.comparisons).toBe(expected.length);
      result.tasks.forEach((task, t) => {
        f.tasks[t]?.entries.forEach((entry, i) => {
          const row = task.rows.find((r) => r.fingerprint === `fp${i}`);
          close(row?.vsReference?.pAdjusted, entry.pHolm, 1e-6);
          close(row?.vsReference?.p, entry.p, 1e-6);
        });
      });
    }
  });

  it('holmAdjust keeps the input order, is monotone in p and never exceeds 1', () => {
    expect(holmAdjust([0.04, 0.01, 0.03, 0.5])).toEqual([0.09, 0.04, 0.09, 0.5]);
    expect(holmAdjust([0.6, 0.6])).toEqual([1, 1]);
    expect(holmAdjust([])).toEqual([]);
  });

  it("every interval stays in the metric's range, and says where it was cut", () => {
    let cut = 0;
    for (const f of fixture.finales) {
      const { plan, rows } = finaleOf(f);
      const result = finaleResults(plan, rows, { rangeOf: () => ACCURACY });
      result.tasks.forEach((task, t) => {
        for (const row of task.rows) {
          const i = Number(row.fingerprint.slice(2));
          const want = row.fingerprint === RELU ? f.tasks[t]?.referenceStats : f.tasks[t]?.entries[i]?.stats;
          close(row.stats?.ciLow, want?.ciLow as number, 1e-9);
          close(row.stats?.ciHigh, want?.ciHigh as number, 1e-9);
          expect(row.stats?.ciLow).toBeGreaterThanOrEqual(0);
          expect(row.stats?.ciHigh).toBeLessThanOrEqual(1);
          expect(row.stats?.clipped).toBe(want?.ciHigh === 1 ? 'high' : 'none');
          if (row.stats?.clipped !== 'none') cut += 1;
        }
      });
    }
    // The near-1 finale's intervals do reach past 1 (else this test would prove nothing).
    expect(cut).toBeGreaterThan(3);
  });

  it('a "better" mark never comes with an adjusted p at or above the threshold', () => {
    let marks = 0;
    for (const f of fixture.finales) {
      const { plan, rows } = finaleOf(f);
      const result = finaleResults(plan, rows, { rangeOf: () => ACCURACY });
      for (const task of result.tasks) {
        for (const row of task.rows) {
          if (!beatsReference(row, result.alpha)) continue;
          marks += 1;
          expect(row.vsReference?.pAdjusted).toBeLessThan(0.05);
          expect(row.vsReference?.meanDiff).toBeGreaterThan(0);
          // Significant before the correction is not enough.
        }
        for (const row of task.rows) if ((row.vsReference?.pAdjusted ?? 1) >= 0.05) expect(beatsReference(row, result.alpha)).toBe(false);
      }
    }
    expect(marks).toBeGreaterThan(0);
  });
});

describe('the answer from the finale', () => {
  it('names the finalist that beat the reference on every task, best mean rank first', () => {
    const { plan, rows } = finaleOf(fixture.finales[3] as FixtureFinale);
    const result = finaleResults(plan, rows, { rangeOf: () => ACCURACY });
    const { answer, finalists } = finaleAnswer(result, true);
    expect(result.holdsUp).toEqual(['fp1', 'fp0']);
    expect(answer).toMatchObject({ fingerprint: 'fp1', expression: entryText(1), heldUp: true, provisional: false, basis: 'finale' });
    expect(answer?.reason).toMatch(
      /^`x \+ 2 \* sin\(x\)` beat ReLU on the finale task \(Holm-adjusted one-sided p < 0.05 over 2 comparisons\): \+0\.1\d{3} on task0$/,
    );
    expect(answer?.tasks[0]?.pAdjusted).toBeLessThan(0.05);
    expect(finalists.map((f) => [f.fingerprint, f.verdict])).toEqual([
      ['fp1', 'held up'],
      ['fp0', 'held up'],
    ]);
  });

  it('says in plain words that nothing held up, naming the best candidate and how it missed', () => {
    const { plan, rows } = finaleOf(fixture.finales[2] as FixtureFinale);
    const result = finaleResults(plan, rows, { rangeOf: () => ACCURACY });
    expect(result.holdsUp).toEqual([]);
    const { answer, finalists } = finaleAnswer(result, true);
    expect(answer?.heldUp).toBe(false);
    expect(answer?.provisional).toBe(false);
    expect(answer?.reason).toMatch(
      /^no candidate beat ReLU on all 2 finale tasks \(Holm-adjusted one-sided p < 0\.05 over 6 comparisons\); the best by mean rank, `[^`]+`, /,
    );
    // Each finalist that missed says where, with Δ and the adjusted p, or by how much it lost.
    for (const f of finalists) {
      expect(f.heldUp).toBe(false);
      expect(f.verdict).toMatch(/^missed: /);
      for (const t of f.tasks.filter((task) => !task.beats)) {
        const words =
          t.meanDiff !== null && t.meanDiff < 0 ? `lost to ReLU on ${t.task} by ${Math.abs(t.meanDiff).toFixed(4)}` : `on ${t.task}`;
        expect(f.verdict).toContain(words);
      }
    }
    expect(finalists.some((f) => /lost to ReLU on task\d by 0\.0\d{3}/.test(f.verdict))).toBe(true);
  });

  it('is provisional, and never "held up", until every finale evaluation is in', () => {
    const { plan, rows } = finaleOf(fixture.finales[3] as FixtureFinale);
    const result = finaleResults(plan, rows, { rangeOf: () => ACCURACY });
    const { answer } = finaleAnswer(result, false);
    expect(answer).toMatchObject({ fingerprint: 'fp1', heldUp: false, provisional: true });
    expect(answer?.reason).toMatch(/^so far `x \+ 2 \* sin\(x\)` beats ReLU/);
  });
});
