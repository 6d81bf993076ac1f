import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DispatcherClosedError, EvaluationAbortedError, EvaluationError, EvaluationTimeoutError, EvaluatorCrashedError } from './errors.ts';
import { isChildMessage } from './evaluator-protocol.ts';
import type { ChildMessage, RunMessage, SerializedError } from './evaluator-protocol.ts';

export interface EvaluatorPoolOptions {
  /** Path or file URL of a module exporting `evaluate(payload): Promise<result>` (TS is fine: tsx loads it). */
  readonly module: string;
  /** Child processes at most; default: the number of cores. */
  readonly size?: number;
  /** A child is replaced after this many jobs, which bounds what a leaky trainer can hold. Default 50. */
  readonly maxJobsPerChild?: number;
  /** Per-job limit in ms (0: none); past it the child is killed and the job fails. Default 0. */
  readonly timeoutMs?: number;
  /** V8 heap cap per child; exceeding it kills only that child (an EvaluatorCrashedError). */
  readonly maxOldSpaceSizeMb?: number;
  /** Extra Node flags for the children, after the tsx loader. */
  readonly execArgv?: readonly string[];
  /** Environment of the children; default: this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * GPU slots: one child per listed device (this overrides `size`), each started with
   * `CUDA_VISIBLE_DEVICES` (and `ACTSEARCH_TRIAL_DEVICE`) set to its device; a replaced child takes
   * over the device its predecessor left.
   */
  readonly devices?: readonly string[];
  /** What `slotInfo()` shows of a running job (e.g. its evaluation key). */
  readonly describe?: (payload: never) => string;
}

/** One evaluator slot as `slotInfo()` reports it. */
export interface EvaluatorSlotInfo {
  /** The slot's device (GPU slots), or null. */
  readonly device: string | null;
  readonly state: 'starting' | 'idle' | 'busy';
  /** The running job, as the pool's `describe` tells it; null when idle or undescribed. */
  readonly job: string | null;
}

export interface RunOptions {
  /** Overrides the pool's timeout for this job. */
  readonly timeoutMs?: number;
  /** Aborting kills the job's process; the job rejects with EvaluationAbortedError. */
  readonly signal?: AbortSignal;
}

export interface EvaluatorPoolStats {
  readonly size: number;
  /** Processes alive and serving the pool (starting, idle or busy). */
  readonly live: number;
  readonly busy: number;
  /** Jobs waiting for a free process. */
  readonly queued: number;
  readonly spawned: number;
  readonly crashed: number;
  readonly recycled: number;
}

interface Task {
  readonly payload: unknown;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  onAbort?: () => void;
  /** Set when we killed the process on purpose, so its exit is reported as this instead of a crash. */
  failure?: Error;
}

interface Slot {
  readonly child: ChildProcess;
  state: 'starting' | 'idle' | 'busy' | 'retiring' | 'dead';
  jobsDone: number;
  task?: Task;
  runId?: number;
  timer?: NodeJS.Timeout;
  startupError?: SerializedError;
  readonly exited: Promise<void>;
  readonly device: string | null;
}

const CHILD_ENTRY = fileURLToPath(new URL('./evaluator-child.ts', import.meta.url));
// Resolved from this package, not from the caller's working directory, so `--import` finds tsx
// wherever the process was started.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * A pool of child processes that run evaluations, one job per child at a time. Training blocks the
 * event loop for seconds; running it here keeps the process that owns queue locks and database
 * connections responsive. A child that dies mid-job (SIGKILL, a crash, out of memory) fails only
 * that job, with EvaluatorCrashedError, and is replaced on demand. Children ignore SIGINT and SIGTERM:
 * a Ctrl+C reaches the whole process group, and it is this pool's owner that decides whether their
 * jobs finish or go back to the queue (see close()).
 */
export class EvaluatorPool<P = unknown, R = unknown> {
  readonly size: number;
  private readonly moduleUrl: string;
  private readonly maxJobsPerChild: number;
  private readonly timeoutMs: number;
  private readonly execArgv: string[];
  private readonly env: NodeJS.ProcessEnv | undefined;
  private readonly devices: readonly string[];
  private readonly describe: ((payload: P) => string) | undefined;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private nextRunId = 1;
  private closed = false;
  private counters = { spawned: 0, crashed: 0, recycled: 0 };

  constructor(options: EvaluatorPoolOptions) {
    this.devices = options.devices ?? [];
    this.size = this.devices.length > 0 ? this.devices.length : Math.max(1, Math.floor(options.size ?? availableParallelism()));
    this.describe = options.describe as ((payload: P) => string) | undefined;
    this.moduleUrl = options.module.startsWith('file:') ? options.module : pathToFileURL(resolvePath(options.module)).href;
    this.maxJobsPerChild = Math.max(1, Math.floor(options.maxJobsPerChild ?? 50));
    this.timeoutMs = options.timeoutMs ?? 0;
    this.execArgv = [
      '--import',
      TSX_LOADER,
      ...(options.maxOldSpaceSizeMb === undefined ? [] : [`--max-old-space-size=${options.maxOldSpaceSizeMb}`]),
      ...(options.execArgv ?? []),
    ];
    this.env = options.env;
  }

