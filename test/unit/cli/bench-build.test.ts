import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '@actsearch/core';
import { parseBenchmarkTable } from '@actsearch/search';
import { classes, enumerate, parseSpace, type SearchSpace, type Shape } from '@actsearch/spaces';
import { buildBenchmark, rejectionBreakdown, type BuildOptions } from '../../../apps/cli/src/bench-build/build.ts';
import { BuildJournal, journalPath } from '../../../apps/cli/src/bench-build/journal.ts';
import { runCli } from '../../../apps/cli/src/run-cli.ts';
import type { CliIo } from '../../../apps/cli/src/command.ts';

// The cheapest proxy run: two spirals, a 2-32-32-2 MLP, at its screen fidelity.
const TASK = 'spirals-mlp';
const space: SearchSpace = parseSpace(readFileSync(new URL('../../../search-spaces/tiny.yaml', import.meta.url), 'utf8'), 'tiny.yaml');
const shapeOf = (label: string) => space.shapes.find((s) => s.label === label) as Shape;
const MUL = shapeOf('mul(x,unary(x))');
const BINARY_X = shapeOf('binary(x,unary(x))');
const classCount = (shape: Shape) => classes(space, enumerate(space, { shape: shape.index })).length;

const dir = mkdtempSync(path.join(tmpdir(), 'bench-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readTable(file: string) {
  return parseBenchmarkTable(gunzipSync(readFileSync(file)).toString('utf8'));
}

function options(out: string, shape: Shape, extra: Partial<BuildOptions> = {}): BuildOptions {
  return { space, shape, taskId: TASK, fidelity: 'screen', seed: 0, workers: 2, out, command: 'test', ...extra };
}

/** Aborts the build once `n` rows are journaled (running evaluations still finish). */
function stopAfter(n: number) {
  const stop = new AbortController();
  return { signal: stop.signal, onProgress: (p: { done: number }) => (p.done >= n ? stop.abort() : undefined) };
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), isTty: false, cwd: dir, env: {} };
  return { sink, out: () => out.join(''), err: () => err.join('') };
}

