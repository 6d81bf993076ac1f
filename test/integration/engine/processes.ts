import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { FAKE_EVALUATOR, postgresUrl, REDIS_URL, sleep, waitFor } from './helpers.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const WORKER_MAIN = fileURLToPath(new URL('../../../apps/worker/src/main.ts', import.meta.url));

export interface WorkerProcessOptions {
  readonly schema: string;
  readonly prefix: string;
  readonly redisUrl?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * `npm run worker` as a separate Node process, with the fake evaluator and short lock, lease and
 * sweep intervals so that a killed one is replaced within seconds. Resolves once it has started.
 */
export async function spawnWorker(options: WorkerProcessOptions): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_MAIN], {
    cwd: REPO,
    env: {
      ...process.env,
      REDIS_URL: options.redisUrl ?? REDIS_URL,
      DATABASE_URL: postgresUrl(options.schema),
      ACTSEARCH_QUEUE_PREFIX: options.prefix,
      ACTSEARCH_EVALUATOR_MODULE: FAKE_EVALUATOR,
      ACTSEARCH_WORKERS: '2',
      ACTSEARCH_LOCK_DURATION_MS: '1000',
      ACTSEARCH_STALLED_INTERVAL_MS: '500',
      ACTSEARCH_DRIVE_LEASE_MS: '2000',
      ACTSEARCH_SWEEP_INTERVAL_MS: '1000',
      ACTSEARCH_BACKOFF_MS: '50',
      ACTSEARCH_SHUTDOWN_TIMEOUT_MS: '2000',
      METRICS_PORT: 'off',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  // It is up once its first heartbeat row exists; the caller checks that, so here only wait for a
  // live process that has not died on start-up.
  await sleep(200);
  if (exited) throw new Error(`worker exited on start-up: ${stderr}`);
  return child;
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** A throwaway redis-server that keeps nothing on disk, so a restart comes back empty. */
export class EphemeralRedis {
  private child: ChildProcess | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // Refused connections while it starts are expected; connect() reports them.
    probe.on('error', () => undefined);
    try {
      await waitFor(
        async () => {
          try {
            if (probe.status !== 'ready') await probe.connect();
            return (await probe.ping()) === 'PONG';
          } catch {
            probe.disconnect();
            return false;
          }
        },
        `redis-server on port ${this.port}`,
        10_000,
      );
    } finally {
      probe.disconnect();
    }
  }

  /** SIGKILL: nothing is saved, every key is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    this.child = undefined;
    child.kill('SIGKILL');
    await exitOf(child);
  }
}
