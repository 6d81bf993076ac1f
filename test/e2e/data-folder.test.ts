/**
 * The data folder, with real processes as a user starts them: `actsearch start --data DIR` creates a
 * missing folder and locks it; a second start on it refuses in one line naming the running PID; a
 * port in use is one line and opens no database; the CLI finds the server and its token from
 * `--data DIR`, and a refused token names the token file the server wrote; SIGINT to the `npm start`
 * process ends every process it started, frees the port and removes the lock.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, portIsFree, processGroup, runActsearch, type Started } from './user-process.ts';

const FAST_EVALUATOR = fileURLToPath(new URL('../integration/api/fixtures/fast-evaluator.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'actsearch-data-folder-'));
const dataDir = join(root, 'not', 'there', 'yet');
let server: Started;
let serverPid: number;

beforeAll(async () => {
  server = await launch('npm', ['--port', '0', '--data', dataDir, '--workers', '1'], {
    ACTSEARCH_EVALUATOR_MODULE: FAST_EVALUATOR,
    LOG_LEVEL: 'warn',
  });
  // `npm start` execs node: the server is npm's child, and no shell sits in between.
  const node = processGroup(server.pgid).filter((p) => p.ppid === server.pgid);
  expect(node.map((p) => p.command)).toEqual([expect.stringMatching(/^node apps\/cli\/bin\/actsearch\.js start /)]);
  serverPid = (node[0] as { pid: number }).pid;
}, 180_000);

afterAll(() => {
  server?.kill();
  rmSync(root, { recursive: true, force: true });
});

describe('the data folder of actsearch start', () => {
  it('is created when missing and locked: DIR/actsearch.pid names the server’s PID, URL and token file', () => {
    const lock = readFileSync(join(dataDir, 'actsearch.pid'), 'utf8').split('\n');
    expect(lock[0]).toBe(String(serverPid));
    expect(lock).toContain(`url=${server.url}`);
    expect(lock).toContain(`token-file=${join(dataDir, 'token')}`);
    expect(server.output()).toContain(`data:      ${dataDir}`);
  });

  it('refuses a second start on the same folder in one line naming the running PID', async () => {
    const second = await runActsearch(['start', '--port', '0', '--data', dataDir], { cwd: root });
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^error: the data folder ${dataDir} is in use by actsearch PID ${serverPid} \\(serving ${server.url},`),
      ),
    ]);
    expect(readFileSync(join(dataDir, 'actsearch.pid'), 'utf8').split('\n')[0]).toBe(String(serverPid));
  }, 120_000);

  it('says in one line that the port is in use, without opening a database', async () => {
    const other = join(root, 'other');
    const taken = await runActsearch(['start', '--port', String(server.port), '--data', other], { cwd: root });
    expect(taken.code).toBe(1);
    expect(taken.stderr.trim().split('\n')).toEqual([
      `error: cannot listen: 127.0.0.1:${server.port} is already in use (another actsearch or another program listens there; choose another port with --port or PORT)`,
    ]);
    expect(existsSync(join(other, 'db'))).toBe(false);
    expect(existsSync(join(other, 'actsearch.pid'))).toBe(false);
  }, 120_000);

  it('lets the CLI find the server and its token from --data, and names the token file the server wrote when a token is refused', async () => {
    const submit = [
      'submit',
      '--data',
      dataDir,
      '--space',
      'tiny',
      '--strategy',
      'random',
      '--task',
      'spirals-mlp',
      '--budget',
      '1',
      '--no-finale',
    ];
    const found = await runActsearch(submit, { cwd: root });
    expect(found.stderr).toBe('');
    expect(found.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);

    const refused = await runActsearch(submit, { cwd: root, env: { ACTSEARCH_TOKEN: 'acts_not_the_right_one' } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `the token in ACTSEARCH_TOKEN was refused by ${server.url}; the server on ${dataDir} wrote its token to ${join(dataDir, 'token')}`,
    );

    const nowhere = await runActsearch(['campaigns', '--data', join(root, 'empty')], { cwd: root });
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr.trim()).toBe(
      `error: no actsearch server is ready on the data folder ${join(root, 'empty')} (no actsearch.pid there); start one with 'actsearch start --data ${join(root, 'empty')}', or pass --server`,
    );
  }, 120_000);

  it('SIGINT to the `npm start` process (npm passes it on; no shell swallows it) ends every process, frees the port and removes the lock', async () => {
    process.kill(server.pgid, 'SIGINT');
    expect(await server.ended(60_000)).toBe(0);
    expect(await portIsFree(server.port)).toBe(true);
    expect(existsSync(join(dataDir, 'actsearch.pid'))).toBe(false);
  }, 120_000);
});
