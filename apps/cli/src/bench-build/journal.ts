/**
 * The sidecar journal of a benchmark build (`<out>.journal.jsonl`): line 1 says which build it
 * belongs to, then one finished row per line, appended as each evaluation ends. A run that is killed
 * loses only its in-flight evaluations; a torn last line (killed mid-write) is dropped on reopening.
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { ValidationError } from '@actsearch/core';
import { benchmarkRowSchema, type BenchmarkRow } from '@actsearch/search';

export const JOURNAL_FORMAT = 'actsearch/bench-build-journal';

/** What must match for finished rows to be reused: same functions, same training, same scoring. */
export interface BuildKey {
  readonly space: string;
  readonly spaceHash: string;
  readonly shape: string | null;
  readonly task: string;
  readonly taskVersion: number;
  readonly fidelity: string;
  readonly seed: number;
}

export function journalPath(out: string): string {
  return `${out.replace(/\.jsonl(\.gz)?$/, '')}.journal.jsonl`;
}

function sameKey(a: BuildKey, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describeKey(k: unknown): string {
  return JSON.stringify(k);
}

export class BuildJournal {
  private constructor(
    readonly path: string,
    private fd: number | null,
    readonly rows: ReadonlyMap<string, BenchmarkRow>,
  ) {}

  /** Opens (creating or resuming) the journal at `path` for the build `key`. */
  static open(path: string, key: BuildKey): BuildJournal {
    const rows = new Map<string, BenchmarkRow>();
    if (!existsSync(path)) {
      const fd = openSync(path, 'w');
      writeSync(fd, `${JSON.stringify({ journal: JOURNAL_FORMAT, key })}\n`);
      return new BuildJournal(path, fd, rows);
    }
    const text = readFileSync(path, 'utf8');
    // Only newline-terminated lines were written completely.
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    const lines = complete.split('\n').slice(0, -1);
    let head: unknown;
    try {
      head = JSON.parse(lines[0] ?? '');
    } catch {
      head = undefined;
    }
    const h = head as { journal?: unknown; key?: unknown } | undefined;
    if (h?.journal !== JOURNAL_FORMAT) {
      throw new ValidationError(`${path} is not a bench build journal; delete it to start over`, [
        { path: 'line 1', message: 'not a journal header' },
      ]);
    }
    if (!sameKey(key, h.key)) {
      throw new ValidationError(
        `${path} belongs to another build (${describeKey(h.key)}, this one is ${describeKey(key)}); delete it or choose another --out`,
        [{ path: 'line 1.key', message: 'mismatch' }],
      );
    }
    lines.slice(1).forEach((line, i) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new ValidationError(`${path} line ${i + 2} is not JSON`, [{ path: `line ${i + 2}`, message: 'not JSON' }]);
      }
      const row = benchmarkRowSchema.safeParse(parsed);
      if (!row.success)
        throw new ValidationError(`${path} line ${i + 2} is not a table row`, [{ path: `line ${i + 2}`, message: row.error.message }]);
      rows.set(row.data.fingerprint, row.data);
    });
    const fd = openSync(path, 'r+');
    // Cut a torn last line so the next append starts on a fresh line.
    ftruncateSync(fd, Buffer.byteLength(complete));
    closeSync(fd);
    return new BuildJournal(path, openSync(path, 'a'), rows);
  }

  append(row: BenchmarkRow): void {
    if (this.fd === null) throw new Error('the journal is closed');
    writeSync(this.fd, `${JSON.stringify(row)}\n`);
    (this.rows as Map<string, BenchmarkRow>).set(row.fingerprint, row);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Closes and deletes the journal (its rows are in the finished table). */
  remove(): void {
    this.close();
    rmSync(this.path, { force: true });
  }
}
