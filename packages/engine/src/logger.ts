/** The slice of pino the engine logs through; apps pass their pino logger, tests pass nothing. */
export interface EngineLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

const ignore = (): void => undefined;

export const silentLogger: EngineLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** An error as log fields (pino prints `err` objects with their stack). */
export function errorFields(error: unknown): { err: { name: string; message: string; stack?: string } } {
  if (error instanceof Error)
    return { err: { name: error.name, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) } };
  return { err: { name: 'Error', message: String(error) } };
}
