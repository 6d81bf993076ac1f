/**
 * What only the distributed driver has: other processes, Redis as the shared state, and worker
 * processes that can die with their jobs.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BullmqDispatcher, evaluationJobId, keyOfEvaluationJobId } from '@actsearch/queue';
import type { BullmqDispatcherOptions } from '@actsearch/queue';
import type { TestPayload, TestResult } from './fixtures/test-evaluator.ts';
import { Recorder } from './recorder.ts';
import { REDIS_URL, TEST_EVALUATOR, deleteRedisPrefix, isAlive, logLines, randomPrefix, sleep, tempDir, waitFor } from './helpers.ts';

const CONSUMER = fileURLToPath(new URL('./fixtures/bullmq-consumer.ts', import.meta.url));

beforeAll(() => {
  execFileSync('bash', ['scripts/ensure-services.sh']);
});

describe('BullmqDispatcher', () => {
  let prefix: string;
  let dir: ReturnType<typeof tempDir>;
  const open: BullmqDispatcher<TestPayload, TestResult>[] = [];
  const processes: ChildProcess[] = [];

  function make(options: Partial<BullmqDispatcherOptions> = {}): BullmqDispatcher<TestPayload, TestResult> {
    const dispatcher = new BullmqDispatcher<TestPayload, TestResult>({
      connection: { url: REDIS_URL },
      prefix,
      evaluator: { module: TEST_EVALUATOR, size: 1 },
      backoffMs: 50,
      lockDurationMs: 1_000,
      stalledIntervalMs: 500,
      ...options,
    });
    dispatcher.onError(() => undefined);
    open.push(dispatcher);
    return dispatcher;
  }

  /** Starts a separate worker process on this prefix and resolves once it consumes. */
  async function startConsumerProcess(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', CONSUMER, prefix], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, REDIS_URL },
    });
    processes.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('"ready"'), 'the worker process to start', 30_000);
    return child;
  }

  beforeEach(() => {
    prefix = randomPrefix();
    dir = tempDir();
  });

  afterEach(async () => {
    for (const child of processes.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all(open.splice(0).map((dispatcher) => dispatcher.close({ timeoutMs: 0 })));
    await deleteRedisPrefix(prefix);
    dir.remove();
  });

  it('completes a job exactly once on another worker after its worker process is SIGKILLed mid-job', async () => {
    const producer = make();
    const started = dir.file('started');
    await producer.dispatchEvaluation({ key: 'fp:worker-dies', payload: { value: 'done', sleepMs: 1_500, startedLog: started } });
    const doomed = await startConsumerProcess();
    await waitFor(() => logLines(started).length === 1, 'the job to start in the worker process');
    doomed.kill('SIGKILL');
    const orphan = Number(logLines(started)[0]);
    // Its evaluator notices the parent is gone and exits instead of lingering.
    await waitFor(() => !isAlive(orphan), 'the dead worker’s evaluator to exit', 5_000);

    const rescuer = make();
    const recorder = new Recorder();
    await rescuer.start(recorder.handlers());
    await waitFor(() => recorder.evaluated.length === 1, 'the job to complete on the new worker');
    await sleep(1_000);
    expect(recorder.evaluated).toHaveLength(1);
    expect(recorder.evaluated[0]?.result.value).toBe('done');
    // A lost worker is not the job's failure: it does not use up an attempt.
    expect(recorder.evaluated[0]?.job.attempt).toBe(1);
    expect(recorder.failed).toEqual([]);
    expect(logLines(started)).toHaveLength(2);
    expect((await rescuer.counts()).evaluate).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  });

  it('fails a job finally, through handlers.failed, once its worker died more often than allowed', async () => {
    const producer = make();
    const started = dir.file('started');
    await producer.dispatchEvaluation({ key: 'fp:kills-workers', payload: { sleepMs: 1_500, startedLog: started } });
    const doomed = await startConsumerProcess();
    await waitFor(() => logLines(started).length === 1, 'the job to start in the worker process');
    doomed.kill('SIGKILL');

    const rescuer = make({ maxStalledCount: 0 });
    const recorder = new Recorder();
    await rescuer.start(recorder.handlers());
    await waitFor(() => recorder.failed.length === 1, 'the final failure');
    expect(recorder.failed[0]).toMatchObject({ final: true, error: { message: 'job stalled more than allowable limit' } });
    expect(recorder.evaluated).toEqual([]);
    expect(logLines(started)).toHaveLength(1);
  });

  it('close() past its timeout hands a running evaluation back to waiting at once, without using an attempt', async () => {
    const worker = make();
    const started = dir.file('started');
    await worker.start(new Recorder().handlers());
    await worker.dispatchEvaluation({ key: 'fp:handed-back', payload: { value: 'later', sleepMs: 1_500, startedLog: started } });
    await waitFor(() => logLines(started).length === 1, 'the job to start');
    const closingAt = Date.now();
    await worker.close({ timeoutMs: 200 });
    expect(Date.now() - closingAt).toBeLessThan(3_000);

    const next = make();
    expect(await next.isQueued('fp:handed-back')).toBe(true);
    expect((await next.counts()).evaluate).toMatchObject({ waiting: 1, active: 0 });
    const recorder = new Recorder();
    await next.start(recorder.handlers());
    await waitFor(() => recorder.evaluated.length === 1, 'the handed-back job to complete');
    expect(recorder.evaluated[0]?.job.attempt).toBe(1);
  });

  it('keeps producing and consuming after its Redis restarts and loses everything', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const startRedis = async (): Promise<ChildProcess> => {
      const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      processes.push(server);
      await waitFor(() => {
        try {
          return (
            execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] })
              .toString()
              .trim() === 'PONG'
          );
        } catch {
          return false;
        }
      }, 'the private Redis to answer');
      return server;
    };
    let server = await startRedis();
    const dispatcher = make({ connection: { url: `redis://127.0.0.1:${port}` } });
    const recorder = new Recorder();
    await dispatcher.start(recorder.handlers());
    await dispatcher.dispatchEvaluation({ key: 'fp:before', payload: { value: 1 } });
    await waitFor(() => recorder.evaluated.length === 1, 'the evaluation before the restart');

    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));
    server = await startRedis();

    // The producer side may fail while the connection comes back; the caller retries.
    await waitFor(async () => {
      try {
        return (await dispatcher.dispatchEvaluation({ key: 'fp:after', payload: { value: 2 } })) === 'queued';
      } catch {
        return false;
      }
    }, 'the producer to reconnect');
    await waitFor(() => recorder.evaluated.length === 2, 'the evaluation after the restart', 30_000);
    await dispatcher.scheduleDrive('c1');
    await waitFor(() => recorder.drives.length === 1, 'a drive after the restart', 30_000);
    expect(recorder.evaluatedKeys()).toEqual(['fp:after', 'fp:before']);
    await dispatcher.close({ timeoutMs: 1_000 });
    server.kill('SIGKILL');
  });

  it('derives distinct, valid job ids from keys that contain ":" and "%"', async () => {
    const keys = ['fp:mnist:1:0', 'fp%3Amnist:1:0', '12345', 'fp:%25'];
    const ids = keys.map(evaluationJobId);
    expect(new Set(ids).size).toBe(keys.length);
    for (const id of ids) expect(id).not.toContain(':');
    expect(ids.map((id) => keyOfEvaluationJobId(id))).toEqual(keys);

    const dispatcher = make();
    for (const key of keys) expect(await dispatcher.dispatchEvaluation({ key, payload: { value: key } })).toBe('queued');
    const recorder = new Recorder();
    await dispatcher.start(recorder.handlers());
    await waitFor(() => recorder.evaluated.length === keys.length, 'every key');
    expect(recorder.evaluatedKeys()).toEqual([...keys].sort());
  });
});