  /** Runs one evaluation in a free child (waiting for one if all are busy). */
  run(payload: P, options: RunOptions = {}): Promise<R> {
    if (this.closed) return Promise.reject(new DispatcherClosedError('evaluator pool'));
    return new Promise<R>((resolve, reject) => {
      const task: Task = {
        payload,
        timeoutMs: options.timeoutMs ?? this.timeoutMs,
        signal: options.signal,
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      if (task.signal !== undefined) {
        if (task.signal.aborted) {
          reject(new EvaluationAbortedError(abortReason(task.signal)));
          return;
        }
        task.onAbort = () => this.abortTask(task, new EvaluationAbortedError(abortReason(task.signal)));
        task.signal.addEventListener('abort', task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.pump();
    });
  }

  stats(): EvaluatorPoolStats {
    let live = 0;
    let busy = 0;
    for (const slot of this.slots) {
      if (slot.state === 'starting' || slot.state === 'idle' || slot.state === 'busy') live += 1;
      if (slot.task !== undefined) busy += 1;
    }
    return { size: this.size, live, busy, queued: this.queue.length, ...this.counters };
  }

  /** The live slots: their device, state and running job (for `/api/workers`). */
  slotInfo(): EvaluatorSlotInfo[] {
    const out: EvaluatorSlotInfo[] = [];
    for (const slot of this.slots) {
      if (slot.state !== 'starting' && slot.state !== 'idle' && slot.state !== 'busy') continue;
      const job = slot.task !== undefined && this.describe !== undefined ? this.describe(slot.task.payload as P) : null;
      out.push({ device: slot.device, state: slot.task !== undefined ? 'busy' : slot.state, job });
    }
    return out.sort((a, b) => (a.device ?? '').localeCompare(b.device ?? '', 'en', { numeric: true }));
  }

  /** A device no live child holds (GPU slots), or null without devices. */
  private freeDevice(): string | null {
    if (this.devices.length === 0) return null;
    const held = new Set(
      [...this.slots].filter((s) => s.state === 'starting' || s.state === 'idle' || s.state === 'busy').map((s) => s.device),
    );
    return this.devices.find((device) => !held.has(device)) ?? null;
  }

  /**
   * Stops taking jobs: queued ones reject with DispatcherClosedError, running ones may finish for
   * `timeoutMs` (default 30 s) or until `signal` aborts, after which their processes are killed and
   * they reject with EvaluationAbortedError. Resolves when every child has exited.
   */
  async close(options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) this.settle(task, new DispatcherClosedError('evaluator pool'));
    const timeoutMs = options.timeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      onAbort = () => resolve('timeout');
      if (options.signal?.aborted === true) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    const outcome = await Promise.race([this.whenIdle(), graceOver]);
    clearTimeout(timer);
    if (onAbort !== undefined) options.signal?.removeEventListener('abort', onAbort);
    if (outcome === 'timeout') {
      for (const slot of this.slots) {
        if (slot.task !== undefined) this.abortTask(slot.task, new EvaluationAbortedError('the pool closed'));
      }
    }
    const exits: Promise<void>[] = [];
    for (const slot of this.slots) {
      if (slot.state !== 'dead') this.retire(slot, false);
      exits.push(slot.exited);
    }
    await Promise.all(exits);
  }

  private whenIdle(): Promise<void> {
    if (![...this.slots].some((slot) => slot.task !== undefined)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const idle = [...this.slots].find((slot) => slot.state === 'idle');
      if (idle !== undefined) {
        this.assign(idle, this.queue.shift() as Task);
        continue;
      }
      if (this.stats().live < this.size) {
        this.spawn(this.queue.shift() as Task);
        continue;
      }
      break;
    }
    if (this.idleWaiters.length > 0 && ![...this.slots].some((slot) => slot.task !== undefined)) {
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /** Starts a child, for `task` if given; the job is sent once the child says its module loaded. */
  private spawn(task: Task | undefined): void {
    const device = this.freeDevice();
    const env = device === null ? this.env : { ...(this.env ?? process.env), CUDA_VISIBLE_DEVICES: device, ACTSEARCH_TRIAL_DEVICE: device };
    const child = fork(CHILD_ENTRY, [this.moduleUrl], {
      execArgv: this.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      ...(env === undefined ? {} : { env }),
    });
    this.counters.spawned += 1;
    let markExited!: () => void;
    const exited = new Promise<void>((resolve) => {
      markExited = resolve;
    });
    const slot: Slot = { child, state: 'starting', jobsDone: 0, exited, device, ...(task === undefined ? {} : { task }) };
    this.slots.add(slot);
    child.on('message', (message: unknown) => {
      if (isChildMessage(message)) this.onMessage(slot, message);
    });
    // A failed spawn emits 'error' and may never emit 'exit'; both paths end in onExit, once.
    child.on('error', () => {
      if (child.pid === undefined) this.onExit(slot, null, null, markExited);
    });
    child.on('exit', (code, signal) => this.onExit(slot, code, signal, markExited));
  }

  private assign(slot: Slot, task: Task): void {
    const runId = this.nextRunId++;
    slot.state = 'busy';
    slot.task = task;
    slot.runId = runId;
    if (task.timeoutMs > 0) {
      slot.timer = setTimeout(() => this.abortTask(task, new EvaluationTimeoutError(task.timeoutMs)), task.timeoutMs);
    }
    const message: RunMessage = { type: 'run', id: runId, payload: task.payload };
    if (!slot.child.connected) {
      // It died a moment ago and its exit is not processed yet: that exit fails the job as a crash.
      slot.child.kill('SIGKILL');
      return;
    }
    try {
      slot.child.send(message, (error) => {
        // The child vanished between our check and the write; its exit handler fails the job.
        if (error !== null) slot.child.kill('SIGKILL');
      });
    } catch (error) {
      // The payload cannot be structured-cloned: that is the caller's bug, not the child's.
      this.finishTask(slot);
      slot.state = 'idle';
      this.settle(task, new EvaluationError(`payload cannot be sent: ${String(error)}`, true, 'DataCloneError', undefined));
      this.pump();
    }
  }

  private onMessage(slot: Slot, message: ChildMessage): void {
    if (message.type === 'ready') {
      if (slot.state !== 'starting') return;
      const task = slot.task;
      slot.task = undefined;
      if (task === undefined || task.failure !== undefined) {
        slot.state = 'idle';
        this.pump();
      } else {
        this.assign(slot, task);
      }
      return;
    }
    if (message.type === 'startup-failed') {
      slot.startupError = message.error;
      return;
    }
    if (slot.task === undefined || message.id !== slot.runId) return;
    const task = this.finishTask(slot);
    slot.jobsDone += 1;
    if (message.ok) {
      this.settle(task, undefined, message.value);
    } else {
      const remote = message.error;
      this.settle(task, new EvaluationError(remote.message, remote.permanent, remote.name, remote.stack));
    }
    if (this.closed) {
      this.retire(slot, false);
    } else if (slot.jobsDone >= this.maxJobsPerChild) {
      this.retire(slot, true);
      // Start the replacement now, so its start-up overlaps the other children's work.
      this.spawn(undefined);
    } else {
      slot.state = 'idle';
    }
    this.pump();
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null, markExited: () => void): void {
    if (slot.state === 'dead') return;
    const phase = slot.state === 'starting' ? 'startup' : 'evaluation';
    slot.state = 'dead';
    this.slots.delete(slot);
    const task = slot.task;
    if (task !== undefined) {
      this.finishTask(slot);
      if (task.failure === undefined) this.counters.crashed += 1;
      this.settle(task, task.failure ?? new EvaluatorCrashedError(code, signal, phase, slot.startupError?.message));
    }
    markExited();
    this.pump();
  }

  /** Clears the slot's job bookkeeping and returns the job it held. */
  private finishTask(slot: Slot): Task {
    const task = slot.task as Task;
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.task = undefined;
    slot.runId = undefined;
    return task;
  }

  private abortTask(task: Task, failure: Error): void {
    if (task.failure !== undefined) return;
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(task, failure);
      return;
    }
    for (const slot of this.slots) {
      if (slot.task === task) {
        task.failure = failure;
        slot.child.kill('SIGKILL');
      }
    }
  }

  private settle(task: Task, error: Error | undefined, value?: unknown): void {
    if (task.onAbort !== undefined) task.signal?.removeEventListener('abort', task.onAbort);
    if (error === undefined) task.resolve(value);
    else task.reject(error);
  }

  /** Lets an idle child go: closing its IPC channel makes it exit; a stuck one is killed later. */
  private retire(slot: Slot, recycled: boolean): void {
    if (slot.state === 'retiring' || slot.state === 'dead') return;
    if (recycled) this.counters.recycled += 1;
    slot.state = 'retiring';
    if (slot.child.connected) slot.child.disconnect();
    const killer = setTimeout(() => slot.child.kill('SIGKILL'), 10_000);
    killer.unref();
    void slot.exited.then(() => clearTimeout(killer));
  }
}

function abortReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason.message;
  return reason === undefined ? 'aborted' : String(reason);
}
