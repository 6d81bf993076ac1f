/**
 * The CLI's client commands (submit, watch, campaigns, pause/resume/cancel, leaderboard, export),
 * run in-process against a real API server over the embedded engine with the fast evaluator.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, parse } from '@actsearch/expr';
import {
  apiOver,
  runCliAgainst,
  startEngine,
  TOKEN,
  waitForCampaign,
  type ApiHarness,
  type EngineHarness,
} from '../integration/api/harness.ts';

let engine: EngineHarness;
let api: ApiHarness;
let server: Server;
let url: string;
let cwd: string;

beforeAll(async () => {
  engine = await startEngine('embedded', { evaluatorEnv: { FAST_EVAL_SLEEP_MS: '30' } });
  api = apiOver(engine);
  server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cwd = mkdtempSync(join(tmpdir(), 'actsearch-cli-'));
});

afterAll(async () => {
  api?.close();
  await new Promise((resolve) => server?.close(resolve));
  await engine?.close();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

function cli(args: string[], env: Record<string, string | undefined> = {}, tty = false): Promise<Run> {
  return runCliAgainst(url, args, { env, tty, cwd });
}

// --no-finale: these tests are about the client; test/integration/finale covers the finale.
const SUBMIT = ['submit', '--space', 'tiny', '--strategy', 'random', '--task', 'spirals-mlp', '--fidelity', 'screen', '--no-finale'];

describe('actsearch submit', () => {
  it('prints only the new id, and the stored spec holds the options', async () => {
    const run = await cli([
      ...SUBMIT,
      '--budget',
      '3',
      '--seeds',
      '0,1',
      '--seed',
      '4',
      '--parallelism',
      '2',
      '--no-stability',
      '--name',
      'cli flags',
    ]);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    const id = run.out.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const stored = await engine.store.campaigns.require(id);
    expect(stored.spec).toMatchObject({
      name: 'cli flags',
      space: 'tiny',
      tasks: ['spirals-mlp'],
      seeds: [0, 1],
      seed: 4,
      parallelism: 2,
      budget: { candidates: 3 },
      rejection: { stability: false, quality: true },
    });
  });

  it('reads a YAML campaign file, with options overriding it', async () => {
    writeFileSync(
      join(cwd, 'campaign.yaml'),
      'name: from yaml\nspace: tiny\nstrategy:\n  name: evolution\n  config:\n    populationSize: 4\ntasks: [checkerboard-mlp]\nbudget:\n  candidates: 2\n',
    );
    const run = await cli(['submit', 'campaign.yaml', '--budget', '3', '--json']);
    expect(run.code).toBe(0);
    const campaign = JSON.parse(run.out);
    expect(campaign).toMatchObject({
      name: 'from yaml',
      strategy: 'evolution',
      progress: { budget: 3 },
      spec: { strategy: { name: 'evolution', config: { populationSize: 4 } }, tasks: ['checkerboard-mlp'] },
    });
  });

  it('refuses bad input with exit code 2 and one readable line naming the field', async () => {
    const unknownSpace = await cli(['submit', '--space', 'atlantis', '--strategy', 'random', '--task', 'spirals-mlp', '--budget', '3']);
    expect(unknownSpace.code).toBe(2);
    expect(unknownSpace.out).toBe('');
    expect(unknownSpace.err.trim().split('\n')).toHaveLength(1);
    expect(unknownSpace.err).toMatch(/^error: validation_failed: .*space.*atlantis/);
    const overBudget = await cli([...SUBMIT, '--budget', '100001']);
    expect(overBudget.code).toBe(2);
    expect(overBudget.err).toMatch(/budget\.candidates must be ≤ 100000/);
    const notANumber = await cli([...SUBMIT, '--budget', 'lots']);
    expect(notANumber.code).toBe(2);
    expect(notANumber.err).toMatch(/--budget must be an integer/);
    const missing = await cli(['submit', '--space', 'tiny']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/needs a strategy/);
    const unknownOption = await cli([...SUBMIT, '--budgte', '3']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.err.trim().split('\n')).toHaveLength(1);
  });

  it("without a token answers exit code 2 explaining where a token comes from; the daemon's saved token in ./.actsearch is found", async () => {
    const none = await cli([...SUBMIT, '--budget', '2'], { ACTSEARCH_TOKEN: undefined });
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^error: unauthorized: .*--token/);
    mkdirSync(join(cwd, '.actsearch'), { recursive: true });
    writeFileSync(join(cwd, '.actsearch', 'token'), `${TOKEN}\n`);
    try {
      const saved = await cli([...SUBMIT, '--budget', '2'], { ACTSEARCH_TOKEN: undefined });
      expect(saved.code).toBe(0);
    } finally {
      rmSync(join(cwd, '.actsearch'), { recursive: true, force: true });
    }
  });

  it('says in one line, with exit code 1, when no server answers', async () => {
    const run = await cli(['campaigns'], { ACTSEARCH_SERVER: 'http://127.0.0.1:9' });
    expect(run.code).toBe(1);
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.err).toMatch(/cannot reach the actsearch server at http:\/\/127\.0\.0\.1:9/);
  });
});

describe('actsearch watch, campaigns, leaderboard, export', () => {
  let id: string;

  beforeAll(async () => {
    id = (await cli([...SUBMIT, '--budget', '5', '--seeds', '0,1', '--seed', '21', '--name', 'watched'])).out.trim();
  });

  it('watch follows the campaign to the end: progress lines, then the summary with the best; exit code 0', async () => {
    const run = await cli(['watch', id]);
    expect(run.code).toBe(0);
    const lines = run.out.trim().split('\n');
    expect(lines.some((l) => /^\d+\/5 · (queued|running|done)/.test(l))).toBe(true);
    expect(run.out).toMatch(new RegExp(`campaign ${id} done`));
    expect(run.out).toMatch(
      /best by search score: .* spirals-mlp\/screen [01]\.\d{4} (± \d+\.\d{4} \(95 % CI\)|\[[01]\.\d{4}, [01]\.\d{4}\] \(95 % CI, cut at the metric's range\)) over 2 seeds, Δ relu\(x\) [+-]\d\.\d{4} over 2 paired seeds/,
    );
    // Without a finale the answer is the best by search score, and says it is no more than that.
    expect(run.out).toMatch(/\n {2}answer: .+\n {4}this campaign ran no finale: /);
    expect(run.out).toMatch(/reference: relu\(x\) trained apart from the budget \(2 of 2 evaluations\)/);
    expect(run.out).toContain(`actsearch export best:${id}`);
  });

  it('watch --json prints every event as a JSON line, ending with end; on a terminal it redraws one line', async () => {
    const json = await cli(['watch', id, '--json']);
    const events = json.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; data: { status?: string } });
    expect(events.at(-1)).toEqual({ event: 'end', data: { status: 'done', reason: expect.any(String) } });
    expect(events.map((e) => e.event)).toContain('progress');
    const tty = await cli(['watch', id], {}, true);
    expect(tty.out).toMatch(/\r\x1b\[2K\[#{24}\] 5\/5 · done/);
  });

  it('campaigns lists the campaign in a table, and --json as data; --status filters', async () => {
    const run = await cli(['campaigns', '--limit', '50']);
    expect(run.code).toBe(0);
    expect(run.out.split('\n')[0]).toMatch(/^id\s+name\s+status\s+progress/);
    expect(run.out).toMatch(new RegExp(`${id}\\s+watched\\s+done\\s+5/5`));
    const json = JSON.parse((await cli(['campaigns', '--json', '--status', 'done', '--all'])).out) as { id: string; status: string }[];
    expect(json.map((c) => c.id)).toContain(id);
    expect(json.every((c) => c.status === 'done')).toBe(true);
    const bad = await cli(['campaigns', '--status', 'sleeping']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: validation_failed: .*status/);
  });

  it("leaderboard shows the campaign's activations ranked, with intervals over two seeds", async () => {
    const run = await cli(['leaderboard', '--task', 'spirals-mlp', '--campaign', id]);
    expect(run.code).toBe(0);
    const lines = run.out.split('\n');
    expect(lines[0]).toBe('spirals-mlp · screen · accuracy (higher is better)');
    const rows = lines.filter((l) => /^\s*\d+\s+[01]\.\d{4}/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]).toMatch(/^\s*1\s+[01]\.\d{4}\s+-?\d+\.\d{4}…-?\d+\.\d{4}( \(cut\))?\s+2\s/);
    const board = JSON.parse((await cli(['leaderboard', '--task', 'spirals-mlp', '--campaign', id, '--json'])).out);
    const campaign = await engine.store.campaigns.require(id);
    expect(board.items.length).toBe(campaign.evaluated + campaign.reused);
    const unknown = await cli(['leaderboard', '--task', 'imagenet']);
    expect(unknown.code).toBe(2);
  });

  it("export best:<id> writes the best activation's code to stdout or --out, and the NumPy file computes it", async () => {
    const best = JSON.parse((await cli(['leaderboard', '--task', 'spirals-mlp', '--campaign', id, '--json', '--limit', '1'])).out).items[0];
    const stdout = await cli(['export', `best:${id}`, '--lang', 'pytorch']);
    expect(stdout.code).toBe(0);
    expect(stdout.out).toContain('import torch');
    expect(stdout.out).toContain(best.fingerprint);
    const file = join(cwd, 'best.py');
    const written = await cli(['export', `best:${id}`, '--lang', 'numpy', '--name', 'best', '--out', 'best.py']);
    expect(written.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain(best.fingerprint);
    const xs = [-2, -0.3, 0, 1.7];
    const out = execFileSync(
      'python3',
      ['-c', `import json, numpy as np, best; print(json.dumps(np.asarray(best.best(np.array(${JSON.stringify(xs)}))).tolist()))`],
      { cwd, encoding: 'utf8' },
    );
    const expr = parse(best.canonical);
    (JSON.parse(out) as number[]).forEach((v, i) => expect(v).toBeCloseTo(evaluate(expr, xs[i] as number), 10));
    const byFingerprint = await cli(['export', best.fingerprint, '--lang', 'latex']);
    expect(byFingerprint.out).toContain('\\begin{equation}');
    const badLang = await cli(['export', best.fingerprint, '--lang', 'cobol']);
    expect(badLang.code).toBe(2);
    expect(badLang.err).toMatch(/^error: validation_failed: .*lang/);
    const unknown = await cli(['export', '0123456789abcdef', '--lang', 'numpy']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^error: not_found/);
  });
});

describe('actsearch pause, resume, cancel', () => {
  it('steer a campaign; an illegal move exits 2 with the conflict in one line', async () => {
    const id = (await cli([...SUBMIT, '--space', 'swish-core1', '--budget', '500', '--seed', '8'])).out.trim();
    const paused = await cli(['pause', id]);
    expect(paused).toMatchObject({ code: 0, out: `campaign ${id}: paused\n` });
    const again = await cli(['pause', id]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/^error: conflict: campaign .* cannot go from paused to paused\n$/);
    expect((await cli(['resume', id])).out).toBe(`campaign ${id}: running\n`);
    const cancelled = await cli(['cancel', id, '--reason', 'enough', '--json']);
    expect(JSON.parse(cancelled.out)).toMatchObject({ status: 'cancelled', statusReason: 'enough' });
    await waitForCampaign(engine.store, id, (c) => c.status === 'cancelled', 'cancelled');
    const watched = await cli(['watch', id]);
    expect(watched.code).toBe(1);
    expect(watched.out).toContain(`campaign ${id} cancelled (enough)`);
    const unknown = await cli(['resume', 'no-such-id']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^error: not_found/);
  });
});
