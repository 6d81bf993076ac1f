import type { DispatcherErrorContext, DispatcherErrorListener } from './dispatcher.ts';

/**
 * The consumer-side error channel of a dispatcher. Errors there happen away from any caller (a
 * handler that threw inside a worker, a dropped Redis connection), so they go to subscribers; with
 * none, to stderr, because a silently swallowed error is worse than a noisy one.
 */
export class ErrorListeners {
  private readonly listeners = new Set<DispatcherErrorListener>();

  add(listener: DispatcherErrorListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(error: Error, context: DispatcherErrorContext): void {
    if (this.listeners.size === 0) {
      console.error(`[actsearch/queue] ${context.source}:`, error);
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(error, context);
      } catch {
        // A broken listener must not take the worker down with it.
      }
    }
  }
}
