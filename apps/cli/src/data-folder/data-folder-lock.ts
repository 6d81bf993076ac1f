/**
 * One server per data folder, as PostgreSQL's postmaster.pid: `actsearch start` creates
 * DIR/actsearch.pid before it opens anything else there, and a second start on the same folder
 * refuses, naming the running PID. A lock left by a process that no longer runs (kill -9, a crash,
 * a reboot) is recognised by the PID's start time and taken over. The file also tells the CLI where
 * this folder's server listens and which token file it wrote.
 *
 * The file, line by line — the PID first, so `kill $(head -1 DIR/actsearch.pid)` works:
 *   12345
 *   start-time=<field 22 of /proc/12345/stat>
 *   boot-id=<this boot>
 *   data=<absolute data folder>
 *   started=<ISO time>
 *   url=<http://host:port, once listening>
 *   token-file=<the token file the server wrote; absent when tokens come from ACTSEARCH_TOKENS>
 */
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { identityOf, isStillRunning, type ProcessIdentity } from './process-identity.ts';

export const LOCK_FILE_NAME = 'actsearch.pid';

export interface LockRecord extends ProcessIdentity {
  readonly dataDir: string;
  readonly startedAt: string;
  readonly url: string | null;
  readonly tokenFile: string | null;
}

/** Another actsearch runs on this data folder. */
export class DataFolderInUseError extends Error {
  constructor(readonly holder: LockRecord) {
    const where = holder.url === null ? 'starting up' : `serving ${holder.url}`;
    super(
      `the data folder ${holder.dataDir} is in use by actsearch PID ${holder.pid} (${where}, since ${holder.startedAt}); stop it first (kill -TERM ${holder.pid}) or use another --data`,
    );
    this.name = 'DataFolderInUseError';
  }
}

/** DIR/actsearch.pid holds something this code did not write. */
export class UnreadableLockError extends Error {
  constructor(readonly file: string) {
    super(`${file} is not a lock file actsearch wrote; if no actsearch runs on this folder, remove it`);
    this.name = 'UnreadableLockError';
  }
}

export function lockFilePath(dataDir: string): string {
  return join(dataDir, LOCK_FILE_NAME);
}

function format(record: LockRecord): string {
  const lines = [
    String(record.pid),
    `start-time=${record.startTime ?? ''}`,
    `boot-id=${record.bootId ?? ''}`,
    `data=${record.dataDir}`,
    `started=${record.startedAt}`,
  ];
  if (record.url !== null) lines.push(`url=${record.url}`);
  if (record.tokenFile !== null) lines.push(`token-file=${record.tokenFile}`);
  return `${lines.join('\n')}\n`;
}

/** The record in `text`, or null when it is not one. */
export function parseLockRecord(text: string): LockRecord | null {
  const [first, ...rest] = text.split('\n');
  if (first === undefined || !/^\d+$/.test(first.trim())) return null;
  const fields = new Map<string, string>();
  for (const line of rest) {
    const at = line.indexOf('=');
    if (at > 0) fields.set(line.slice(0, at), line.slice(at + 1));
  }
  const dataDir = fields.get('data');
  const startedAt = fields.get('started');
  if (dataDir === undefined || startedAt === undefined) return null;
  return {
    pid: Number(first.trim()),
    startTime: fields.get('start-time') || null,
    bootId: fields.get('boot-id') || null,
    dataDir,
    startedAt,
    url: fields.get('url') || null,
    tokenFile: fields.get('token-file') || null,
  };
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The lock record in `dataDir`, or null when there is none (or none this user or this code can read). */
export function readLock(dataDir: string): LockRecord | null {
  try {
    const text = readText(lockFilePath(dataDir));
    return text === null ? null : parseLockRecord(text);
  } catch {
    return null;
  }
}

export interface DataFolderLock {
  readonly file: string;
  /** The stale lock this one replaced, if any (for a log line). */
  readonly tookOverFrom: LockRecord | null;
  /** Records where the server listens and its token file, for the CLI. */
  update(fields: { readonly url: string; readonly tokenFile: string | null }): void;
  /** Removes the lock, if it is still ours. */
  release(): void;
}

/** Creates `file` with `text` only if it does not exist, never leaving it half-written: write aside, then link. */
function createExclusive(file: string, text: string): boolean {
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, text, { mode: 0o644 });
  try {
    linkSync(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(aside);
  }
}

/**
 * Moves the stale lock whose text is `staleText` out of the way. Two starts may find the same stale
 * lock at once; the rename lets only one of them move it, and if what it moved was not the stale
 * lock but a fresh one the other start had just made, it puts that one back.
 */
function removeStale(file: string, staleText: string): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readText(aside);
  if (moved !== staleText) {
    try {
      linkSync(aside, file);
    } catch {
      // Yet another start has created a lock meanwhile; the next round reads it.
    }
  }
  unlinkSync(aside);
}

/** Takes the data folder (creating it if needed), or throws DataFolderInUseError naming the running server. */
export function lockDataFolder(dataDir: string): DataFolderLock {
  mkdirSync(dataDir, { recursive: true });
  const file = lockFilePath(dataDir);
  let record: LockRecord = { ...identityOf(process.pid), dataDir, startedAt: new Date().toISOString(), url: null, tokenFile: null };
  let tookOverFrom: LockRecord | null = null;
  for (let round = 0; ; round += 1) {
    if (round > 10) throw new Error(`could not take the lock ${file}: it keeps changing`);
    if (createExclusive(file, format(record))) break;
    const text = readText(file);
    if (text === null) continue;
    const holder = parseLockRecord(text);
    if (holder === null) throw new UnreadableLockError(file);
    if (isStillRunning(holder)) throw new DataFolderInUseError(holder);
    tookOverFrom = holder;
    removeStale(file, text);
  }
  const ours = () => {
    const current = parseLockRecord(readText(file) ?? '');
    return (
      current !== null && current.pid === record.pid && current.startTime === record.startTime && current.startedAt === record.startedAt
    );
  };
  return {
    file,
    tookOverFrom,
    update(fields) {
      if (!ours()) return;
      record = { ...record, url: fields.url, tokenFile: fields.tokenFile };
      const aside = `${file}.${process.pid}.tmp`;
      writeFileSync(aside, format(record), { mode: 0o644 });
      renameSync(aside, file);
    },
    release() {
      if (ours()) unlinkSync(file);
    },
  };
}
