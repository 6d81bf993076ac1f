/**
 * The user's own model, end to end: `actsearch start --tasks examples/pytorch-mnist`, the command task
 * listed by the API, a small campaign on `pytorch-mnist-mlp` at `screen` — every evaluation a run of
 * examples/pytorch-mnist/train.py on Debian's PyTorch — to `done`, finale and leaderboard included;
 * and `actsearch eval` on the same task. Nothing of a trial may be left running afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, actsearch, startDaemon, type Daemon } from './cli-daemon.ts';

const EXAMPLE = join(REPO, 'examples', 'pytorch-mnist');
const dirs: string[] = [];
const daemons: Daemon[] = [];

afterAll(async () => {
  for (const daemon of daemons) await daemon.stop(10_000);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function trainPyProcesses(): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,stat,args'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(join(EXAMPLE, 'train.py')) || / train\.py(\s|$)/.test(line))
    .filter((line) => !/\sZ/.test(line));
}

describe('a command task (PyTorch) end to end', () => {
  it('start --tasks → GET /api/tasks → submit → watch to done with the finale → leaderboard; no trial left running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'actsearch-e2e-pytorch-'));
    dirs.push(dir);
    const daemon = await startDaemon(join(dir, 'data'), {}, 180_000, ['--tasks', EXAMPLE]);
    daemons.push(daemon);
    const env = { ACTSEARCH_SERVER: daemon.url, ACTSEARCH_TOKEN: daemon.token };

    const tasks = (await (await fetch(`${daemon.url}/api/tasks`)).json()) as {
      id: string;
      kind: string;
      version: number;
      rejectionTests: string[];
    }[];
    expect(tasks.find((t) => t.id === 'pytorch-mnist-mlp')).toMatchObject({
      kind: 'command',
      version: 1,
      rejectionTests: ['prescreen', 'quality', 'divergence'],
    });
    expect(tasks.find((t) => t.id === 'mnist-mlp')).toMatchObject({ kind: 'builtin' });

    const submit = await actsearch(
      [
        'submit',
        '--space',
        'tiny',
        '--strategy',
        'random',
        '--task',
        'pytorch-mnist-mlp',
        '--fidelity',
        'screen',
        '--budget',
        '2',
        '--parallelism',
        '2',
        '--seed',
        '3',
        '--finale-fidelity',
        'screen',
        '--finale-top-k',
        '1',
        '--finale-seeds',
        '1',
        '--transfer-task',
        'spirals-mlp',
      ],
      { cwd: dir, env },
    );
    expect(submit.code, submit.stderr).toBe(0);
    const id = submit.stdout.trim();

    const watch = await actsearch(['watch', id], { cwd: dir, env });
    expect(watch.code, watch.stdout + watch.stderr + daemon.output()).toBe(0);
    expect(watch.stdout).toMatch(new RegExp(`campaign ${id} done`));
    expect(watch.stdout).toMatch(/pytorch-mnist-mlp\/screen (0\.\d{4})/);

    const board = JSON.parse(
      (await actsearch(['leaderboard', '--task', 'pytorch-mnist-mlp', '--fidelity', 'screen', '--json'], { cwd: dir, env })).stdout,
    );
    expect(board.items.length).toBeGreaterThanOrEqual(2);
    for (const row of board.items) expect(row.mean).toBeGreaterThan(0.2);
    const relu = board.items.find((row: { canonical: string }) => row.canonical === 'max(x, 0)' || row.canonical === 'relu(x)');
    expect(relu?.mean, JSON.stringify(board.items)).toBeGreaterThan(0.8);

    const report = await (await fetch(`${daemon.url}/api/campaigns/${id}/report`)).json();
    expect(JSON.stringify(report)).toContain('pytorch-mnist-mlp');
    const campaign = (await (await fetch(`${daemon.url}/api/campaigns/${id}`)).json()) as { status: string };
    expect(campaign.status).toBe('done');

    expect(await daemon.stop()).toBe(0);
    expect(trainPyProcesses()).toEqual([]);
  }, 900_000);

  it('actsearch eval on the command task prints the metric as JSON like a built-in task', async () => {
    const run = await actsearch(
      ['eval', 'x * sigmoid(x)', '--task', 'pytorch-mnist-mlp', '--tasks', EXAMPLE, '--fidelity', 'screen', '--json'],
      { cwd: REPO },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      status: 'ok',
      activation: 'x * sigmoid(x)',
      taskId: 'pytorch-mnist-mlp',
      taskVersion: 1,
      fidelity: 'screen',
      seed: 0,
      metricName: 'accuracy',
      rejection: null,
    });
    expect(result.validationMetric).toBeGreaterThan(0.8);
    expect(result.curve.map((p: { step: number }) => p.step)).toEqual([40, 80, 120, 160]);
  }, 300_000);
});
