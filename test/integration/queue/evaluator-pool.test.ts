import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DispatcherClosedError,
  EvaluationAbortedError,
  EvaluationError,
  EvaluationTimeoutError,
  EvaluatorCrashedError,
  EvaluatorPool,
} from '@actsearch/queue';
import type { TestPayload, TestResult } from './fixtures/test-evaluator.ts';
import { TEST_EVALUATOR, isAlive, logLines, tempDir, waitFor } from './helpers.ts';

const pools: EvaluatorPool<TestPayload, TestResult>[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];

function pool(options: { size?: number; maxJobsPerChild?: number; timeoutMs?: number } = {}) {
  const created = new EvaluatorPool<TestPayload, TestResult>({ module: TEST_EVALUATOR, size: 1, ...options });
  pools.push(created);
  return created;
}

function dir() {
  const created = tempDir();
  dirs.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((created) => created.close({ timeoutMs: 0 })));
  for (const created of dirs.splice(0)) created.remove();
});

describe('EvaluatorPool', () => {
  it('gives each GPU slot its own device, shows what runs on each, and a replacement process keeps the device', async () => {
    const evaluators = new EvaluatorPool<TestPayload, TestResult>({
      module: TEST_EVALUATOR,
      size: 8,
      devices: ['0', '1'],
      describe: (payload: TestPayload) => `job ${String(payload.value)}`,
    });
    pools.push(evaluators);
    expect(evaluators.size).toBe(2);
    const started = dir().file('started');
    const jobs = ['a', 'b'].map((value) => evaluators.run({ value, sleepMs: 1_500, startedLog: started, env: 'CUDA_VISIBLE_DEVICES' }));
    await waitFor(() => logLines(started).length === 2, 'both jobs to start');
    const busy = evaluators.slotInfo();
    expect(busy.map((s) => [s.device, s.state])).toEqual([
      ['0', 'busy'],
      ['1', 'busy'],
    ]);
    expect(busy.map((s) => s.job).sort()).toEqual(['job a', 'job b']);
    const results = await Promise.all(jobs);
    expect(results.map((r) => r.env).sort()).toEqual(['0', '1']);
    expect(evaluators.slotInfo().map((s) => [s.device, s.state, s.job])).toEqual([
      ['0', 'idle', null],
      ['1', 'idle', null],
    ]);

    await expect(evaluators.run({ crash: 'always' })).rejects.toBeInstanceOf(EvaluatorCrashedError);
    const again = await Promise.all(['c', 'd'].map((value) => evaluators.run({ value, sleepMs: 500, env: 'ACTSEARCH_TRIAL_DEVICE' })));
    expect(again.map((r) => r.env).sort()).toEqual(['0', '1']);
  }, 60_000);

  it('runs the module in a child process and returns its result', async () => {
    const result = await pool().run({ value: { score: 0.93 } });
    expect(result.value).toEqual({ score: 0.93 });
    expect(result.pid).not.toBe(process.pid);
  });

  it('runs as many jobs at once as it has processes, each in its own process', async () => {
    const started = dir().file('started');
    const evaluators = pool({ size: 2 });
    let settled = 0;
    const jobs = [1, 2].map((value) => evaluators.run({ value, sleepMs: 2_000, startedLog: started }).finally(() => (settled += 1)));
    await waitFor(() => logLines(started).length === 2, 'both jobs to start');
    expect(settled).toBe(0);
    const results = await Promise.all(jobs);
    expect(new Set(results.map((result) => result.pid)).size).toBe(2);
  });

  it('queues jobs beyond its size and runs them in order on a free process', async () => {
    const evaluators = pool({ size: 1 });
    const results = await Promise.all([1, 2, 3].map((value) => evaluators.run({ value })));
    expect(results.map((result) => result.value)).toEqual([1, 2, 3]);
    expect(new Set(results.map((result) => result.pid)).size).toBe(1);
  });

  it('replaces a process after maxJobsPerChild jobs, starting the replacement at once', async () => {
    const evaluators = pool({ size: 1, maxJobsPerChild: 2 });
    const pids: number[] = [];
    for (let value = 0; value < 4; value += 1) pids.push((await evaluators.run({ value })).pid);
    expect(pids[0]).toBe(pids[1]);
    expect(pids[2]).toBe(pids[3]);
    expect(pids[2]).not.toBe(pids[0]);
    expect(evaluators.stats().recycled).toBe(2);
    // The replacement starts right away, before any job asks for it.
    expect(evaluators.stats()).toMatchObject({ live: 1, busy: 0, spawned: 3 });
  });

  it('rejects a job whose process is SIGKILLed with EvaluatorCrashedError and replaces the process', async () => {
    const evaluators = pool();
    const before = await evaluators.run({});
    const crash = evaluators.run({ crash: 'always' });
    await expect(crash).rejects.toBeInstanceOf(EvaluatorCrashedError);
    await expect(crash).rejects.toMatchObject({ signal: 'SIGKILL', phase: 'evaluation', permanent: false });
    const after = await evaluators.run({ value: 'still serving' });
    expect(after.value).toBe('still serving');
    expect(after.pid).not.toBe(before.pid);
    expect(evaluators.stats().crashed).toBe(1);
  });

  it('kills a job that exceeds its time limit and rejects it with EvaluationTimeoutError', async () => {
    const evaluators = pool({ timeoutMs: 300 });
    const first = await evaluators.run({});
    await expect(evaluators.run({ blockMs: 5_000 })).rejects.toBeInstanceOf(EvaluationTimeoutError);
    expect(isAlive(first.pid)).toBe(false);
    expect((await evaluators.run({ value: 1 })).value).toBe(1);
  });

  it('turns a thrown error into EvaluationError, permanent only when the evaluator says so', async () => {
    const evaluators = pool();
    const transient = evaluators.run({ fail: { message: 'out of luck' } });
    await expect(transient).rejects.toBeInstanceOf(EvaluationError);
    await expect(transient).rejects.toMatchObject({ message: 'out of luck', permanent: false });
    await expect(evaluators.run({ fail: { message: 'no kernel', permanent: true } })).rejects.toMatchObject({
      message: 'no kernel',
      permanent: true,
    });
  });

  it('rejects a payload that cannot cross the process boundary as a permanent error and keeps serving', async () => {
    const evaluators = pool();
    const unsendable = { value: () => 1 } as unknown as TestPayload;
    await expect(evaluators.run(unsendable)).rejects.toMatchObject({ name: 'EvaluationError', permanent: true });
    expect((await evaluators.run({ value: 2 })).value).toBe(2);
  });

  it('keeps the parent event loop free while a child blocks its own', async () => {
    const evaluators = pool();
    await evaluators.run({});
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 50);
    await evaluators.run({ blockMs: 1_000 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThanOrEqual(10);
  });

  it('kills an aborted job and rejects it with EvaluationAbortedError', async () => {
    const started = dir().file('started');
    const evaluators = pool();
    const controller = new AbortController();
    const job = evaluators.run({ sleepMs: 10_000, startedLog: started }, { signal: controller.signal });
    await waitFor(() => logLines(started).length === 1, 'the job to start');
    controller.abort();
    await expect(job).rejects.toBeInstanceOf(EvaluationAbortedError);
    expect(isAlive(Number(logLines(started)[0]))).toBe(false);
  });

  it('reports a module without evaluate() as a startup crash that names the problem', async () => {
    const broken = dir().file('broken.ts');
    writeFileSync(broken, 'export const nothing = 1;\n');
    const evaluators = new EvaluatorPool({ module: broken, size: 1 });
    pools.push(evaluators as EvaluatorPool<TestPayload, TestResult>);
    await expect(evaluators.run({})).rejects.toMatchObject({
      name: 'EvaluatorCrashedError',
      phase: 'startup',
      message: expect.stringContaining('does not export a function named evaluate'),
    });
  });

  it('close() lets a running job finish, rejects new ones, and leaves no process behind', async () => {
    const evaluators = pool();
    const job = evaluators.run({ value: 'finished', sleepMs: 500 });
    await waitFor(() => evaluators.stats().busy === 1, 'the job to be assigned');
    const closed = evaluators.close({ timeoutMs: 10_000 });
    await expect(evaluators.run({})).rejects.toBeInstanceOf(DispatcherClosedError);
    const result = await job;
    await closed;
    expect(result.value).toBe('finished');
    expect(isAlive(result.pid)).toBe(false);
  });

  it('close() stops waiting when its signal aborts (a second Ctrl+C): running jobs end with EvaluationAbortedError at once', async () => {
    const started = dir().file('started');
    const evaluators = pool();
    const job = evaluators.run({ sleepMs: 20_000, startedLog: started });
    await waitFor(() => logLines(started).length === 1, 'the job to start');
    const hurry = new AbortController();
    const closingAt = Date.now();
    const closed = evaluators.close({ timeoutMs: 60_000, signal: hurry.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    hurry.abort();
    await closed;
    expect(Date.now() - closingAt).toBeLessThan(5_000);
    await expect(job).rejects.toBeInstanceOf(EvaluationAbortedError);
    expect(isAlive(Number(logLines(started)[0]))).toBe(false);
  });

  it('a child ignores SIGINT and SIGTERM (a Ctrl+C reaches the whole process group): its job still finishes', async () => {
    const started = dir().file('started');
    const evaluators = pool();
    const job = evaluators.run({ value: 'survived', sleepMs: 600, startedLog: started });
    await waitFor(() => logLines(started).length === 1, 'the job to start');
    const pid = Number(logLines(started)[0]);
    process.kill(pid, 'SIGINT');
    process.kill(pid, 'SIGTERM');
    const result = await job;
    expect(result).toEqual({ value: 'survived', pid });
  });

  it('close() past its timeout kills running jobs with EvaluationAbortedError', async () => {
    const started = dir().file('started');
    const evaluators = pool();
    const job = evaluators.run({ sleepMs: 10_000, startedLog: started });
    await waitFor(() => logLines(started).length === 1, 'the job to start');
    await evaluators.close({ timeoutMs: 100 });
    await expect(job).rejects.toBeInstanceOf(EvaluationAbortedError);
    expect(isAlive(Number(logLines(started)[0]))).toBe(false);
  });
});
