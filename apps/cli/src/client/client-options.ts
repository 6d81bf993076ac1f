/**
 * The options every client command shares — `--data`, `--server`, `--token`, `--json` — with their
 * environment fallbacks and the data folder's record of its server, parsed together with the
 * command's own options by node:util's parseArgs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { CommandFailedError, UsageError } from '../cli-error.ts';
import type { CliIo } from '../command.ts';
import { LOCK_FILE_NAME, readLock } from '../data-folder/data-folder-lock.ts';
import { isStillRunning } from '../data-folder/process-identity.ts';
import { parseCommandArgs } from '../options.ts';
import { ApiClient, ServerProblemError } from './api-client.ts';

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

export const CLIENT_OPTIONS_HELP = `common options:
  --data <dir>     the data folder of 'actsearch start' (default $ACTSEARCH_DATA or ./.actsearch): the
                   server's URL and token are read from there
  --server <url>   the actsearch server (default $ACTSEARCH_SERVER, else the one running on the data
                   folder, else ${DEFAULT_SERVER})
  --token <token>  bearer token for submit/pause/resume/cancel (default $ACTSEARCH_TOKEN, else the
                   token file of the server running on the data folder)
  --json           machine-readable output`;

const COMMON = {
  data: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedClientArgs {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
  readonly json: boolean;
  readonly client: ApiClient;
}

/** The data folder, absolute: `explicit` (--data), else $ACTSEARCH_DATA, else ./.actsearch. */
export function dataFolderOf(explicit: string | undefined, io: CliIo): string {
  return path.resolve(io.cwd, explicit ?? (io.env.ACTSEARCH_DATA?.trim() || '.actsearch'));
}

function readToken(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

interface Located {
  readonly server: string;
  readonly token?: string;
  /** What to tell the user when the server answers 401. */
  readonly unauthorizedHint: string;
}

/**
 * Where the server is and which token to send: the explicit options and environment first, else what
 * the server running on the data folder recorded in its lock file (its URL, the token file it wrote),
 * else the defaults. A data folder named explicitly must have a server running on it.
 */
function locate(values: Record<string, unknown>, io: CliIo): Located {
  const dataNamed = (values.data as string | undefined) ?? (io.env.ACTSEARCH_DATA?.trim() || undefined);
  const dataDir = dataFolderOf(values.data as string | undefined, io);
  const recorded = readLock(dataDir);
  const running = recorded !== null && isStillRunning(recorded) ? recorded : null;

  let server = (values.server as string | undefined) ?? (io.env.ACTSEARCH_SERVER?.trim() || running?.url || undefined);
  if (server === undefined) {
    if (dataNamed !== undefined) {
      const why =
        recorded === null
          ? `no ${LOCK_FILE_NAME} there`
          : running === null
            ? `its lock names PID ${recorded.pid}, which no longer runs`
            : 'it is still starting';
      throw new CommandFailedError(
        `no actsearch server is ready on the data folder ${dataDir} (${why}); start one with 'actsearch start --data ${dataDir}', or pass --server`,
      );
    }
    server = DEFAULT_SERVER;
  }
  if (!/^https?:\/\/[^\s/]+/.test(server))
    throw new UsageError(`--server must be an http(s) URL such as ${DEFAULT_SERVER}, got '${server}'`);

  const advice = `pass --token or set ACTSEARCH_TOKEN, or --data with the data folder 'actsearch start' printed`;
  const explicit = (values.token as string | undefined) ?? (io.env.ACTSEARCH_TOKEN?.trim() || undefined);
  if (explicit !== undefined) {
    const source = values.token !== undefined ? 'the token given with --token' : 'the token in ACTSEARCH_TOKEN';
    const written = running?.tokenFile == null ? '' : `; the server on ${dataDir} wrote its token to ${running.tokenFile}`;
    return { server, token: explicit, unauthorizedHint: `${source} was refused by ${server}${written}` };
  }
  // A running server names its token file (or none: then it takes ACTSEARCH_TOKENS); without one, an
  // earlier server's token file in the folder is the best guess.
  if (running !== null && running.tokenFile === null) {
    return {
      server,
      unauthorizedHint: `the server on ${dataDir} takes its tokens from ACTSEARCH_TOKENS: pass one with --token or ACTSEARCH_TOKEN`,
    };
  }
  // DIR/token is where 'actsearch start' keeps a generated token (packages/http's token-file.ts).
  const tokenFile = running?.tokenFile ?? path.join(dataDir, 'token');
  const token = readToken(tokenFile);
  if (token === undefined) return { server, unauthorizedHint: `no token was sent (none in ${tokenFile}): ${advice}` };
  return {
    server,
    token,
    unauthorizedHint: `the token in ${tokenFile} was refused by ${server}: is it the server started with --data ${dataDir}? Otherwise ${advice}`,
  };
}

export function parseClientArgs(command: string, args: readonly string[], io: CliIo, options: Options = {}): ParsedClientArgs {
  const parsed = parseCommandArgs(command, args, { ...COMMON, ...options });
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const { server, token, unauthorizedHint } = locate(values, io);
  return {
    values,
    positionals: parsed.positionals,
    json: values.json === true,
    client: new ApiClient({ server, unauthorizedHint, ...(token === undefined ? {} : { token }) }),
  };
}

/**
 * Runs a client command: a server that cannot be reached or fails becomes one line on stderr and
 * exit code 1; refused input (4xx, UsageError) propagates to the CLI's handler (one line, exit 2).
 */
export async function runClient(io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ServerProblemError) {
      io.err(`error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

export function writeJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}
