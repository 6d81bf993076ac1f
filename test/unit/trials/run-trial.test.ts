import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTrialLine, runTrial, type RunTrialOptions, type TrialSpec } from '@actsearch/trials';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const trialsDir = mkdtempSync(path.join(tmpdir(), 'trials-test-'));
afterAll(() => rmSync(trialsDir, { recursive: true, force: true }));

const spec = (extra: Partial<TrialSpec['budget']> = {}): TrialSpec => ({
  task: { id: 'fake', version: 1 },
  expression: 'x * sigmoid(beta * x)',
  seed: 7,
  fidelity: 'screen',
  language: 'numpy',
  budget: { steps: 3, batchSize: 8, learningRateScale: 1, timeoutSeconds: 60, ...extra },
});

function node(script: string, options: Partial<RunTrialOptions> = {}): RunTrialOptions {
  return {
    command: { argv: [process.execPath, path.join(FIXTURES, script)], cwd: FIXTURES, graceSeconds: 1 },
    spec: spec(),
    trialsDir,
    ...options,
  };
}

/** Gone, or a zombie nobody reaped yet (it runs nothing either way). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the trial protocol lines', () => {
  it('reads reports, the final line with extras, and bare NaN/Infinity as non-finite metrics', () => {
    expect(parseTrialLine('{"step": 3, "metric": 0.5}')).toEqual({ kind: 'report', step: 3, metric: 0.5 });
    expect(parseTrialLine('{"metric": 0.9, "valLoss": 0.1}')).toEqual({ kind: 'final', metric: 0.9, extra: { valLoss: 0.1 } });
    expect(parseTrialLine('{"step": 2, "metric": NaN}')).toMatchObject({ kind: 'report', step: 2, metric: NaN });
    expect(parseTrialLine('{"metric": -Infinity}')).toMatchObject({ kind: 'final', metric: -Infinity });
    expect(parseTrialLine('{"metric": null}')).toMatchObject({ kind: 'final', metric: NaN });
    expect(parseTrialLine('{"note": "NaN here is text", "metric": 1}')).toEqual({
      kind: 'final',
      metric: 1,
      extra: { note: 'NaN here is text' },
    });
  });
});

describe('runTrial', () => {
  it('runs a successful trial: the curve from its reports, the final metric and extras, its other output logged, the folder removed', async () => {
    const logged: string[] = [];
    const outcome = await runTrial(node('reports.mjs', { device: '1', onOutput: (line) => logged.push(line) }));
    expect(outcome).toMatchObject({
      status: 'done',
      metric: 0.75,
      extra: { valLoss: 0.5, seed: 7, env: 'screen', device: '1' },
      curve: [
        { step: 1, metric: 0.1 },
        { step: 2, metric: 0.2 },
        { step: 3, metric: 0.3 },
      ],
    });
    expect(logged).toEqual(['training x * sigmoid(beta * x) for 3 steps']);
    expect(existsSync(outcome.folder)).toBe(false);
  }, 60_000);

  it('writes the exported candidate and trial.json into a fresh folder per trial', async () => {
    const a = await runTrial(node('reports.mjs', { keepFolder: true }));
    const b = await runTrial(node('reports.mjs', { keepFolder: true }));
    expect(a.folder).not.toBe(b.folder);
    expect(readdirSync(a.folder).sort()).toEqual(['activation.py', 'trial.json']);
    const manifest = JSON.parse(readFileSync(path.join(a.folder, 'trial.json'), 'utf8'));
    expect(manifest).toMatchObject({
      protocol: 1,
      task: { id: 'fake', version: 1 },
      expression: 'x * sigmoid(beta * x)',
      canonical: 'x * sigmoid(beta * x)',
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      parameters: [{ name: 'beta', initial: 1 }],
      seed: 7,
      fidelity: 'screen',
      budget: { steps: 3, batchSize: 8, learningRateScale: 1, timeoutSeconds: 60 },
      export: { language: 'numpy', module: 'activation.py', function: 'activation' },
    });
    expect(readFileSync(path.join(a.folder, 'activation.py'), 'utf8')).toContain('def activation(x, beta=1.0)');
  }, 60_000);

  it('fails a crashed trial with its exit code and the last 2 KiB of its stderr', async () => {
    const outcome = await runTrial(node('crash.mjs'));
    expect(outcome).toMatchObject({
      status: 'failed',
      exitCode: 3,
      reason: 'the trial command exited with code 3',
      curve: [{ step: 1, metric: 0.5 }],
    });
    if (outcome.status !== 'failed') return;
    expect(outcome.stderrTail.length).toBe(2048);
    expect(outcome.stderrTail).toMatch(/Traceback: the last words of the trial\n$/);
  }, 60_000);

  it('fails a trial that starts nothing runnable', async () => {
    const outcome = await runTrial({ ...node('reports.mjs'), command: { argv: ['/no/such/program'], cwd: FIXTURES, graceSeconds: 1 } });
    expect(outcome).toMatchObject({ status: 'failed', exitCode: 127 });
    if (outcome.status === 'failed') expect(outcome.stderrTail).toMatch(/cannot start \/no\/such\/program/);
  }, 60_000);

  it('logs garbage output without parsing it, and fails the trial that never sent a final metric', async () => {
    const logged: string[] = [];
    const outcome = await runTrial(node('garbage.mjs', { onOutput: (line) => logged.push(line) }));
    expect(outcome).toMatchObject({ status: 'failed', exitCode: 0, curve: [] });
    if (outcome.status === 'failed') expect(outcome.reason).toMatch(/without a final \{"metric": \.\.\.\} line/);
    expect(logged).toHaveLength(7);
  }, 60_000);

  it('rejects a non-finite report as divergence at its step and stops the trial at once', async () => {
    const started = Date.now();
    const outcome = await runTrial(node('diverge.mjs'));
    expect(outcome).toMatchObject({
      status: 'rejected',
      test: 'divergence',
      step: 2,
      metric: null,
      curve: [
        { step: 1, metric: 0.4 },
        { step: 2, metric: null },
      ],
    });
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);

  it('rejects a non-finite final metric as divergence', async () => {
    const outcome = await runTrial(node('final-infinity.mjs'));
    expect(outcome).toMatchObject({ status: 'rejected', test: 'divergence', step: 1 });
  }, 60_000);

  it("applies the task's quality floor to the first report at its step, and stops the trial", async () => {
    const outcome = await runTrial(node('low-quality.mjs', { quality: { step: 10, floor: 0.2 } }));
    expect(outcome).toMatchObject({ status: 'rejected', test: 'quality', step: 10, metric: 0.06 });
    if (outcome.status === 'rejected') expect(outcome.reason).toMatch(/below the task's quality floor 0.2/);
  }, 60_000);

  it('fails a trial past its timeout and kills it and its children, even those that ignore SIGTERM', async () => {
    const pidFile = path.join(trialsDir, 'timeout-pids.json');
    const started = Date.now();
    const outcome = await runTrial({
      ...node('sleeper.mjs', {
        command: {
          argv: [process.execPath, path.join(FIXTURES, 'sleeper.mjs')],
          cwd: FIXTURES,
          env: { PID_FILE: pidFile },
          graceSeconds: 0.5,
        },
      }),
      spec: spec({ timeoutSeconds: 2 }),
    });
    expect(outcome).toMatchObject({ status: 'failed', curve: [{ step: 1, metric: 0.5 }] });
    if (outcome.status === 'failed') expect(outcome.reason).toMatch(/timed out after 2 s/);
    expect(Date.now() - started).toBeLessThan(30_000);
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { trial: number; grandchild: number };
    await waitFor(() => !running(pids.trial) && !running(pids.grandchild), 5_000);
  }, 60_000);

  it('stops a trial cancelled mid-run: the outcome is cancelled, later reports are ignored, no process is left', async () => {
    const pidFile = path.join(trialsDir, 'cancel-pids.json');
    const stop = new AbortController();
    const pending = runTrial({
      ...node('sleeper.mjs'),
      command: {
        argv: [process.execPath, path.join(FIXTURES, 'sleeper.mjs')],
        cwd: FIXTURES,
        env: { PID_FILE: pidFile },
        graceSeconds: 0.5,
      },
      signal: stop.signal,
      onReport: () => stop.abort(),
    });
    const outcome = await pending;
    expect(outcome).toMatchObject({ status: 'cancelled', curve: [{ step: 1, metric: 0.5 }] });
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { trial: number; grandchild: number };
    await waitFor(() => !running(pids.trial) && !running(pids.grandchild), 5_000);
  }, 60_000);

  it('leaves no trial process running when the evaluator process running it is killed outright', async () => {
    const pidFile = path.join(trialsDir, 'orphan-pids.json');
    const evaluator = spawn(process.execPath, ['--import', TSX, path.join(FIXTURES, 'run-and-die.mjs')], {
      env: { ...process.env, PID_FILE: pidFile },
      stdio: 'ignore',
    });
    await waitFor(() => existsSync(pidFile), 60_000);
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { trial: number; grandchild: number };
    expect(running(pids.trial)).toBe(true);
    evaluator.kill('SIGKILL');
    await waitFor(() => !running(pids.trial) && !running(pids.grandchild), 10_000);
  }, 90_000);

  it('runs a Python trial written with actsearch_trial (helper on PYTHONPATH, candidate imported from the folder)', async () => {
    const outcome = await runTrial({
      ...node('reports.mjs'),
      command: { argv: ['/usr/bin/python3', path.join(FIXTURES, 'helper.py')], cwd: FIXTURES, graceSeconds: 1 },
    });
    const swish = (x: number) => x / (1 + Math.exp(-x));
    const sum = [-2, -1, 0, 1, 2].reduce((acc, x) => acc + swish(x), 0);
    expect(outcome).toMatchObject({ status: 'done', extra: { steps: 3, seed: 7, fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) } });
    if (outcome.status !== 'done') return;
    expect(outcome.metric).toBeCloseTo(sum, 12);
    expect(outcome.curve).toEqual([{ step: 1, metric: expect.closeTo(swish(2), 12) }]);
  }, 60_000);
});
