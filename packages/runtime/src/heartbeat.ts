import type { Logger } from 'pino';
import type { JsonValue, Store } from '@actsearch/store';

export interface HeartbeatIdentity {
  readonly id: string;
  readonly hostname: string;
  readonly role: string;
  /** Read at every beat: the backend evaluations report can differ from the one guessed at start. */
  readonly backend: () => string;
  /** Read at every beat: the evaluator slots and what runs on each. */
  readonly slots?: () => JsonValue;
}

/** Beats now and then every `intervalMs` (for `GET /api/workers`); a failed beat is logged, not fatal. */
export function startHeartbeat(store: Store, who: HeartbeatIdentity, intervalMs: number, log: Logger): { stop(): Promise<void> } {
  let beating: Promise<unknown> = Promise.resolve();
  const beat = (): void => {
    beating = store.workers
      .heartbeat({
        id: who.id,
        hostname: who.hostname,
        role: who.role,
        backend: who.backend(),
        ...(who.slots === undefined ? {} : { slots: who.slots() }),
      })
      .catch((error: unknown) => log.warn({ err: error }, 'heartbeat failed'));
  };
  beat();
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await beating;
    },
  };
}
