/**
 * `actsearch start` the ways a user starts it — `node_modules/.bin/actsearch`, `npx actsearch`,
 * `npm start` — as a job of its own process group (as a shell runs it), and what is left of it: every
 * process of that group, found through /proc, and whether its port is free again. Ctrl+C is SIGINT
 * to the whole group, as a terminal sends it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(REPO, 'node_modules', '.bin', 'actsearch');

export type Launcher = 'bin' | 'npx' | 'npm';

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly command: string;
}

/** Every process whose process group is `pgid`, from /proc (orphans included: they keep their group). */
export function processGroup(pgid: number): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    let cmdline: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp …"; comm may hold spaces, so count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') continue;
    if (Number(fields[2]) === pgid)
      found.push({ pid: Number(entry), ppid: Number(fields[1]), command: cmdline.split('\0').join(' ').trim() });
  }
  return found;
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  detail: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface Started {
  readonly leader: ChildProcess;
  /** The process group: the leader's PID. */
  readonly pgid: number;
  readonly url: string;
  readonly port: number;
  output(): string;
  /** SIGINT to the whole group, as a terminal's Ctrl+C. */
  ctrlC(): void;
  /** Resolves once every process of the group has ended (the leader reaped); the leader's exit code. */
  ended(timeoutMs: number): Promise<number | null>;
  /** SIGKILL to the group; for clean-up. */
  kill(): void;
}

/** The environment of a shell that has not been started by npm: no npm_* variables. */
function shellEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('npm_')) env[key] = value;
  const unset = { REDIS_URL: '', DATABASE_URL: '', ACTSEARCH_SERVER: '', ACTSEARCH_TOKEN: '', ACTSEARCH_TOKENS: '', ACTSEARCH_DATA: '' };
  return { ...env, ...unset, NO_COLOR: '1', ...extra };
}

export async function launch(
  launcher: Launcher,
  args: readonly string[],
  env: Record<string, string>,
  readyTimeoutMs = 120_000,
): Promise<Started> {
  const [command, argv] =
    launcher === 'bin'
      ? [BIN, ['start', ...args]]
      : launcher === 'npx'
        ? ['npx', ['actsearch', 'start', ...args]]
        : ['npm', ['start', '--', ...args]];
  const leader = spawn(command, argv, { cwd: REPO, env: shellEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  leader.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  leader.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => leader.once('exit', (code) => resolve(code)));
  const pgid = leader.pid as number;
  const kill = () => {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  };
  let url = '';
  try {
    await until(
      `${launcher} actsearch start to be ready`,
      () => {
        url = /dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1] ?? '';
        if (url === '' && leader.exitCode !== null) throw new Error(`${launcher} actsearch start exited with ${leader.exitCode}:\n${out}`);
        return url !== '';
      },
      readyTimeoutMs,
      () => out,
    );
  } catch (error) {
    kill();
    throw error;
  }
  return {
    leader,
    pgid,
    url,
    port: Number(new URL(url).port),
    output: () => out,
    ctrlC: () => process.kill(-pgid, 'SIGINT'),
    async ended(timeoutMs) {
      await until(
        'every process of the group to end',
        () => processGroup(pgid).length === 0,
        timeoutMs,
        () => `${JSON.stringify(processGroup(pgid), null, 1)}\n${out}`,
      );
      return exit;
    },
    kill,
  };
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** One `actsearch …` command through node_modules/.bin, as from a shell in `cwd`. */
export function runActsearch(
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: Record<string, string> },
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { cwd: options.cwd, env: shellEnv(options.env ?? {}), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
