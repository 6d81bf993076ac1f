import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, NotFoundError } from '@actsearch/core';

/**
 * Applies `prisma/migrations/<timestamp>_<name>/migration.sql` in name order, each once, each inside
 * a transaction, recording name and checksum in `_actsearch_migrations`. Prisma's own `migrate` cannot
 * run here (its schema engine is a native download), so this runner replaces it for start-up; the
 * folder keeps Prisma's layout so that Prisma's CLI can still manage the same database elsewhere.
 */

/** The little a migrator needs from a database connection; one session, used by one caller. */
export interface SqlSession {
  /** Runs a script of one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs `body` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(body: (session: SqlSession) => Promise<T>): Promise<T>;
}

export interface Migration {
  /** The folder name, e.g. `20261128150000_init`. */
  readonly name: string;
  readonly sql: string;
  /** sha256 of the SQL with line endings normalized, so a checkout with CRLF reads the same. */
  readonly checksum: string;
}

export interface MigrationReport {
  /** Applied by this run, in order. */
  readonly applied: string[];
  /** Found already applied, with an unchanged checksum. */
  readonly alreadyApplied: string[];
  /** Recorded in the database but absent from the folder (a newer version migrated it). */
  readonly unknown: string[];
}

export const MIGRATIONS_TABLE = '_actsearch_migrations';

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

/** Reads every `<dir>/<name>/migration.sql`, sorted by name (the timestamp prefix orders them). */
export async function readMigrations(dir: string): Promise<Migration[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new NotFoundError(`migrations folder ${dir} cannot be read: ${(error as Error).message}`);
  }
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const migrations: Migration[] = [];
  for (const name of names) {
    let sql: string;
    try {
      sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
    } catch (error) {
      throw new NotFoundError(`migration ${name} has no readable migration.sql: ${(error as Error).message}`);
    }
    migrations.push({ name, sql, checksum: checksumOf(sql) });
  }
  return migrations;
}

export interface MigrateOptions {
  /**
   * Names the advisory lock that serializes migrators starting at once on one PostgreSQL database;
   * use the schema name, so that different schemas migrate independently.
   */
  readonly lockName: string;
}

interface AppliedRow {
  name: string;
  checksum: string;
}

/**
 * Brings the database up to `migrations`. Refuses (ConflictError, before applying anything) when an
 * applied migration's file has changed since: the database would no longer match the schema.
 */
export async function migrate(session: SqlSession, migrations: readonly Migration[], options: MigrateOptions): Promise<MigrationReport> {
  const lock = `actsearch-migrations:${options.lockName}`;
  // Session-level, so it is held across the transactions below and dropped if the process dies.
  await session.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
  try {
    await session.exec(
      `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
        "name" TEXT NOT NULL PRIMARY KEY,
        "checksum" TEXT NOT NULL,
        "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
      )`,
    );
    const rows = await session.query<AppliedRow>(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`);
    const applied = new Map(rows.map((row) => [row.name, row.checksum]));
    const known = new Set(migrations.map((m) => m.name));
    const changed = migrations.filter((m) => applied.has(m.name) && applied.get(m.name) !== m.checksum);
    if (changed.length > 0) {
      throw new ConflictError(
        `migration ${changed.map((m) => m.name).join(', ')} changed after it was applied ` +
          `(checksum ${applied.get(changed[0]?.name ?? '')} in the database); restore the file and add a new migration instead`,
      );
    }
    const report: MigrationReport = {
      applied: [],
      alreadyApplied: migrations.filter((m) => applied.has(m.name)).map((m) => m.name),
      unknown: [...applied.keys()].filter((name) => !known.has(name)),
    };
    for (const migration of migrations) {
      if (applied.has(migration.name)) continue;
      try {
        await session.transaction(async (tx) => {
          await tx.exec(migration.sql);
          await tx.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum") VALUES ($1, $2)`, [migration.name, migration.checksum]);
        });
      } catch (error) {
        throw new Error(`migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, {
          cause: error,
        });
      }
      report.applied.push(migration.name);
    }
    return report;
  } finally {
    // A broken connection has dropped the lock already; its error must not hide the original one.
    await session.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]).catch(() => undefined);
  }
}
