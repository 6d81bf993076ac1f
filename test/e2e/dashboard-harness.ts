/**
 * What the dashboard's browser test runs against: the built dashboard (rebuilt when its sources are
 * newer than dist/), the embedded daemon as a child process on a free port with a fresh data folder,
 * and Debian's Chromium driven by playwright-core with a fresh profile.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { freePort } from '../fixtures/free-port.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const DASHBOARD = join(REPO, 'apps', 'dashboard');
export const DIST = join(DASHBOARD, 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const require = createRequire(import.meta.url);

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds apps/dashboard/dist unless it is newer than every source file (npm test builds it first). */
export function ensureDashboardBuilt(): void {
  const index = join(DIST, 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(DASHBOARD, p));
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  const vite = join(require.resolve('vite/package.json'), '..', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: DASHBOARD, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
}

export interface Daemon {
  readonly url: string;
  /** The bearer token mutating routes accept. */
  readonly token: string;
  /** Everything the daemon printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/**
 * `actsearch start --port <free> --data <tmp> --workers 2`, with a known token through ACTSEARCH_TOKENS and the
 * dashboard just built through ACTSEARCH_DASHBOARD_DIR; ready when /healthz answers. It stops
 * gracefully on SIGTERM; it runs in its own process group so that nothing of it outlives the test.
 */
export async function startDaemon(options: { readonly readyTimeoutMs: number }): Promise<Daemon> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'actsearch-e2e-'));
  const token = `acts_e2e_${Math.random().toString(36).slice(2, 12)}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [join(REPO, 'apps/cli/bin/actsearch.js'), 'start', '--port', String(port), '--data', dataDir, '--workers', '2'],
    {
      cwd: REPO,
      env: { ...process.env, ACTSEARCH_TOKENS: token, ACTSEARCH_DASHBOARD_DIR: DIST, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  const close = async () => {
    if (exited === undefined && child.pid !== undefined) {
      // One SIGTERM to the server (the leader is the server itself): a second would hand running evaluations back at once.
      child.kill('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 20_000);
      await exit;
      clearTimeout(timer);
    }
    killGroup('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + options.readyTimeoutMs;
  for (;;) {
    if (exited !== undefined) {
      await close();
      throw new Error(`actsearch start exited with ${exited} before it was ready:\n${out}`);
    }
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`actsearch start was not ready within ${options.readyTimeoutMs} ms:\n${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, token, output: () => out, close };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile folder, removed on close. */
export async function launchBrowser(downloadsPath: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'actsearch-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    downloadsPath,
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
