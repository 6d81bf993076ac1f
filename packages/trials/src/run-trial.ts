/**
 * Runs one trial: a fresh folder, the task's command started through the guard (its own process
 * group, stopped with SIGTERM then SIGKILL), its stdout read as protocol 1, and one outcome —
 * done, rejected (divergence or quality, with the step), failed (exit code, signal, timeout, no final
 * report; with the last 2 KiB of stderr), or cancelled. Never throws for what the trial does.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseTrialLine, TRIAL_PROTOCOL } from './protocol.ts';
import { writeTrialFolder, type TrialFolder, type TrialSpec } from './trial-folder.ts';

const GUARD = fileURLToPath(new URL('./guard.mjs', import.meta.url));
/** Where `actsearch_trial.py` lives; put first on the trial's PYTHONPATH. */
export const PYTHON_HELPER_DIR = fileURLToPath(new URL('../python', import.meta.url));
const STDERR_TAIL_BYTES = 2048;
const OUTPUT_LINES_KEPT = 40;

export interface TrialCommand {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly graceSeconds: number;
}

export interface RunTrialOptions {
  readonly command: TrialCommand;
  readonly spec: TrialSpec;
  /** Reject when the first report at `step` or later is below `floor`; null: no quality test. */
  readonly quality?: { readonly step: number; readonly floor: number } | null;
  /** Reject a non-finite metric (default true); off, such a trial fails instead of scoring NaN. */
  readonly divergence?: boolean;
  /** Stops the trial (SIGTERM, SIGKILL after the grace period); the outcome is `cancelled`. */
  readonly signal?: AbortSignal;
  /** `CUDA_VISIBLE_DEVICES` for the trial (a GPU slot). */
  readonly device?: string;
  /** Parent of the trial folders (default `$TMPDIR/actsearch-trials`). */
  readonly trialsDir?: string;
  /** Keep the trial folder afterwards (default: removed). */
  readonly keepFolder?: boolean;
  readonly onReport?: (step: number, metric: number) => void;
  /** Every stdout line that is not a protocol line. */
  readonly onOutput?: (line: string) => void;
}

export interface CurvePoint {
  readonly step: number;
  readonly metric: number | null;
}

interface Common {
  readonly curve: readonly CurvePoint[];
  readonly durationMs: number;
  /** The last lines of the trial's other stdout output. */
  readonly output: readonly string[];
  readonly folder: string;
}

export type TrialOutcome =
  | (Common & { readonly status: 'done'; readonly metric: number; readonly extra: Readonly<Record<string, unknown>> })
  | (Common & {
      readonly status: 'rejected';
      readonly test: 'divergence' | 'quality';
      readonly reason: string;
      readonly step: number | null;
      readonly metric: number | null;
    })
  | (Common & {
      readonly status: 'failed';
      readonly reason: string;
      readonly stderrTail: string;
      readonly exitCode: number | null;
      readonly signal: string | null;
    })
  | (Common & { readonly status: 'cancelled' });

function trialEnv(folder: TrialFolder, options: RunTrialOptions): NodeJS.ProcessEnv {
  const m = folder.manifest;
  const own = options.command.env ?? {};
  const inherited = own.PYTHONPATH ?? process.env.PYTHONPATH;
  return {
    ...process.env,
    ...own,
    PYTHONPATH: inherited ? `${PYTHON_HELPER_DIR}${path.delimiter}${inherited}` : PYTHON_HELPER_DIR,
    // Python buffers a pipe's output in blocks; reports must arrive as they are printed.
    PYTHONUNBUFFERED: '1',
    ACTSEARCH_TRIAL_PROTOCOL: String(TRIAL_PROTOCOL),
    ACTSEARCH_TRIAL_DIR: folder.dir,
    ACTSEARCH_TRIAL_JSON: folder.trialJson,
    ACTSEARCH_ACTIVATION_MODULE: folder.module,
    ACTSEARCH_EXPRESSION: m.canonical,
    ACTSEARCH_FINGERPRINT: m.fingerprint,
    ACTSEARCH_SEED: String(m.seed),
    ACTSEARCH_FIDELITY: m.fidelity,
    ACTSEARCH_STEPS: String(m.budget.steps),
    ACTSEARCH_BATCH_SIZE: String(m.budget.batchSize),
    ACTSEARCH_LR_SCALE: String(m.budget.learningRateScale),
    ACTSEARCH_TASK: m.task.id,
    ACTSEARCH_TASK_VERSION: String(m.task.version),
    ...(options.device === undefined ? {} : { CUDA_VISIBLE_DEVICES: options.device }),
  };
}

export async function runTrial(options: RunTrialOptions): Promise<TrialOutcome> {
  const started = performance.now();
  const parent = options.trialsDir ?? path.join(tmpdir(), 'actsearch-trials');
  await mkdir(parent, { recursive: true });
  const folder = await writeTrialFolder(parent, options.spec);
  try {
    return await supervise(folder, options, started);
  } finally {
    if (options.keepFolder !== true) await rm(folder.dir, { recursive: true, force: true });
  }
}

