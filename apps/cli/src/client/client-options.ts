/**
 * The options every client command shares — `--server`, `--token`, `--json` — with their environment
 * fallbacks, parsed together with the command's own options by node:util's parseArgs.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../cli-error.ts';
import type { CliIo } from '../command.ts';
import { ApiClient, ServerProblemError } from './api-client.ts';

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

export const CLIENT_OPTIONS_HELP = `common options:
  --server <url>   the actsearch server (default $ACTSEARCH_SERVER or ${DEFAULT_SERVER})
  --token <token>  bearer token for submit/pause/resume/cancel (default $ACTSEARCH_TOKEN, else the
                   token 'actsearch start' saved in ./.actsearch/token)
  --json           machine-readable output`;

const COMMON = {
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

/** The token: --token, else $ACTSEARCH_TOKEN, else the embedded daemon's saved token in this folder. */
function tokenOf(explicit: string | undefined, io: CliIo): string | undefined {
  if (explicit !== undefined) return explicit;
  const fromEnv = io.env.ACTSEARCH_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const saved = path.join(io.cwd, '.actsearch', 'token');
  if (existsSync(saved)) {
    const token = readFileSync(saved, 'utf8').trim();
    if (token !== '') return token;
  }
  return undefined;
}

export function parseClientArgs(command: string, args: readonly string[], io: CliIo, options: Options = {}): ParsedClientArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    const message = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
    throw new UsageError(`${message} (see 'actsearch ${command} --help')`);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const server = (values.server as string | undefined) ?? (io.env.ACTSEARCH_SERVER?.trim() || DEFAULT_SERVER);
  if (!/^https?:\/\/[^\s/]+/.test(server)) throw new UsageError(`--server must be an http(s) URL such as ${DEFAULT_SERVER}, got '${server}'`);
  const token = tokenOf(values.token as string | undefined, io);
  return { values, positionals: parsed.positionals, json: values.json === true, client: new ApiClient({ server, ...(token === undefined ? {} : { token }) }) };
}

export function intOption(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${String(value)}'`);
  }
  return n;
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
