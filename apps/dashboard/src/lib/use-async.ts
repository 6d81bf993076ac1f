/**
 * Loads data for a view: aborts when the inputs change or the view goes away, keeps the last good
 * answer while reloading, and optionally polls. Errors are kept for the view to show, never thrown.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface AsyncState<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  readonly reload: () => void;
}

export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  options: { pollMs?: number } = {},
): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(() => setTick((t) => t + 1), []);

  // New inputs: forget the previous answer, it belongs to something else.
  useEffect(() => {
    setData(undefined);
    setError(undefined);
  }, deps);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLoading(true);
    loadRef
      .current(controller.signal)
      .then(
        (value) => {
          if (controller.signal.aborted) return;
          setData(value);
          setError(undefined);
        },
        (err: unknown) => {
          if (controller.signal.aborted) return;
          setError(err instanceof Error ? err : new Error(String(err)));
        },
      )
      .finally(() => {
        if (controller.signal.aborted) return;
        setLoading(false);
        if (options.pollMs !== undefined) timer = setTimeout(() => setTick((t) => t + 1), options.pollMs);
      });
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [...deps, tick, options.pollMs]);

  return { data, error, loading, reload };
}
