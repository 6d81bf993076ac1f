import type { Logger } from 'pino';

/**
 * Resolves once SIGTERM or SIGINT arrived and `close` finished. A second signal while closing, or a
 * close that hangs past `hardTimeoutMs`, exits at once with code 1.
 */
export function runUntilSignal(close: () => Promise<void>, log: Logger, hardTimeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let closing = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (closing) {
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      closing = true;
      log.info({ signal }, 'shutting down');
      const hard = setTimeout(() => {
        log.error({ hardTimeoutMs }, 'shutdown took too long: exiting now');
        process.exit(1);
      }, hardTimeoutMs);
      hard.unref();
      close().then(
        () => {
          clearTimeout(hard);
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          resolve();
        },
        (error: unknown) => {
          clearTimeout(hard);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
