/**
 * One suite, both drivers: whatever carries the work (BullMQ on a real Redis, or the in-process
 * scheduler), the engine sees the same Dispatcher behaviour.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { BullmqDispatcher, DispatcherClosedError, EvaluationError, EvaluatorCrashedError, LocalDispatcher } from '@actsearch/queue';
import type { Dispatcher } from '@actsearch/queue';
import type { TestPayload, TestResult } from './fixtures/test-evaluator.ts';
import { Recorder } from './recorder.ts';
import { REDIS_URL, TEST_EVALUATOR, deleteRedisPrefix, logLines, randomPrefix, sleep, tempDir, waitFor } from './helpers.ts';

type TestDispatcher = Dispatcher<TestPayload, TestResult>;

interface DriverOptions {
  readonly attempts?: number;
}

beforeAll(() => {
  execFileSync('bash', ['scripts/ensure-services.sh']);
});

describe.each(['local', 'bullmq'] as const)('%s dispatcher', (driver) => {
  let prefix: string;
  let dir: ReturnType<typeof tempDir>;
  let errors: Error[];
  const open: TestDispatcher[] = [];

  function make(options: DriverOptions = {}): TestDispatcher {
    const common = {
      evaluator: { module: TEST_EVALUATOR, size: 2 },
      attempts: options.attempts ?? 3,
      backoffMs: 50,
      driveBackoffMs: 50,
    };
    const dispatcher: TestDispatcher =
      driver === 'local'
        ? new LocalDispatcher<TestPayload, TestResult>(common)
        : new BullmqDispatcher<TestPayload, TestResult>({
            ...common,
            connection: { url: REDIS_URL },
            prefix,
            // Short, so that a job whose evaluator blocks for longer than this would visibly stall
            // if the lock were held by the blocked process.
            lockDurationMs: 1_000,
            stalledIntervalMs: 500,
          });
    dispatcher.onError((error) => errors.push(error));
    open.push(dispatcher);
    return dispatcher;
  }

  beforeEach(() => {
    prefix = randomPrefix();
    dir = tempDir();
    errors = [];
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((dispatcher) => dispatcher.close({ timeoutMs: 0 })));
    if (driver === 'bullmq') await deleteRedisPrefix(prefix);
    dir.remove();
  });

  describe('evaluations', () => {
    it('queues a key once while it waits, evaluates it once, and queues it again once finished', async () => {
      const dispatcher = make();
      const recorder = new Recorder();
      const request = { key: 'fp1:mnist-mlp:1:0', payload: { value: 0.91 }, campaignIds: ['c1'] };
      expect(await dispatcher.dispatchEvaluation(request)).toBe('queued');
      expect(await dispatcher.dispatchEvaluation({ ...request, campaignIds: ['c2'] })).toBe('duplicate');
      expect(await dispatcher.isQueued(request.key)).toBe(true);
      await dispatcher.start(recorder.handlers());
      await waitFor(() => recorder.evaluated.length === 1, 'the evaluation');
      await sleep(300);
      expect(recorder.evaluated).toHaveLength(1);
      expect(recorder.evaluated[0]?.job).toMatchObject({ key: request.key, campaignIds: ['c1'], attempt: 1 });
      expect(recorder.evaluated[0]?.result.value).toBe(0.91);
      await waitFor(async () => !(await dispatcher.isQueued(request.key)), 'the key to leave the queue');
      expect(await dispatcher.dispatchEvaluation(request)).toBe('queued');
      await waitFor(() => recorder.evaluated.length === 2, 'the evaluation asked for again');
    });

    it('delivers every result to evaluated exactly once per key', async () => {
      const dispatcher = make();
      const recorder = new Recorder();
      const keys = Array.from({ length: 10 }, (_, index) => `fp${index}:task:1:0`);
      const outcomes = await Promise.all(
        [...keys, ...keys.slice(0, 5)].map((key, index) =>
          dispatcher.dispatchEvaluation({ key, payload: { value: key, sleepMs: index % 3 === 0 ? 50 : 0 } }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === 'queued')).toHaveLength(10);
      expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(5);
      await dispatcher.start(recorder.handlers());
      await waitFor(() => recorder.evaluated.length >= 10, 'ten results');
      await sleep(300);
      expect(recorder.evaluatedKeys()).toEqual([...keys].sort());
      for (const { job, result } of recorder.evaluated) expect(result.value).toBe(job.key);
      expect(recorder.failed).toEqual([]);
      expect((await dispatcher.counts()).evaluate).toMatchObject({ waiting: 0, active: 0, delayed: 0 });
    });

    it('retries a job whose evaluator process was SIGKILLed and completes it', async () => {
      const dispatcher = make();
      const recorder = new Recorder();
      await dispatcher.start(recorder.handlers());
      const payload = { value: 'survived', crash: { onceMarker: dir.file('crashed') }, startedLog: dir.file('started') };
      await dispatcher.dispatchEvaluation({ key: 'fp:crash-once', payload });
      await waitFor(() => recorder.evaluated.length === 1, 'the retried evaluation');
      expect(recorder.evaluated[0]?.result.value).toBe('survived');
      expect(recorder.evaluated[0]?.job.attempt).toBe(2);
      expect(recorder.failed).toHaveLength(1);
      expect(recorder.failed[0]?.error).toBeInstanceOf(EvaluatorCrashedError);
      expect(recorder.failed[0]?.final).toBe(false);
      expect(logLines(dir.file('started'))).toHaveLength(2);
    });

    it('fails a job that always crashes finally after its attempts, and not again', async () => {
      const dispatcher = make({ attempts: 3 });
      const recorder = new Recorder();
      await dispatcher.start(recorder.handlers());
      await dispatcher.dispatchEvaluation({ key: 'fp:crash-always', payload: { crash: 'always', startedLog: dir.file('started') } });
      await waitFor(() => recorder.failed.some((failure) => failure.final), 'the final failure');
      await sleep(500);
      expect(recorder.failed.map((failure) => failure.final)).toEqual([false, false, true]);
      expect(recorder.failed.map((failure) => failure.job.attempt)).toEqual([1, 2, 3]);
      expect(recorder.evaluated).toEqual([]);
      expect(logLines(dir.file('started'))).toHaveLength(3);
      expect(await dispatcher.isQueued('fp:crash-always')).toBe(false);
      expect((await dispatcher.counts()).evaluate.failed).toBe(1);
    });

    it('fails a job at once when the evaluator reports a permanent error', async () => {
      const dispatcher = make({ attempts: 3 });
      const recorder = new Recorder();
      await dispatcher.start(recorder.handlers());
      const payload = { fail: { message: 'no gradient for this op', permanent: true }, startedLog: dir.file('started') };
      await dispatcher.dispatchEvaluation({ key: 'fp:permanent', payload });
      await waitFor(() => recorder.failed.length === 1, 'the failure');
      await sleep(300);
      expect(recorder.failed).toHaveLength(1);
      expect(recorder.failed[0]).toMatchObject({ final: true, error: { message: 'no gradient for this op' } });
      expect(recorder.failed[0]?.error).toBeInstanceOf(EvaluationError);
      expect(logLines(dir.file('started'))).toHaveLength(1);
      // A failed key does not block the key: asking again queues it again.
      expect(await dispatcher.dispatchEvaluation({ key: 'fp:permanent', payload: { value: 'second try' } })).toBe('queued');
      await waitFor(() => recorder.evaluated.length === 1, 'the second try');
      expect(recorder.evaluated[0]?.result.value).toBe('second try');
    });

    it('re-runs an evaluation whose result could not be persisted instead of losing it', async () => {
      const dispatcher = make();
      const recorder = new Recorder();
      recorder.onEvaluated = async (call) => {
        if (call === 1) throw new Error('database unavailable');
      };
      await dispatcher.start(recorder.handlers());
      await dispatcher.dispatchEvaluation({ key: 'fp:persist', payload: { value: 7, startedLog: dir.file('started') } });
      await waitFor(() => recorder.evaluated.length === 1, 'the persisted result');
      expect(recorder.evaluatedCalls).toBe(2);
      expect(recorder.failed).toHaveLength(1);
      expect(recorder.failed[0]).toMatchObject({ final: false, error: { message: 'database unavailable' } });
      expect(logLines(dir.file('started'))).toHaveLength(2);
    });

    it('keeps a job that blocks its evaluator event loop for longer than the lock from stalling', async () => {
      const dispatcher = make();
      const recorder = new Recorder();
      await dispatcher.start(recorder.handlers());
      await dispatcher.dispatchEvaluation({
        key: 'fp:block',
        payload: { value: 'trained', blockMs: 2_000, startedLog: dir.file('started') },
      });
      await waitFor(() => recorder.evaluated.length === 1, 'the evaluation');
      await sleep(500);
      expect(recorder.evaluated).toHaveLength(1);
      expect(recorder.failed).toEqual([]);
      expect(logLines(dir.file('started'))).toHaveLength(1);
    });

    it('removes waiting evaluations but leaves running ones alone', async () => {
      const dispatcher = make();
      const recorder = new Recorder();
      for (const key of ['a', 'b', 'c']) await dispatcher.dispatchEvaluation({ key: `fp:${key}`, payload: { value: key } });
      expect(await dispatcher.removeQueuedEvaluations(['fp:a', 'fp:b', 'fp:unknown'])).toBe(2);
      expect(await dispatcher.isQueued('fp:a')).toBe(false);
      expect(await dispatcher.isQueued('fp:c')).toBe(true);
      await dispatcher.start(recorder.handlers());
      await dispatcher.dispatchEvaluation({ key: 'fp:running', payload: { value: 'r', sleepMs: 1_000, startedLog: dir.file('started') } });
      await waitFor(() => logLines(dir.file('started')).length === 1, 'the running job to start');
      expect(await dispatcher.removeQueuedEvaluations(['fp:running'])).toBe(0);
      await waitFor(() => recorder.evaluated.length === 2, 'the remaining evaluations');
      await sleep(200);
      expect(recorder.evaluatedKeys()).toEqual(['fp:c', 'fp:running']);
    });

    it('counts waiting evaluations and pending drives', async () => {
      const dispatcher = make();
      await dispatcher.dispatchEvaluation({ key: 'fp:1', payload: {} });
      await dispatcher.dispatchEvaluation({ key: 'fp:2', payload: {} });
      await dispatcher.scheduleDrive('now');
      await dispatcher.scheduleDrive('later', { delayMs: 60_000 });
      const counts = await dispatcher.counts();
      expect(counts.evaluate).toEqual({ waiting: 2, active: 0, delayed: 0, failed: 0 });
      expect(counts.drive).toEqual({ waiting: 1, active: 0, delayed: 1, failed: 0 });
    });
  });

  describe('drives', () => {
    it('coalesces requests made while a drive is pending into one drive per campaign', async () => {
      const dispatcher = make();
      const recorder = new Recorder();
      for (let request = 0; request < 10; request += 1) await dispatcher.scheduleDrive('c1');
      await dispatcher.scheduleDrive('c2');
      await dispatcher.start(recorder.handlers());
      await waitFor(() => recorder.drives.length === 2, 'both campaigns to be driven');
      await sleep(400);
      expect(recorder.drivesOf('c1')).toBe(1);
      expect(recorder.drivesOf('c2')).toBe(1);
    });

    it('runs exactly one more drive when requests arrive while a drive runs', async () => {
      const dispatcher = make();
      const recorder = new Recorder();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let running = 0;
      let overlapped = false;
      recorder.onDrive = async (_campaignId, run) => {
        running += 1;
        if (running > 1) overlapped = true;
        if (run === 1) await gate;
        running -= 1;
      };
      await dispatcher.start(recorder.handlers());
      await dispatcher.scheduleDrive('c1');
      await waitFor(() => recorder.drives.length === 1, 'the first drive to start');
      for (let request = 0; request < 3; request += 1) await dispatcher.scheduleDrive('c1');
      await sleep(200);
      expect(recorder.drives).toHaveLength(1);
      release();
      await waitFor(() => recorder.drives.length === 2, 'the follow-up drive');
      await sleep(400);
      expect(recorder.drives).toEqual(['c1', 'c1']);
      expect(overlapped).toBe(false);
    });

    it('waits delayMs before driving, unless a later request asks for sooner', async () => {
      const dispatcher = make();
      const recorder = new Recorder();
      await dispatcher.start(recorder.handlers());
      const startedAt = Date.now();
      await dispatcher.scheduleDrive('soon', { delayMs: 500 });
      await dispatcher.scheduleDrive('pulled', { delayMs: 60_000 });
      await dispatcher.scheduleDrive('pulled');
      await waitFor(() => recorder.drivesOf('soon') === 1 && recorder.drivesOf('pulled') === 1, 'both drives');
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(450);
      expect(recorder.drives).toEqual(['pulled', 'soon']);
    });

    it('retries a drive whose handler throws and reports the error', async () => {
      const dispatcher = make();
      const recorder = new Recorder();
      recorder.onDrive = async (_campaignId, run) => {
        if (run === 1) throw new Error('store unavailable');
      };
      await dispatcher.start(recorder.handlers());
      await dispatcher.scheduleDrive('c1');
      await waitFor(() => recorder.drives.length === 2, 'the retried drive');
      await sleep(300);
      expect(recorder.drives).toEqual(['c1', 'c1']);
      expect(errors.map((error) => error.message)).toContain('store unavailable');
    });
  });

  describe('close()', () => {
    it('lets a running evaluation finish and persist, then refuses new work', async () => {
      const dispatcher = make();
      const recorder = new Recorder();
      await dispatcher.start(recorder.handlers());
      await dispatcher.dispatchEvaluation({ key: 'fp:closing', payload: { value: 'kept', sleepMs: 800, startedLog: dir.file('started') } });
      await waitFor(() => logLines(dir.file('started')).length === 1, 'the job to start');
      await dispatcher.close({ timeoutMs: 10_000 });
      expect(recorder.evaluated.map((entry) => entry.result.value)).toEqual(['kept']);
      await expect(dispatcher.dispatchEvaluation({ key: 'fp:late', payload: {} })).rejects.toBeInstanceOf(DispatcherClosedError);
      await expect(dispatcher.scheduleDrive('c1')).rejects.toBeInstanceOf(DispatcherClosedError);
    });
  });
});
