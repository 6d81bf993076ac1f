import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DataFolderInUseError,
  lockDataFolder,
  lockFilePath,
  parseLockRecord,
  readLock,
  UnreadableLockError,
} from '../../../apps/cli/src/data-folder/data-folder-lock.ts';
import { bootId, processStartTime } from '../../../apps/cli/src/data-folder/process-identity.ts';

const dirs: string[] = [];
const children: ChildProcess[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'actsearch-lock-'));
  dirs.push(dir);
  return dir;
}

/** Another live process, as the holder of a lock. */
async function otherProcess(): Promise<ChildProcess> {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child;
}

function writeLock(dir: string, fields: { pid: number; startTime: string | null; bootId?: string | null }): void {
  const lines = [
    String(fields.pid),
    `start-time=${fields.startTime ?? ''}`,
    `boot-id=${fields.bootId === undefined ? (bootId() ?? '') : (fields.bootId ?? '')}`,
    `data=${dir}`,
    'started=2026-01-01T00:00:00.000Z',
    'url=http://127.0.0.1:1',
  ];
  writeFileSync(lockFilePath(dir), `${lines.join('\n')}\n`);
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the data folder lock', () => {
  it('creates a missing folder and a lock whose first line is this PID, then removes it on release', () => {
    const dir = join(freshDir(), 'not', 'there', 'yet');
    const lock = lockDataFolder(dir);
    const text = readFileSync(lockFilePath(dir), 'utf8');
    expect(text.split('\n')[0]).toBe(String(process.pid));
    expect(parseLockRecord(text)).toMatchObject({
      pid: process.pid,
      startTime: processStartTime(process.pid),
      dataDir: dir,
      url: null,
      tokenFile: null,
    });
    expect(lock.tookOverFrom).toBeNull();
    lock.update({ url: 'http://127.0.0.1:8080', tokenFile: join(dir, 'token') });
    expect(readLock(dir)).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:8080', tokenFile: join(dir, 'token') });
    lock.release();
    expect(existsSync(lockFilePath(dir))).toBe(false);
  });

  it('refuses while the process the lock names runs, naming its PID and URL', async () => {
    const dir = freshDir();
    const holder = await otherProcess();
    const pid = holder.pid as number;
    writeLock(dir, { pid, startTime: processStartTime(pid) });
    expect(() => lockDataFolder(dir)).toThrow(DataFolderInUseError);
    expect(() => lockDataFolder(dir)).toThrow(
      new RegExp(`in use by actsearch PID ${pid} \\(serving http://127.0.0.1:1, since .*kill -TERM ${pid}`),
    );
    expect(readLock(dir)?.pid).toBe(pid);
  });

  it('takes over a lock whose process is gone (kill -9)', async () => {
    const dir = freshDir();
    const holder = await otherProcess();
    const pid = holder.pid as number;
    const startTime = processStartTime(pid);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    writeLock(dir, { pid, startTime });
    const lock = lockDataFolder(dir);
    expect(lock.tookOverFrom?.pid).toBe(pid);
    expect(readLock(dir)?.pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose PID now belongs to another process (it started at another time)', async () => {
    const dir = freshDir();
    const other = await otherProcess();
    const pid = other.pid as number;
    writeLock(dir, { pid, startTime: String(Number(processStartTime(pid)) - 1) });
    expect(lockDataFolder(dir).tookOverFrom?.pid).toBe(pid);
  });

  it('takes over a lock written before a reboot, even if its PID and start time match a process now', async () => {
    const dir = freshDir();
    const other = await otherProcess();
    const pid = other.pid as number;
    writeLock(dir, { pid, startTime: processStartTime(pid), bootId: '00000000-0000-0000-0000-000000000000' });
    expect(lockDataFolder(dir).tookOverFrom?.pid).toBe(pid);
  });

  it('takes over a lock that names this very PID (a restarted container hands out the same PIDs)', () => {
    const dir = freshDir();
    writeLock(dir, { pid: process.pid, startTime: '1' });
    expect(lockDataFolder(dir).tookOverFrom?.pid).toBe(process.pid);
  });

  it('refuses a lock file it cannot read rather than guess', () => {
    const dir = freshDir();
    writeFileSync(lockFilePath(dir), 'not a lock\n');
    expect(() => lockDataFolder(dir)).toThrow(UnreadableLockError);
  });

  it('leaves a lock alone on release once another start has taken it over', async () => {
    const dir = freshDir();
    const lock = lockDataFolder(dir);
    const holder = await otherProcess();
    writeLock(dir, { pid: holder.pid as number, startTime: processStartTime(holder.pid as number) });
    lock.update({ url: 'http://127.0.0.1:9', tokenFile: null });
    lock.release();
    expect(readLock(dir)).toMatchObject({ pid: holder.pid, url: 'http://127.0.0.1:1' });
  });
});