type Ending =
  | {
      readonly kind: 'rejected';
      readonly test: 'divergence' | 'quality';
      readonly reason: string;
      readonly step: number | null;
      readonly metric: number | null;
    }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'cancelled' };

function supervise(folder: TrialFolder, options: RunTrialOptions, started: number): Promise<TrialOutcome> {
  const { command } = options;
  const timeoutSeconds = options.spec.budget.timeoutSeconds;
  const divergence = options.divergence ?? true;
  const curve: CurvePoint[] = [];
  const output: string[] = [];
  let stderrTail = '';
  let final: { metric: number; extra: Readonly<Record<string, unknown>> } | null = null;
  let ending: Ending | null = null;
  let qualityChecked = false;
  let trialExit: { code: number | null; signal: string | null } | null = null;

  const guard = spawn(process.execPath, [GUARD, String(Math.round(command.graceSeconds * 1000)), ...command.argv], {
    cwd: command.cwd,
    env: trialEnv(folder, options),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const stop = (why: Ending) => {
    if (ending !== null) return;
    ending = why;
    if (guard.connected) guard.send({ type: 'stop' });
  };
  guard.on('message', (message: { type?: string; code?: number | null; signal?: string | null }) => {
    if (message.type === 'exit') trialExit = { code: message.code ?? null, signal: message.signal ?? null };
  });
  const timer = setTimeout(() => stop({ kind: 'timeout' }), timeoutSeconds * 1000);
  const onAbort = () => stop({ kind: 'cancelled' });
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  // Both are pipes (stdio above); the types cannot tell once 'ipc' is in the list.
  const { stdout, stderr } = guard;
  if (stdout === null || stderr === null) throw new Error('the trial guard has no stdout/stderr pipes');
  stderr.setEncoding('utf8');
  stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
  });
  createInterface({ input: stdout, crlfDelay: Infinity }).on('line', (line) => {
    // Whatever comes after the trial was told to stop (cancel, rejection, timeout) is not a result.
    if (ending !== null) return;
    const parsed = parseTrialLine(line);
    if (parsed.kind === 'output') {
      output.push(parsed.text);
      if (output.length > OUTPUT_LINES_KEPT) output.shift();
      options.onOutput?.(parsed.text);
      return;
    }
    if (final !== null) return;
    if (parsed.kind === 'final') {
      if (!Number.isFinite(parsed.metric) && divergence) {
        stop({
          kind: 'rejected',
          test: 'divergence',
          reason: `the final metric is ${parsed.metric} (not finite)`,
          step: curve.at(-1)?.step ?? null,
          metric: null,
        });
        return;
      }
      final = { metric: parsed.metric, extra: parsed.extra };
      return;
    }
    curve.push({ step: parsed.step, metric: Number.isFinite(parsed.metric) ? parsed.metric : null });
    options.onReport?.(parsed.step, parsed.metric);
    if (!Number.isFinite(parsed.metric) && divergence) {
      stop({
        kind: 'rejected',
        test: 'divergence',
        reason: `the metric reported at step ${parsed.step} is ${parsed.metric} (not finite)`,
        step: parsed.step,
        metric: null,
      });
      return;
    }
    const quality = options.quality ?? null;
    if (quality !== null && !qualityChecked && parsed.step >= quality.step) {
      qualityChecked = true;
      if (parsed.metric < quality.floor) {
        stop({
          kind: 'rejected',
          test: 'quality',
          reason: `metric ${parsed.metric} at step ${parsed.step} is below the task's quality floor ${quality.floor}`,
          step: parsed.step,
          metric: parsed.metric,
        });
      }
    }
  });

  return new Promise<TrialOutcome>((resolve) => {
    let spawnError: Error | null = null;
    guard.on('error', (error) => {
      spawnError = error;
    });
    guard.on('close', (guardCode, guardSignal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const common = { curve, durationMs: performance.now() - started, output, folder: folder.dir };
      const end = ending as Ending | null;
      if (end?.kind === 'cancelled') return resolve({ ...common, status: 'cancelled' });
      if (end?.kind === 'rejected')
        return resolve({ ...common, status: 'rejected', test: end.test, reason: end.reason, step: end.step, metric: end.metric });
      const exit = (trialExit as { code: number | null; signal: string | null } | null) ?? { code: guardCode, signal: guardSignal };
      const failed = (reason: string) =>
        resolve({ ...common, status: 'failed', reason, stderrTail, exitCode: exit.code, signal: exit.signal });
      if (end?.kind === 'timeout')
        return failed(
          `timed out after ${timeoutSeconds} s (the task's timeoutSeconds for ${options.spec.fidelity}); the trial was stopped`,
        );
      if (spawnError !== null) return failed(`could not start the trial guard: ${(spawnError as Error).message}`);
      if (exit.code !== 0) {
        const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
        return failed(`the trial command ${how}`);
      }
      const done = final as { metric: number; extra: Readonly<Record<string, unknown>> } | null;
      if (done === null) return failed('the trial command exited 0 without a final {"metric": ...} line on stdout (protocol 1)');
      if (!Number.isFinite(done.metric)) return failed(`the final metric is ${done.metric} and divergence checks are off`);
      resolve({ ...common, status: 'done', metric: done.metric, extra: done.extra });
    });
  });
}
