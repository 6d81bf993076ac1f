/**
 * The contract between `actsearch start` (apps/cli) and the daemon it runs (apps/api's `serve`): the
 * HTTP server, the dashboard and the runtime of startDaemonRuntime in one process. Apps never import
 * one another (lint forbids it), so the CLI reaches the api app the way the evaluator pool reaches
 * its evaluator module: by module, loaded at run time, typed by the contract written here. The api app
 * declares `serve` with these types (a change to them fails its typecheck), and loadApiRole checks
 * the module exports it (test/unit/runtime/api-role.test.ts).
 */
import type { Logger } from 'pino';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  /** Data folder: the embedded database (`db/`) and the generated token (`token`). */
  readonly dataDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: Logger;
  /** Evaluator processes of the embedded mode; default one per core. */
  readonly workers?: number;
}

export interface RunningDaemon {
  readonly mode: 'embedded' | 'api';
  readonly url: string;
  readonly port: number;
  /** Where the token came from: the environment, or a file in the data folder. */
  readonly token:
    { readonly source: 'env' } | { readonly source: 'file'; readonly value: string; readonly file: string; readonly created: boolean };
  readonly describe: string;
  /**
   * Stops taking requests, ends event streams, lets running evaluations finish within `timeoutMs`
   * (then hands them back), closes the store. Aborting `hurry` hands them back at once.
   */
  close(timeoutMs?: number, hurry?: AbortSignal): Promise<void>;
}

export type Serve = (options: ServeOptions) => Promise<RunningDaemon>;

/** What the api app's entry module exports for `actsearch start`. */
export interface ApiRoleModule {
  readonly serve: Serve;
}

/** The api app, by package name. */
const API_APP = '@actsearch/api';

/** Loads the api app's entry (`@actsearch/api`), which pulls in Express, the engine, Prisma and TF.js. */
export async function loadApiRole(): Promise<ApiRoleModule> {
  // A specifier in a variable: nothing depends on the api app at build time (see above);
  // apps/api/src/serve.ts declares `serve: Serve`, and the check below refuses any other module.
  const specifier: string = API_APP;
  const module = (await import(specifier)) as Partial<ApiRoleModule>;
  if (typeof module.serve !== 'function') throw new Error(`${specifier} does not export serve()`);
  return { serve: module.serve };
}
