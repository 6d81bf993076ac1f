/**
 * Tells a running process from a later one that happens to have the same PID. A PID alone does not
 * identify a process: after a crash and a reboot, or in a container that starts its programs in the
 * same order each time, the PID a lock file names is often alive again as something else (or as
 * this very process). Linux says when a process started (/proc/PID/stat, in clock ticks since boot)
 * and which boot this is, and together they identify it.
 */
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  readonly pid: number;
  /** Field 22 of /proc/PID/stat; null where /proc is not available. */
  readonly startTime: string | null;
  /** /proc/sys/kernel/random/boot_id; null where not available. */
  readonly bootId: string | null;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The start time of `pid` from /proc/PID/stat, or null (no such process, or no /proc). */
export function processStartTime(pid: number): string | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
  return fields[19] ?? null;
}

export function bootId(): string | null {
  return readOrNull('/proc/sys/kernel/random/boot_id')?.trim() || null;
}

export function identityOf(pid: number): ProcessIdentity {
  return { pid, startTime: processStartTime(pid), bootId: bootId() };
}

function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process `recorded` describes is still running. Where the start time or boot cannot be
 * compared, a live PID counts as that process: refusing to start is safer than two writers.
 */
export function isStillRunning(recorded: ProcessIdentity): boolean {
  // Our own PID in a lock we have not taken yet is a previous life of this PID (a restarted container).
  if (recorded.pid === process.pid) return false;
  if (!exists(recorded.pid)) return false;
  const now = identityOf(recorded.pid);
  if (recorded.bootId !== null && now.bootId !== null && recorded.bootId !== now.bootId) return false;
  if (recorded.startTime !== null && now.startTime !== null) return recorded.startTime === now.startTime;
  return true;
}
