/**
 * Stopping a busy actsearch the ways a user does, with the processes a user starts: Ctrl+C (SIGINT to
 * the whole process group; under `npm start` the server gets it twice), SIGTERM to `npx actsearch
 * start` (the shell npx puts in between dies of it), a second request, kill -9, and SIGTERM to
 * node_modules/.bin/actsearch. Each stop ends every process of the group and frees the port, and the
 * campaign loses no evaluation: the first request lets running evaluations finish, a second hands
 * them back at once, and after a kill -9 the next start takes the stale lock over and finishes
 * exactly the budget. (SIGINT to the `npm start` process alone: data-folder.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '@actsearch/store';
import { launch, portIsFree, processGroup, until, type Launcher, type Started } from './user-process.ts';

const EVALUATOR = fileURLToPath(new URL('./fixtures/logged-evaluator.ts', import.meta.url));
const TOKEN = 'acts_signals_e2e_token';
const BUDGET = 8;
const root = mkdtempSync(join(tmpdir(), 'actsearch-signals-'));
const launched: Started[] = [];

afterAll(() => {
  for (const started of launched) started.kill();
  rmSync(root, { recursive: true, force: true });
});

async function start(launcher: Launcher, dataDir: string, env: Record<string, string> = {}): Promise<Started> {
  const started = await launch(launcher, ['--port', '0', '--data', dataDir, '--workers', '2'], {
    ACTSEARCH_TOKENS: TOKEN,
    ACTSEARCH_EVALUATOR_MODULE: EVALUATOR,
    LOG_LEVEL: 'info',
    ...env,
  });
  launched.push(started);
  return started;
}

async function expectAllGone(started: Started): Promise<number | null> {
  const code = await started.ended(60_000);
  expect(await portIsFree(started.port)).toBe(true);
  return code;
}

/** Evaluations started but not ended, by the evaluator's log. */
function running(log: string): string[] {
  let lines: string[] = [];
  try {
    lines = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
  const open = new Set<string>();
  for (const line of lines) {
    const [event, key] = line.split(' ') as [string, string];
    if (event === 'start') open.add(key);
    else open.delete(key);
  }
  return [...open];
}

function stopRequests(output: string): { graceful: number; fast: number } {
  return {
    graceful: output.split('stopping: no new work').length - 1,
    fast: output.split('stopping now: running evaluations go back').length - 1,
  };
}

describe('stopping actsearch start', () => {
  it('a busy campaign loses no evaluation through Ctrl+C on `npm start`, SIGTERM then Ctrl+C on `npx actsearch start`, and kill -9; each stop ends every process and frees the port', async () => {
    const data = join(root, 'busy');
    const logs = [1, 2, 3, 4].map((n) => join(root, `evaluations-${n}.log`));

    // 1. Ctrl+C on `npm start`: the terminal's SIGINT and npm's relay of it are one request, so the
    //    running evaluations finish; npm runs the server itself (exec), with no shell in between.
    const npm = await start('npm', data, { LOGGED_EVAL_LOG: logs[0] as string, LOGGED_EVAL_SLEEP_MS: '1500' });
    expect(processGroup(npm.pgid).filter((p) => p.command.startsWith('sh '))).toEqual([]);
    const created = await fetch(`${npm.url}/api/campaigns`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: 'signals',
        space: 'tiny',
        strategy: 'random',
        tasks: ['spirals-mlp'],
        fidelity: 'screen',
        budget: { candidates: BUDGET },
        seeds: [0],
        seed: 7,
        parallelism: 2,
        finale: { enabled: false },
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await until('an evaluation to run', () => running(logs[0] as string).length > 0, 60_000, npm.output);
    const interrupted = running(logs[0] as string);
    npm.ctrlC();
    expect(await expectAllGone(npm)).toBe(0);
    expect(stopRequests(npm.output())).toEqual({ graceful: 1, fast: 0 });
    expect(running(logs[0] as string)).toEqual([]);
    for (const key of interrupted) expect(readFileSync(logs[0] as string, 'utf8')).toContain(`end ${key}`);

    // 2. SIGTERM to `npx actsearch start` (as `kill -TERM $!`): npx relays it to the `sh -c` it runs
    //    the command in, which dies of it; the server sees its parent go and stops gracefully. A
    //    Ctrl+C more than a second later hands the running evaluations back at once.
    const npx = await start('npx', data, {
      LOGGED_EVAL_LOG: logs[1] as string,
      LOGGED_EVAL_SLEEP_MS: '60000',
      ACTSEARCH_SHUTDOWN_TIMEOUT_MS: '120000',
    });
    await until('an evaluation to run again', () => running(logs[1] as string).length > 0, 60_000, npx.output);
    process.kill(npx.pgid, 'SIGTERM');
    await until('the graceful stop to begin', () => stopRequests(npx.output()).graceful === 1, 10_000, npx.output);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const secondAt = Date.now();
    npx.ctrlC();
    await expectAllGone(npx);
    expect(Date.now() - secondAt).toBeLessThan(20_000);
    expect(stopRequests(npx.output())).toEqual({ graceful: 1, fast: 1 });
    expect(npx.output()).toContain('"reason":"the process that started actsearch (npm) ended"');
    expect(running(logs[1] as string).length).toBeGreaterThan(0);

    // 3. kill -9 of everything while evaluations run: the lock stays behind.
    const killed = await start('bin', data, { LOGGED_EVAL_LOG: logs[2] as string, LOGGED_EVAL_SLEEP_MS: '60000' });
    await until('an evaluation to run once more', () => running(logs[2] as string).length > 0, 60_000, killed.output);
    killed.kill();
    await expectAllGone(killed);
    expect(readFileSync(join(data, 'actsearch.pid'), 'utf8').split('\n')[0]).toBe(String(killed.pgid));

    // 4. The next start takes the stale lock over and finishes the campaign: exactly its budget,
    //    nothing failed. SIGTERM to node_modules/.bin/actsearch (what the Docker image runs) stops it.
    const last = await start('bin', data, { LOGGED_EVAL_LOG: logs[3] as string, LOGGED_EVAL_SLEEP_MS: '50' });
    expect(last.output()).toContain(`"stalePid":${killed.pgid}`);
    expect(last.output()).toContain('took over the lock of an actsearch that no longer runs');
    let campaign: { status: string; progress: Record<string, number> } = { status: '', progress: {} };
    await until(
      'the campaign to finish',
      async () => {
        campaign = (await (await fetch(`${last.url}/api/campaigns/${id}`)).json()) as typeof campaign;
        return campaign.status === 'done';
      },
      120_000,
      last.output,
    );
    expect(campaign.progress).toMatchObject({ budget: BUDGET, completed: BUDGET, failed: 0, inFlight: 0 });
    process.kill(last.pgid, 'SIGTERM');
    expect(await expectAllGone(last)).toBe(0);
    expect(stopRequests(last.output())).toEqual({ graceful: 1, fast: 0 });

    // One stored evaluation per evaluation key of the campaign's evaluated candidates.
    const store = await openStore({ kind: 'pglite', dataDir: join(data, 'db') });
    try {
      const candidates = (await store.candidates.listByCampaign(id, { limit: 1000 })).items.filter((c) => c.state === 'evaluated');
      const keys = candidates.flatMap((c) => c.evaluationKeys);
      expect(candidates.length).toBe(campaign.progress.evaluated);
      expect(new Set(keys).size).toBe(keys.length);
      const rows = await store.evaluations.getMany(keys);
      expect(rows.map((row) => row.key).sort()).toEqual([...keys].sort());
    } finally {
      await store.close();
    }
  }, 600_000);
});
