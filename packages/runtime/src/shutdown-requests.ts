/**
 * What each stop request means, PostgreSQL-style: the first SIGINT/SIGTERM asks for a graceful stop
 * (no new work; running evaluations may finish), a second asks for a fast one (running evaluations go
 * back to the queue now), a third for an immediate exit.
 *
 * One keypress can arrive more than once: Ctrl+C signals the terminal's whole foreground process
 * group, so under `npm start` this process gets the SIGINT from the terminal and again from npm,
 * which relays it to its child, a few milliseconds apart. A stop signal that comes within
 * `duplicateWindowMs` (default 1 s) of the one that started the current step is therefore the same
 * request, not a second one; a deliberate second Ctrl+C comes later than that.
 */
export type ShutdownStep = 'graceful' | 'fast' | 'immediate';

export const DUPLICATE_WINDOW_MS = 1_000;

export class ShutdownRequests {
  private step: ShutdownStep | undefined;
  private stepStartedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly duplicateWindowMs: number = DUPLICATE_WINDOW_MS) {}

  /** The step a SIGINT or SIGTERM received at `now` (ms) starts, or `duplicate` when it repeats the last one. */
  signal(now: number): ShutdownStep | 'duplicate' {
    if (this.step !== undefined && now - this.stepStartedAt < this.duplicateWindowMs) return 'duplicate';
    this.step = this.step === undefined ? 'graceful' : this.step === 'graceful' ? 'fast' : 'immediate';
    this.stepStartedAt = now;
    return this.step;
  }

  /**
   * The process that started this one went away (under npm, the `sh -c` that npx puts in between
   * dies of the SIGTERM it was sent instead of passing it on). That asks for a graceful stop, and
   * never for more: it is a consequence of a stop request, not a second one.
   */
  parentGone(now: number): 'graceful' | 'duplicate' {
    if (this.step !== undefined) return 'duplicate';
    this.step = 'graceful';
    this.stepStartedAt = now;
    return 'graceful';
  }
}
