/**
 * End to end, as a newcomer would: `actsearch start` on a free port with a fresh data folder,
 * `submit` a tiny campaign trained by the real proxy (TF.js), `watch` it to the end, find it on the
 * `leaderboard`, `export` the best as NumPy and run it. Then: SIGTERM mid-campaign loses nothing —
 * the next start resumes the campaign to exactly its budget.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, parse } from '@actsearch/expr';
import { actsearch, startDaemon, type Daemon } from './cli-daemon.ts';

const FAST_EVALUATOR = fileURLToPath(new URL('../integration/api/fixtures/fast-evaluator.ts', import.meta.url));
const dirs: string[] = [];
const daemons: Daemon[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'actsearch-e2e-cli-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  for (const daemon of daemons) await daemon.stop(10_000);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('actsearch end to end', () => {
  it('start → submit → watch → leaderboard → export, with the real proxy trainer', async () => {
    const dir = freshDir();
    const daemon = await startDaemon(join(dir, 'data'));
    daemons.push(daemon);
    expect(daemon.output()).toMatch(/actsearch is ready in \d+\.\d s — embedded/);
    expect(daemon.token).toMatch(/^acts_/);
    expect(readFileSync(join(dir, 'data', 'token'), 'utf8').trim()).toBe(daemon.token);
    const env = { ACTSEARCH_SERVER: daemon.url, ACTSEARCH_TOKEN: daemon.token };

    const submit = await actsearch(
      [
        'submit',
        '--space',
        'tiny',
        '--strategy',
        'random',
        '--task',
        'spirals-mlp',
        '--fidelity',
        'screen',
        '--budget',
        '3',
        '--parallelism',
        '2',
        '--seed',
        '1',
        '--no-finale',
      ],
      { cwd: dir, env },
    );
    expect(submit.stderr).toBe('');
    expect(submit.code).toBe(0);
    const id = submit.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const watch = await actsearch(['watch', id], { cwd: dir, env });
    expect(watch.code, watch.stderr).toBe(0);
    expect(watch.stdout).toMatch(/3\/3 · done/);
    expect(watch.stdout).toMatch(new RegExp(`campaign ${id} done`));
    const best = /best by search score: (.+?) {2}spirals-mlp\/screen ([01]\.\d{4})/.exec(watch.stdout);
    expect(best, watch.stdout).not.toBeNull();

    // Filtered to the campaign: unfiltered, the ReLU it trained as its reference may lead.
    const leaderboard = await actsearch(['leaderboard', '--task', 'spirals-mlp', '--fidelity', 'screen', '--campaign', id], {
      cwd: dir,
      env,
    });
    expect(leaderboard.code).toBe(0);
    expect(leaderboard.stdout).toMatch(/^spirals-mlp · screen · accuracy/);
    const top = leaderboard.stdout.split('\n').find((line) => /^\s*1\s/.test(line));
    expect(top).toContain(best?.[1]);
    expect(top).toContain(best?.[2]);
    const board = JSON.parse(
      (await actsearch(['leaderboard', '--task', 'spirals-mlp', '--campaign', id, '--json'], { cwd: dir, env })).stdout,
    );
    expect(board.items.length).toBeGreaterThanOrEqual(1);
    for (const row of board.items) {
      expect(row.mean).toBeGreaterThan(0.4);
      expect(row.mean).toBeLessThanOrEqual(1);
    }

    const exported = await actsearch(['export', `best:${id}`, '--lang', 'numpy', '--name', 'best_found', '--out', 'best_found.py'], {
      cwd: dir,
      env,
    });
    expect(exported.code, exported.stderr).toBe(0);
    const xs = [-4, -1, -0.25, 0, 0.5, 3];
    const values = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          `import json, numpy as np, best_found as m; print(json.dumps(np.asarray(m.best_found(np.array(${JSON.stringify(xs)}, dtype=np.float64))).tolist()))`,
        ],
        { cwd: dir, encoding: 'utf8' },
      ),
    ) as number[];
    const expr = parse(board.items[0].canonical);
    values.forEach((v, i) => expect(v).toBeCloseTo(evaluate(expr, xs[i] as number), 9));

    expect(await daemon.stop()).toBe(0);
  }, 600_000);

  it('SIGTERM mid-campaign shuts down cleanly, and the next start resumes the campaign to exactly its budget', async () => {
    const dir = freshDir();
    const data = join(dir, 'data');
    const env = { ACTSEARCH_EVALUATOR_MODULE: FAST_EVALUATOR, FAST_EVAL_SLEEP_MS: '250' };
    const first = await startDaemon(data, env);
    daemons.push(first);
    // The client finds the token the daemon saved in ./.actsearch when it runs from that folder.
    const client = { ACTSEARCH_SERVER: first.url, ACTSEARCH_TOKEN: first.token };
    const submit = await actsearch(
      [
        'submit',
        '--space',
        'swish-core1',
        '--strategy',
        'random',
        '--task',
        'spirals-mlp',
        '--budget',
        '16',
        '--parallelism',
        '2',
        '--seed',
        '5',
        '--no-finale',
      ],
      { cwd: dir, env: client },
    );
    expect(submit.code, submit.stderr).toBe(0);
    const id = submit.stdout.trim();
    let completed = 0;
    const deadline = Date.now() + 120_000;
    while (completed < 3) {
      if (Date.now() > deadline) throw new Error('the campaign made no progress');
      const res = await fetch(`${first.url}/api/campaigns/${id}`);
      completed = ((await res.json()) as { progress: { completed: number } }).progress.completed;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await first.stop()).toBe(0);

    const second = await startDaemon(data, env);
    daemons.push(second);
    expect(second.token).toBe(first.token);
    const before = (await (await fetch(`${second.url}/api/campaigns/${id}`)).json()) as { status: string; progress: { completed: number } };
    expect(before.status).toBe('running');
    expect(before.progress.completed).toBeGreaterThanOrEqual(3);
    expect(before.progress.completed).toBeLessThan(16);
    const watch = await actsearch(['watch', id], { cwd: dir, env: { ACTSEARCH_SERVER: second.url } });
    expect(watch.code, watch.stdout + watch.stderr).toBe(0);
    const done = (await (await fetch(`${second.url}/api/campaigns/${id}`)).json()) as { status: string; progress: Record<string, number> };
    expect(done.status).toBe('done');
    expect(done.progress).toMatchObject({ completed: 16, evaluated: 16, failed: 0, inFlight: 0 });
    const candidates = (await (await fetch(`${second.url}/api/campaigns/${id}/candidates?limit=1000`)).json()) as {
      items: { state: string }[];
    };
    expect(candidates.items.filter((c) => c.state === 'evaluated')).toHaveLength(16);
    expect(candidates.items.every((c) => c.state === 'evaluated' || c.state === 'prescreen_rejected')).toBe(true);
    expect(await second.stop()).toBe(0);
  }, 600_000);
});
