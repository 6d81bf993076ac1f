import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { ValidationError } from '@actsearch/core';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { ActivationRepository } from './activation-repository.ts';
import { CampaignRepository } from './campaign-repository.ts';
import { CandidateRepository } from './candidate-repository.ts';
import { PrismaClient } from './client.ts';
import { EvaluationRepository } from './evaluation-repository.ts';
import { queryLeaderboard, type LeaderboardPage, type LeaderboardQuery } from './leaderboard.ts';
import { migrate, readMigrations, type MigrationReport, type SqlSession } from './sql-migrator.ts';
import { pgliteSession, pgSession } from './sql-sessions.ts';
import { TaskVersionRepository } from './task-version-repository.ts';
import { WorkerRepository } from './worker-repository.ts';

interface CommonOptions {
  /** The `prisma/migrations` folder; defaults to the one next to this package in the repository. */
  readonly migrationsDir?: string;
  /** The clock for leases, heartbeats and timestamps the store sets itself (tests move it). */
  readonly now?: () => Date;
}

export interface PostgresStoreOptions extends CommonOptions {
  readonly kind: 'postgres';
  /** `postgresql://user@host:5432/db`; a `?schema=` parameter (Prisma's convention) is honoured. */
  readonly url: string;
  /** The PostgreSQL schema to live in (created if missing); overrides `?schema=`; default `public`. */
  readonly schema?: string;
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
  /** Errors of idle pooled connections (a restarted server); the next query fails on its own. */
  readonly onPoolError?: (error: Error) => void;
}

export interface PgliteStoreOptions extends CommonOptions {
  readonly kind: 'pglite';
  /** A folder for the embedded database (created if missing), or `memory` for a throwaway one. */
  readonly dataDir: string;
}

export type StoreOptions = PostgresStoreOptions | PgliteStoreOptions;

export interface Store {
  readonly kind: StoreOptions['kind'];
  readonly campaigns: CampaignRepository;
  readonly activations: ActivationRepository;
  readonly candidates: CandidateRepository;
  readonly evaluations: EvaluationRepository;
  readonly workers: WorkerRepository;
  readonly taskVersions: TaskVersionRepository;
  leaderboard(query: LeaderboardQuery): Promise<LeaderboardPage>;
  /** What the start-up migration did. */
  readonly migrations: MigrationReport;
  /** The Prisma client underneath, for tests and one-off queries; code should use the repositories. */
  readonly prisma: PrismaClient;
  /** Resolves when the database answers (for readiness probes). */
  ping(): Promise<void>;
  /** Closes the client and the pool or the embedded database; an unclosed PGlite keeps the process alive. */
  close(): Promise<void>;
}

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

/**
 * Opens the store: connects, applies pending migrations (once, in order, under an advisory lock), and
 * returns the repositories over one Prisma client. The same repository code serves both databases.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const migrations = await readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const now = options.now ?? (() => new Date());
  const opened = options.kind === 'postgres' ? await openPostgres(options) : await openPglite(options);
  try {
    const report = await opened.migrate((session, lockName) => migrate(session, migrations, { lockName }));
    const prisma = new PrismaClient({
      adapter: opened.adapter,
      // Appends and transitions are short, but many may queue for PGlite's single connection.
      transactionOptions: { maxWait: 30_000, timeout: 30_000 },
    });
    let closed = false;
    return {
      kind: options.kind,
      campaigns: new CampaignRepository(prisma, now),
      activations: new ActivationRepository(prisma),
      candidates: new CandidateRepository(prisma),
      evaluations: new EvaluationRepository(prisma),
      workers: new WorkerRepository(prisma, now),
      taskVersions: new TaskVersionRepository(prisma),
      leaderboard: (query) => queryLeaderboard(prisma, query),
      migrations: report,
      prisma,
      async ping() {
        await prisma.$queryRaw`SELECT 1`;
      },
      async close() {
        if (closed) return;
        closed = true;
        await prisma.$disconnect();
        await opened.close();
      },
    };
  } catch (error) {
    await opened.close().catch(() => undefined);
    throw error;
  }
}

interface OpenedDatabase {
  readonly adapter: PrismaPg | PrismaPGlite;
  migrate(run: (session: SqlSession, lockName: string) => Promise<MigrationReport>): Promise<MigrationReport>;
  close(): Promise<void>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

async function openPostgres(options: PostgresStoreOptions): Promise<OpenedDatabase> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new ValidationError('invalid PostgreSQL URL', [{ path: 'url', message: 'expected postgresql://user@host:port/database' }]);
  }
  const schema = options.schema ?? url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  if (!IDENTIFIER.test(schema)) {
    throw new ValidationError('invalid PostgreSQL schema name', [
      { path: 'schema', message: 'letters, digits and _ only, not starting with a digit' },
    ]);
  }
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: options.poolSize ?? 10,
    // Raw SQL (migrations, the leaderboard) names tables unqualified; Prisma's own queries use `schema`.
    options: `-c search_path="${schema}"`,
  });
  pool.on('error', options.onPoolError ?? (() => undefined));
  return {
    adapter: new PrismaPg(pool, { schema }),
    async migrate(run) {
      const client = await pool.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`).catch((error: { code?: string }) => {
          // Two processes creating the schema at once: the loser sees a unique violation, and the schema exists.
          if (error.code !== '23505') throw error;
        });
        return await run(pgSession(client), schema);
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(options: PgliteStoreOptions): Promise<OpenedDatabase> {
  const inMemory = options.dataDir === 'memory' || options.dataDir === 'memory://';
  // PGlite creates only the last folder of the path; a data folder that does not exist yet is made here.
  if (!inMemory) mkdirSync(resolve(options.dataDir), { recursive: true });
  const db = inMemory ? await PGlite.create() : await PGlite.create(resolve(options.dataDir));
  return {
    adapter: new PrismaPGlite(db),
    migrate: (run) => run(pgliteSession(db), 'public'),
    close: () => db.close(),
  };
}