describe('actsearch bench build', () => {
  it('resumes an interrupted build and writes one row per distinct function of the shape, with its command', async () => {
    const file = path.join(dir, 'mul.jsonl.gz');
    const first = await buildBenchmark(options(file, MUL, stopAfter(2)));
    expect(first.complete).toBe(false);
    expect(existsSync(file)).toBe(false);
    const journaled = readFileSync(journalPath(file), 'utf8').trim().split('\n').slice(1);
    // The rows done when it stopped, plus at most the other lane's running one.
    expect(journaled.length).toBeGreaterThanOrEqual(2);
    expect(journaled.length).toBeLessThanOrEqual(3);
    // A kill in the middle of a write leaves a torn line; it is dropped, not fatal.
    appendFileSync(journalPath(file), '{"fingerprint":"abc","text":"x *');

    const args = [
      'bench',
      'build',
      '--space',
      'tiny',
      '--shape',
      'mul(x,unary(x))',
      '--task',
      TASK,
      '--workers',
      '2',
      '--out',
      'mul.jsonl.gz',
    ];
    const s = io();
    expect(await runCli(args, s.sink)).toBe(0);
    expect(s.out()).toContain(`wrote mul.jsonl.gz: 6 rows`);
    expect(s.out()).toContain(`(evaluated ${6 - journaled.length} now, ${journaled.length} resumed)`);
    expect(s.err()).toMatch(/6\/6 \(100\.0 %\)/);
    const table = readTable(file);
    expect(table.rows).toHaveLength(classCount(MUL));
    expect(new Set(table.rows.map((r) => r.fingerprint))).toEqual(
      new Set(classes(space, enumerate(space, { shape: MUL.index })).map((c) => c.fingerprint)),
    );
    // Rows of the first run are kept as they were; the file is in the plan's order.
    for (const line of journaled) expect(table.lookup(JSON.parse(line).fingerprint)).toEqual(JSON.parse(line));
    expect(table.rows.map((r) => r.text)).toEqual(['x * x', '-(x * x)', 'x * abs(x)', 'x * sin(x)', 'x * tanh(x)', 'x * sigmoid(x)']);
    expect(table.rows[0]?.genomes).toHaveLength(2); // identity and beta·x with beta = 1
    expect(table.header).toMatchObject({
      space: 'tiny',
      shape: 'mul(x,unary(x))',
      task: TASK,
      fidelity: 'screen',
      metric: 'val_accuracy',
      synthetic: false,
      rows: 6,
    });
    expect(table.header.command).toBe(
      "actsearch bench build --space tiny --shape 'mul(x,unary(x))' --task spirals-mlp --workers 2 --out mul.jsonl.gz",
    );
    expect(table.header.notes).toMatchObject({ seeds: [0], steps: 200, backend: expect.any(String) });
    for (const r of table.rows) {
      expect(r.rejection).toBeNull();
      // Two classes, above chance: every one of these learns something in 200 steps.
      expect(r.metric).toBeGreaterThan(0.5);
      expect(r.metric).toBeLessThanOrEqual(1);
      expect(r.seconds).toBeGreaterThan(0);
    }
    expect(existsSync(journalPath(file))).toBe(false);

    const again = io();
    expect(await runCli(args, again.sink)).toBe(0);
    expect(again.out()).toMatch(/already complete \(6 rows\); nothing to do/);
  });

  it('journals rejected functions with the rejecting test and a null metric', async () => {
    const out = path.join(dir, 'rejected.jsonl.gz');
    // The shape's first two functions, 2·x and 0, fail the pre-screen (linear, constant).
    const report = await buildBenchmark(options(out, BINARY_X, { workers: 1, ...stopAfter(2) }));
    expect(report.complete).toBe(false);
    const rows = [
      ...BuildJournal.open(journalPath(out), JSON.parse(readFileSync(journalPath(out), 'utf8').split('\n')[0] as string).key).rows.values(),
    ];
    const byText = new Map(rows.map((r) => [r.text, r]));
    expect(byText.get('2 * x')).toMatchObject({ metric: null, rejection: { test: 'prescreen' }, metrics: { rejection_check: 'linear' } });
    expect(byText.get('0')).toMatchObject({ metric: null, rejection: { test: 'prescreen' }, metrics: { rejection_check: 'constant' } });
    expect(rejectionBreakdown(rows)).toMatchObject({ 'prescreen/constant': 1, 'prescreen/linear': 1 });
  });

  it('refuses a journal or a table that belongs to another build', async () => {
    const out = path.join(dir, 'other.jsonl.gz');
    BuildJournal.open(journalPath(out), {
      space: 'tiny',
      spaceHash: 'h',
      shape: null,
      task: TASK,
      taskVersion: 1,
      fidelity: 'screen',
      seed: 1,
    }).close();
    await expect(buildBenchmark(options(out, MUL))).rejects.toThrow(ValidationError);
    await expect(buildBenchmark(options(out, MUL))).rejects.toThrow(/belongs to another build/);
    rmSync(journalPath(out));
    writeFileSync(out, 'not a table');
    await expect(buildBenchmark(options(out, MUL))).rejects.toThrow();
  });

  it('rejects bad arguments with exit code 2', async () => {
    expect(await runCli(['bench'], io().sink)).toBe(2);
    expect(await runCli(['bench', 'build'], io().sink)).toBe(2);
    const badShape = io();
    expect(await runCli(['bench', 'build', '--space', 'tiny', '--shape', 'unary(x)'], badShape.sink)).toBe(2);
    expect(badShape.err()).toMatch(/has no shape 'unary\(x\)'/);
    expect(await runCli(['bench', 'build', '--space', 'tiny', '--fidelity', 'huge'], io().sink)).toBe(2);
    expect(await runCli(['bench', 'build', '--space', 'tiny', '--task', 'nope'], io().sink)).toBe(2);
    expect(await runCli(['bench', 'build', '--space', 'tiny', '--out', 'x.csv'], io().sink)).toBe(2);
  });
});
