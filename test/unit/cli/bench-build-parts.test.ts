import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvaluationResult } from '@actsearch/proxy';
import { toBuildOutcome } from '../../../apps/cli/src/bench-build/evaluator.ts';
import { BuildJournal, journalPath, type BuildKey } from '../../../apps/cli/src/bench-build/journal.ts';
import { formatDuration, progressReporter } from '../../../apps/cli/src/bench-build/progress.ts';
import type { BuildProgress } from '../../../apps/cli/src/bench-build/build.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'bench-build-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base: EvaluationResult = {
  status: 'ok',
  activation: 'tanh(x)',
  taskId: 'mnist-mlp',
  taskVersion: 1,
  fidelity: 'screen',
  seed: 0,
  backend: 'wasm',
  metricName: 'accuracy',
  validationMetric: 0.9123456789,
  validationLoss: 0.31,
  testMetric: null,
  testLoss: null,
  curve: [{ step: 10, loss: 1.2 }],
  stepsPlanned: 100,
  stepsDone: 100,
  stepsPerSecond: 52.94,
  wallTimeMs: 3530.4,
  trainTimeMs: 2000,
  rejection: null,
  qualityMetric: 0.91,
  maxGradNorm: 161.23456,
  learnedParams: {},
  network: 'MLP 784-64-64-10',
  parameterCount: 55050,
};

describe('bench build rows', () => {
  it('keeps the validation metric of a finished run as the row metric', () => {
    const o = toBuildOutcome(base);
    expect(o).toEqual({
      metric: 0.9123456789,
      rejection: null,
      seconds: 3.53,
      metrics: { backend: 'wasm', val_loss: 0.31, quality_metric: 0.91, max_grad_norm: 161.2, steps_per_second: 52.9 },
    });
  });

  it('turns a rejection into a null metric, naming the test, its check and step', () => {
    const o = toBuildOutcome({
      ...base,
      status: 'rejected',
      validationMetric: 0.15,
      rejection: { test: 'quality', check: 'quality', step: 100, reason: 'accuracy 0.15 < 0.2 at step 100', value: 0.15, threshold: 0.2 },
    });
    expect(o.metric).toBeNull();
    expect(o.rejection).toEqual({ test: 'quality', reason: 'accuracy 0.15 < 0.2 at step 100' });
    expect(o.metrics).toMatchObject({ rejection_check: 'quality', rejection_step: 100, val_metric: 0.15 });
  });

  it('counts a run without a finite metric as diverged', () => {
    expect(toBuildOutcome({ ...base, validationMetric: null }).rejection?.test).toBe('divergence');
  });
});

describe('bench build journal', () => {
  const key: BuildKey = {
    space: 'tiny',
    spaceHash: 'h',
    shape: 'mul(x,unary(x))',
    task: 'spirals-mlp',
    taskVersion: 1,
    fidelity: 'screen',
    seed: 0,
  };
  const row = (fp: string) => ({ fingerprint: fp, text: 'x', genomes: [[0, 1]], metric: 0.5, rejection: null, seconds: 1 });

  it('sits beside the table file', () => {
    expect(journalPath('/d/pangaea.jsonl.gz')).toBe('/d/pangaea.journal.jsonl');
  });

  it('reopens with its rows, drops a torn last line and appends on a fresh line', () => {
    const file = path.join(dir, 'a.journal.jsonl');
    const j = BuildJournal.open(file, key);
    j.append(row('f1'));
    j.append(row('f2'));
    j.close();
    appendFileSync(file, '{"fingerprint":"f3","te');
    const k = BuildJournal.open(file, key);
    expect([...k.rows.keys()]).toEqual(['f1', 'f2']);
    k.append(row('f3'));
    k.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[3] as string).fingerprint).toBe('f3');
    expect([...BuildJournal.open(file, key).rows.keys()]).toEqual(['f1', 'f2', 'f3']);
  });

  it('refuses a journal of another build or a damaged row', () => {
    const file = path.join(dir, 'b.journal.jsonl');
    BuildJournal.open(file, key).close();
    expect(() => BuildJournal.open(file, { ...key, seed: 1 })).toThrow(/another build/);
    appendFileSync(file, '{"fingerprint":"f1"}\n');
    expect(() => BuildJournal.open(file, key)).toThrow(/line 2 is not a table row/);
  });
});

describe('bench build progress', () => {
  const p = (done: number, etaMs: number | null): BuildProgress => ({
    total: 100,
    done,
    resumed: 0,
    rejected: 3,
    failed: 0,
    running: 2,
    elapsedMs: 65_000,
    etaMs,
  });

  it('formats durations for an ETA', () => {
    expect(formatDuration(5_400)).toBe('5s');
    expect(formatDuration(125_000)).toBe('2m05s');
    expect(formatDuration(4_980_000)).toBe('1h23m');
  });

  it('prints plain lines at most every interval off a terminal, and the last one always', () => {
    let t = 0;
    const lines: string[] = [];
    const r = progressReporter({ isTty: false, write: (s) => void lines.push(s) }, 30_000, () => t);
    r.onProgress(p(0, null));
    t = 10_000;
    r.onProgress(p(10, 600_000));
    t = 31_000;
    r.onProgress(p(20, 300_000));
    t = 32_000;
    r.onProgress(p(100, 0));
    r.finish();
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/20\/100 \(20\.0 %\) · rejected 3 · elapsed 1m05s · ETA 5m00s\n$/);
    expect(lines.every((l) => !l.includes('\r'))).toBe(true);
  });

  it('redraws one bar in place on a terminal', () => {
    let t = 0;
    let text = '';
    const r = progressReporter({ isTty: true, write: (s) => void (text += s) }, 30_000, () => t);
    r.onProgress(p(50, 60_000));
    t = 1_000;
    r.onProgress(p(100, 0));
    r.finish();
    expect(text).toMatch(/^\r\[#{12}\.{12}\] 50\/100 .*ETA 1m00s\s*\r\[#{24}\] 100\/100 .*\n$/);
  });
});
