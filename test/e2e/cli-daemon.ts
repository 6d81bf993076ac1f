/**
 * Runs the real `actsearch` binary for the end-to-end tests: the daemon (`start`) as a child process
 * in its own process group on a free port with a fresh data folder, and client commands as
 * separate processes, exactly as a user would.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(REPO, 'apps', 'cli', 'src', 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface Daemon {
  readonly url: string;
  readonly token: string;
  readonly child: ChildProcess;
  output(): string;
  /** SIGTERM, then the exit code (null if it had to be killed after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
}

export async function startDaemon(
  dataDir: string,
  env: Record<string, string> = {},
  readyTimeoutMs = 180_000,
  args: readonly string[] = [],
): Promise<Daemon> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, 'start', '--port', '0', '--data', dataDir, '--workers', '2', ...args], {
    cwd: dirname(dataDir),
    env: { ...process.env, LOG_LEVEL: 'warn', ACTSEARCH_TOKENS: '', REDIS_URL: '', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + readyTimeoutMs;
  let ready: RegExpExecArray | null = null;
  while (ready === null) {
    ready = /dashboard: (http:\/\/127\.0\.0\.1:\d+)\/[\s\S]*token: +(\S+)/.exec(out);
    if (ready !== null) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      if (child.exitCode === null) process.kill(-(child.pid as number), 'SIGKILL');
      throw new Error(`actsearch start did not become ready:\n${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const [, url, token] = ready as unknown as [string, string, string];
  return {
    url,
    token,
    child,
    output: () => out,
    async stop(timeoutMs = 60_000) {
      if (child.exitCode !== null) return child.exitCode;
      process.kill(child.pid as number, 'SIGTERM');
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
      const code = await Promise.race([exited, timer]);
      if (code === 'timeout') {
        process.kill(-(child.pid as number), 'SIGKILL');
        return null;
      }
      return code;
    },
  };
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One `actsearch …` process against the daemon. */
export function actsearch(
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: Record<string, string> },
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, MAIN, ...args],
      { cwd: options.cwd, env: { ...process.env, ...options.env }, maxBuffer: 16 * 1024 * 1024, timeout: 600_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
