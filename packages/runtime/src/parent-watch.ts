/**
 * Notices when the process that started this one has ended. Under npm that is how a stop request
 * can arrive: `npx actsearch start` runs the command through `sh -c`, and that shell dies of the
 * SIGTERM npm relays to it instead of passing it on, so this process never sees the signal.
 */
export function watchParent(onGone: () => void, intervalMs = 250): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    try {
      // Signal 0 only asks whether the process exists; npm reaps its shell at once, so a dead
      // parent is gone (ESRCH) rather than lingering as a zombie.
      process.kill(parent, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') return;
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Whether npm started this process (`npm start`, `npm run …`, `npx …`): npm sets npm_lifecycle_event for its scripts. */
export function startedByNpm(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.npm_lifecycle_event !== undefined && env.npm_lifecycle_event !== '';
}
