/**
 * Stops a long-running process (`actsearch start`, `actsearch worker`) on SIGINT/SIGTERM, each
 * request taking effect once (see shutdown-requests.ts for the rule):
 *   1st  graceful — stop taking work; running evaluations may finish for `graceMs`, then go back to the queue;
 *   2nd  fast     — running evaluations go back to the queue now; the store still closes cleanly;
 *   3rd  immediate exit (code 1), as does a close that hangs past its deadline.
 * The handlers are installed as soon as this is called, before start-up, so a Ctrl+C while the
 * database opens is a stop request too rather than the default kill, and they stay installed until
 * the process exits, so a late duplicate cannot kill it either.
 */
import type { Logger } from 'pino';
import { startedByNpm, watchParent } from './parent-watch.ts';
import { ShutdownRequests } from './shutdown-requests.ts';

export interface ShutdownOptions {
  /** How long running evaluations may finish after the first request (what `close` is given). */
  readonly graceMs: number;
  /** How much longer than that (and, after a fast stop began, at most) closing may take before the process exits anyway. Default 15 s. */
  readonly marginMs?: number;
  /** The environment, to tell whether npm started this process; then its parent going away is a stop request too. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Repeats closer than this are one request; default 1 s. */
  readonly duplicateWindowMs?: number;
}

export interface ShutdownSignals {
  /** Resolves at the first stop request. */
  readonly requested: Promise<void>;
  /** Waits for the first stop request, runs `close` with a signal that a second request aborts, and resolves once it finished. */
  closeOnRequest(close: (hurry: AbortSignal) => Promise<void>): Promise<void>;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export function handleShutdownSignals(log: Logger, options: ShutdownOptions): ShutdownSignals {
  const requests = new ShutdownRequests(options.duplicateWindowMs);
  const hurry = new AbortController();
  const marginMs = options.marginMs ?? 15_000;
  let markRequested!: () => void;
  const requested = new Promise<void>((resolve) => {
    markRequested = resolve;
  });
  let deadline: NodeJS.Timeout | undefined;
  let deadlineAt = Number.POSITIVE_INFINITY;
  const exitBy = (ms: number) => {
    if (Date.now() + ms >= deadlineAt) return;
    clearTimeout(deadline);
    deadlineAt = Date.now() + ms;
    deadline = setTimeout(() => {
      log.error({ afterMs: ms }, 'shutdown took too long: exiting now');
      process.exit(1);
    }, ms);
    deadline.unref();
  };
  const graceful = (reason: Record<string, unknown>) => {
    log.info(
      { ...reason, graceMs: options.graceMs },
      'stopping: no new work; running evaluations may finish (stop again to hand them back to the queue now)',
    );
    exitBy(options.graceMs + marginMs);
    markRequested();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    const step = requests.signal(Date.now());
    if (step === 'duplicate') {
      log.debug({ signal }, 'the same stop request again (within the duplicate window): ignored');
    } else if (step === 'graceful') {
      graceful({ signal });
    } else if (step === 'fast') {
      log.warn({ signal }, 'stopping now: running evaluations go back to the queue');
      exitBy(marginMs);
      hurry.abort();
    } else {
      log.error({ signal }, 'stopping at once: interrupted evaluations run again after the next start');
      process.exit(1);
    }
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  if (options.env !== undefined && startedByNpm(options.env)) {
    watchParent(() => {
      if (requests.parentGone(Date.now()) === 'graceful') graceful({ reason: 'the process that started actsearch (npm) ended' });
    });
  }
  return {
    requested,
    async closeOnRequest(close) {
      await requested;
      try {
        await close(hurry.signal);
      } finally {
        clearTimeout(deadline);
      }
    },
  };
}

/** Resolves once a stop request arrived and `close` finished. */
export function runUntilSignal(close: (hurry: AbortSignal) => Promise<void>, log: Logger, options: ShutdownOptions): Promise<void> {
  return handleShutdownSignals(log, options).closeOnRequest(close);
}
