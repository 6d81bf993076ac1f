import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '@actsearch/core';
import {
  CAMPAIGN_COUNTERS,
  COUNTER_OF_STATE,
  DEFAULT_MIGRATIONS_DIR,
  migrate,
  MIGRATIONS_TABLE,
  readMigrations,
  WORKER_RETENTION_MS,
  type Campaign,
  type CandidateState,
  type Store,
} from '@actsearch/store';
import { evaluationKey } from '@actsearch/core';
import { CampaignStatus, CandidateState as CandidateStates, EvaluationStatus, Prisma } from '../../../packages/store/src/client.ts';
import { campaignInput, candidateInput, storedActivation, TestClock, unique, type StoreHarness } from './helpers.ts';
import { expectedColumns, expectedForeignKeys, expectedIndexes, parsePrismaSchema, scalarFields } from './prisma-schema.ts';

const SCHEMA_PATH = fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url));
const INIT = '20261128150000_init';
const TASK_VERSION = '20261128190000_evaluation_task_version';
const LEADERBOARD_ENTRY = '20261207010000_leaderboard_entry';
const TASK_VERSION_TABLE = '20261207013000_task_version';
const EVALUATION_EXPRESSION = '20261207020000_evaluation_expression';
/** Every migration in prisma/migrations, in order. */
export const MIGRATIONS = [INIT, TASK_VERSION, LEADERBOARD_ENTRY, TASK_VERSION_TABLE, EVALUATION_EXPRESSION];

/** The one store suite: every test runs unchanged on PostgreSQL and on PGlite. */
export function describeStore(harness: StoreHarness): void {
  describe(`store on ${harness.kind}`, () => {
    const clock = new TestClock();
    let store: Store;

    beforeAll(async () => {
      store = await harness.open(clock.now);
    });
    afterAll(async () => {
      await store?.close();
    });

    describe('migrations', () => {
      it('opening a fresh database applies every migration', () => {
        expect(store.migrations.applied).toEqual(MIGRATIONS);
        expect(store.migrations.alreadyApplied).toEqual([]);
      });

      it('applies each migration once, adds only new ones later, rolls a failing one back, and refuses edited ones', async () => {
        const fresh = await harness.freshSession();
        const dir = await mkdtemp(join(tmpdir(), 'actsearch-migrations-'));
        try {
          await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
          const run = async () => migrate(fresh.session, await readMigrations(dir), { lockName: fresh.lockName });

          expect(await run()).toEqual({ applied: MIGRATIONS, alreadyApplied: [], unknown: [] });
          expect(await run()).toEqual({ applied: [], alreadyApplied: MIGRATIONS, unknown: [] });

          await writeMigration(dir, '29990101000000_add_notes', 'CREATE TABLE "Note" ("id" TEXT NOT NULL PRIMARY KEY);');
          expect(await run()).toEqual({ applied: ['29990101000000_add_notes'], alreadyApplied: MIGRATIONS, unknown: [] });

          // The second statement fails: the first must not survive, nor may the migration be recorded.
          await writeMigration(dir, '29990102000000_broken', 'CREATE TABLE "Half" ("id" TEXT);\nSELECT no_such_function();');
          await expect(run()).rejects.toThrow(/29990102000000_broken failed and was rolled back/);
          const half = await fresh.session.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'Half'`,
          );
          expect(half[0]?.n).toBe(0);
          await rm(join(dir, '29990102000000_broken'), { recursive: true });

          await writeMigration(dir, INIT, `-- edited after it was applied\n${(await readMigrations(DEFAULT_MIGRATIONS_DIR))[0]?.sql}`);
          await expect(run()).rejects.toBeInstanceOf(ConflictError);
          await expect(run()).rejects.toThrow(new RegExp(`${INIT} changed after it was applied`));

          const recorded = await fresh.session.query<{ name: string }>(`SELECT "name" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`);
          expect(recorded.map((row) => row.name)).toEqual([...MIGRATIONS, '29990101000000_add_notes']);
        } finally {
          await rm(dir, { recursive: true, force: true });
          await fresh.close();
        }
      });

      it('upgrades a database of the first release: its evaluations keep their rows at task version 0, and a new version stores beside them', async () => {
        const fresh = await harness.freshSession();
        const dir = await mkdtemp(join(tmpdir(), 'actsearch-migrations-'));
        try {
          await cp(join(DEFAULT_MIGRATIONS_DIR, INIT), join(dir, INIT), { recursive: true });
          const run = async () => migrate(fresh.session, await readMigrations(dir), { lockName: fresh.lockName });
          expect((await run()).applied).toEqual([INIT]);
          await fresh.session.query(`INSERT INTO "Activation" ("fingerprint", "canonical") VALUES ('fp', 'relu(x)')`);
          await fresh.session.query(
            `INSERT INTO "Evaluation" ("key", "fingerprint", "task", "fidelity", "seed", "status", "metric", "updatedAt")
             VALUES ('fp|mnist-mlp|standard|0', 'fp', 'mnist-mlp', 'standard', 0, 'done', 0.95, now())`,
          );
          await cp(join(DEFAULT_MIGRATIONS_DIR, TASK_VERSION), join(dir, TASK_VERSION), { recursive: true });
          expect((await run()).applied).toEqual([TASK_VERSION]);
          await fresh.session.query(
            `INSERT INTO "Evaluation" ("key", "fingerprint", "task", "taskVersion", "fidelity", "seed", "status", "metric", "updatedAt")
             VALUES ('fp|mnist-mlp|v3|standard|0', 'fp', 'mnist-mlp', 3, 'standard', 0, 'done', 0.96, now())`,
          );
          const rows = await fresh.session.query<{ taskVersion: number; metric: number }>(
            `SELECT "taskVersion", "metric" FROM "Evaluation" ORDER BY "taskVersion"`,
          );
          expect(rows).toEqual([
            { taskVersion: 0, metric: 0.95 },
            { taskVersion: 3, metric: 0.96 },
          ]);
          await expect(
            fresh.session.query(
              `INSERT INTO "Evaluation" ("key", "fingerprint", "task", "taskVersion", "fidelity", "seed", "status", "updatedAt")
               VALUES ('another key', 'fp', 'mnist-mlp', 3, 'standard', 0, 'failed', now())`,
            ),
          ).rejects.toThrow(/unique|duplicate/i);
        } finally {
          await rm(dir, { recursive: true, force: true });
          await fresh.close();
        }
      });

      it('fills the leaderboard entries of evaluations stored before their migration, and keeps them after it', async () => {
        const fresh = await harness.freshSession();
        const dir = await mkdtemp(join(tmpdir(), 'actsearch-migrations-'));
        try {
          for (const name of [INIT, TASK_VERSION]) await cp(join(DEFAULT_MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
          const run = async () => migrate(fresh.session, await readMigrations(dir), { lockName: fresh.lockName });
          expect((await run()).applied).toEqual([INIT, TASK_VERSION]);
          await fresh.session.query(`INSERT INTO "Activation" ("fingerprint", "canonical") VALUES ('fp', 'relu(x)'), ('fq', 'x')`);
          await fresh.session.query(
            `INSERT INTO "Evaluation" ("key", "fingerprint", "task", "taskVersion", "fidelity", "seed", "status", "metric", "updatedAt")
             VALUES ('k0', 'fp', 't', 1, 'screen', 0, 'done', 0.5, now()), ('k1', 'fp', 't', 1, 'screen', 1, 'done', 0.7, now()),
                    ('k2', 'fp', 't', 1, 'screen', 2, 'rejected', 0.1, now()), ('k3', 'fq', 't', 1, 'screen', 0, 'done', 0.25, now())`,
          );
          await cp(join(DEFAULT_MIGRATIONS_DIR, LEADERBOARD_ENTRY), join(dir, LEADERBOARD_ENTRY), { recursive: true });
          expect((await run()).applied).toEqual([LEADERBOARD_ENTRY]);
          const entries = () =>
            fresh.session.query<{ fingerprint: string; n: number; mean: number; std: number | null; best: number }>(
              `SELECT "fingerprint", "n", "mean", "std", "best" FROM "LeaderboardEntry" ORDER BY "fingerprint"`,
            );
          expect(await entries()).toEqual([
            { fingerprint: 'fp', n: 2, mean: 0.6, std: expect.closeTo(Math.sqrt(0.02), 12), best: 0.7 },
            { fingerprint: 'fq', n: 1, mean: 0.25, std: null, best: 0.25 },
          ]);
          await fresh.session.query(`UPDATE "Evaluation" SET "status" = 'done', "metric" = 0.9 WHERE "key" = 'k2'`);
          await fresh.session.query(`DELETE FROM "Evaluation" WHERE "key" = 'k3'`);
          expect(await entries()).toEqual([
            { fingerprint: 'fp', n: 3, mean: expect.closeTo(0.7, 12), std: expect.closeTo(0.2, 12), best: 0.9 },
          ]);
        } finally {
          await rm(dir, { recursive: true, force: true });
          await fresh.close();
        }
      });

      it('reads CRLF and LF checkouts of a migration as the same checksum', async () => {
        const dir = await mkdtemp(join(tmpdir(), 'actsearch-migrations-'));
        try {
          await writeMigration(dir, '1_lf', 'SELECT 1;\nSELECT 2;\n');
          await writeMigration(dir, '2_crlf', 'SELECT 1;\r\nSELECT 2;\r\n');
          const [lf, crlf] = await readMigrations(dir);
          expect(lf?.checksum).toBe(crlf?.checksum);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });
    });

    describe('schema.prisma and the migrations agree', () => {
      const schema = parsePrismaSchema(SCHEMA_PATH);

      it('creates exactly the tables, columns, types and nullability the schema declares', async () => {
        const columns = await store.prisma.$queryRaw<{ table: string; column: string; type: string; udt: string; nullable: string }[]>`
          SELECT table_name AS "table", column_name AS "column", data_type AS "type", udt_name AS "udt", is_nullable AS "nullable"
          FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name <> ${MIGRATIONS_TABLE}
          ORDER BY table_name, column_name`;
        const actual = columns.map((c) => ({
          table: c.table,
          column: c.column,
          type: c.type === 'USER-DEFINED' ? c.udt : c.type === 'ARRAY' ? `${c.udt === '_text' ? 'text' : c.udt}[]` : c.type,
          nullable: c.nullable === 'YES',
        }));
        const expected = expectedColumns(schema).sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`));
        expect(actual.sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`))).toEqual(expected);

        const precision = await store.prisma.$queryRaw<{ p: number }[]>`
          SELECT DISTINCT datetime_precision::int AS p FROM information_schema.columns
          WHERE table_schema = current_schema() AND data_type = 'timestamp without time zone' AND table_name <> ${MIGRATIONS_TABLE}`;
        expect(precision.map((row) => row.p)).toEqual([3]);
      });

      it('creates the enums with the schema values in order, the same the client knows', async () => {
        const labels = await store.prisma.$queryRaw<{ type: string; label: string }[]>`
          SELECT t.typname AS "type", e.enumlabel AS "label"
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE n.nspname = current_schema() ORDER BY t.typname, e.enumsortorder`;
        const actual = new Map<string, string[]>();
        for (const { type, label } of labels) actual.set(type, [...(actual.get(type) ?? []), label]);
        expect(actual).toEqual(schema.enums);
        expect(Object.values(CampaignStatus)).toEqual(schema.enums.get('CampaignStatus'));
        expect(Object.values(CandidateStates)).toEqual(schema.enums.get('CandidateState'));
        expect(Object.values(EvaluationStatus)).toEqual(schema.enums.get('EvaluationStatus'));
      });

      it("creates every index and foreign key the schema declares, under Prisma's names", async () => {
        const indexes = await store.prisma.$queryRaw<{ table: string; name: string; def: string }[]>`
          SELECT tablename AS "table", indexname AS "name", indexdef AS "def" FROM pg_indexes
          WHERE schemaname = current_schema() AND tablename <> ${MIGRATIONS_TABLE} ORDER BY indexname`;
        const actual = indexes.map((index) => ({
          table: index.table,
          name: index.name,
          columns: (/\(([^()]*)\)\s*$/.exec(index.def)?.[1] ?? '').split(',').map((c) => c.trim().replace(/"/g, '')),
          unique: index.def.startsWith('CREATE UNIQUE INDEX'),
          method: /USING gin/i.test(index.def) ? 'gin' : 'btree',
        }));
        expect(actual).toEqual(expectedIndexes(schema).sort((a, b) => a.name.localeCompare(b.name)));

        const keys = await store.prisma.$queryRaw<{ table: string; name: string; onDelete: string }[]>`
          SELECT tc.table_name AS "table", tc.constraint_name AS "name", rc.delete_rule AS "onDelete"
          FROM information_schema.table_constraints tc
          JOIN information_schema.referential_constraints rc
            ON rc.constraint_name = tc.constraint_name AND rc.constraint_schema = tc.constraint_schema
          WHERE tc.constraint_schema = current_schema() AND tc.constraint_type = 'FOREIGN KEY' ORDER BY tc.constraint_name`;
        expect(keys).toEqual(expectedForeignKeys(schema).sort((a, b) => a.name.localeCompare(b.name)));
      });

      it('round-trips a row of every model with every field set through the client', async () => {
        const fingerprint = unique('fp-roundtrip');
        const campaignId = unique('campaign');
        const at = (iso: string) => new Date(iso);
        const rows = {
          Activation: {
            fingerprint,
            canonical: 'x * sigmoid(x)',
            aliases: ['sigmoid(x) * x', 'x / (1 + exp(-x))'],
            features: { monotone: false, zeros: [0], minimum: -0.2784645 },
            createdAt: at('2026-01-02T03:04:05.678Z'),
          },
          Campaign: {
            id: campaignId,
            name: 'round trip',
            spec: { tasks: ['mnist-mlp', 'fashion-mlp'], fidelity: 'screen', nested: { a: [1, 2.5, null, true] } },
            spaceId: 'pangaea',
            spaceHash: 'sha256:0123',
            strategy: 'regularized-evolution',
            status: 'paused' as const,
            statusReason: 'paused by alice',
            budget: 2147483647,
            seed: -2147483648,
            owner: 'alice',
            proposed: 11,
            evaluated: 7,
            rejected: 2,
            prescreenRejected: 1,
            failed: 1,
            reused: 3,
            strategyState: { strategy: 'random', version: 1, state: { rng: [1, 2, 3, 4] } },
            toldCount: 9,
            driveLeaseOwner: 'worker-1:42',
            driveLeaseUntil: at('2026-01-02T03:05:00.001Z'),
            createdAt: at('2026-01-01T00:00:00.000Z'),
            updatedAt: at('2026-01-02T00:00:00.000Z'),
            startedAt: at('2026-01-01T00:00:01.000Z'),
            finishedAt: at('2026-01-03T00:00:00.000Z'),
          },
          Candidate: {
            id: unique('candidate'),
            campaignId,
            fingerprint,
            order: 41,
            proposalId: 'p-41',
            expression: 'x*sigmoid(x)',
            meta: { source: 'mutation', generation: 3, parents: ['p-7', 'p-9'], predicted: 0.93 },
            fidelity: 'standard',
            state: 'prescreen_rejected' as const,
            reason: 'linear',
            evaluationKeys: ['k1', 'k2'],
            toldAt: at('2026-01-02T10:00:00.000Z'),
            createdAt: at('2026-01-02T09:00:00.000Z'),
            updatedAt: at('2026-01-02T09:30:00.000Z'),
          },
          Evaluation: {
            key: evaluationKey({ fingerprint, task: 'mnist-mlp', taskVersion: 3, fidelity: 'full', seed: 3 }),
            fingerprint,
            task: 'mnist-mlp',
            taskVersion: 3,
            fidelity: 'full',
            seed: 3,
            status: 'rejected' as const,
            metric: 0.9812345678901234,
            valLoss: 0.0651,
            testMetric: 0.979,
            curve: [
              { step: 100, loss: 0.5, metric: 0.8 },
              { step: 200, loss: 0.25, metric: 0.9 },
            ],
            rejectionTest: 'quality',
            rejectionStep: 150,
            rejectionReason: 'accuracy below 0.2 at step 150',
            backend: 'wasm',
            durationMs: 123456,
            worker: 'host-a:123',
            attempts: 2,
            error: 'first attempt: worker lost',
            expression: 'x * sigmoid(x)',
            createdAt: at('2026-01-02T11:00:00.000Z'),
            updatedAt: at('2026-01-02T11:00:01.000Z'),
          },
          Worker: {
            id: unique('worker'),
            hostname: 'host-a',
            backend: 'wasm',
            role: 'worker',
            currentJob: 'some-key',
            slots: [
              { device: '0', state: 'busy', job: 'some-key' },
              { device: '1', state: 'idle', job: null },
            ],
            startedAt: at('2026-01-02T00:00:00.000Z'),
            lastSeenAt: at('2026-01-02T00:00:05.000Z'),
          },
          LeaderboardEntry: {
            fingerprint,
            task: 'mnist-mlp',
            taskVersion: 3,
            fidelity: 'screen',
            n: 3,
            mean: 0.9812345678901234,
            std: 0.0012,
            best: 0.99,
          },
          TrainingTime: { task: unique('task'), taskVersion: 3, fidelity: 'screen', n: 7, totalMs: 123456 },
          TaskVersion: {
            task: unique('task'),
            version: 2,
            hash: '0123456789abcdef',
            file: '/srv/tasks/my-task.yaml',
            recordedAt: at('2026-01-02T00:00:06.000Z'),
          },
        };
        // The fixture must name every scalar field the schema declares, so a new field cannot go untested.
        for (const model of schema.models) {
          const row = rows[model.name as keyof typeof rows];
          expect(Object.keys(row).sort(), model.name).toEqual(
            scalarFields(schema, model)
              .map((f) => f.name)
              .sort(),
          );
        }
        expect(Object.keys(rows).sort()).toEqual(schema.models.map((m) => m.name).sort());

        await store.prisma.activation.create({ data: rows.Activation });
        await store.prisma.campaign.create({ data: rows.Campaign });
        await store.prisma.candidate.create({ data: rows.Candidate });
        await store.prisma.evaluation.create({ data: rows.Evaluation });
        await store.prisma.worker.create({ data: rows.Worker });
        await store.prisma.leaderboardEntry.create({ data: rows.LeaderboardEntry });
        await store.prisma.trainingTime.create({ data: rows.TrainingTime });
        await store.prisma.taskVersion.create({ data: rows.TaskVersion });

        expect(await store.prisma.activation.findUnique({ where: { fingerprint } })).toEqual(rows.Activation);
        expect(await store.prisma.campaign.findUnique({ where: { id: campaignId } })).toEqual(rows.Campaign);
        expect(await store.prisma.candidate.findUnique({ where: { id: rows.Candidate.id } })).toEqual(rows.Candidate);
        expect(await store.prisma.evaluation.findUnique({ where: { key: rows.Evaluation.key } })).toEqual(rows.Evaluation);
        expect(await store.prisma.worker.findUnique({ where: { id: rows.Worker.id } })).toEqual(rows.Worker);
        const { LeaderboardEntry: entry } = rows;
        const entryKey = { fingerprint, task: entry.task, taskVersion: entry.taskVersion, fidelity: entry.fidelity };
        expect(await store.prisma.leaderboardEntry.findUnique({ where: { fingerprint_task_taskVersion_fidelity: entryKey } })).toEqual(
          entry,
        );
        const { task: ttTask, taskVersion: ttVersion, fidelity: ttFidelity } = rows.TrainingTime;
        expect(
          await store.prisma.trainingTime.findUnique({
            where: { task_taskVersion_fidelity: { task: ttTask, taskVersion: ttVersion, fidelity: ttFidelity } },
          }),
        ).toEqual(rows.TrainingTime);
        expect(await store.prisma.taskVersion.findUnique({ where: { task_version: { task: rows.TaskVersion.task, version: 2 } } })).toEqual(
          rows.TaskVersion,
        );
        expect(Object.keys(Prisma.ModelName).sort()).toEqual(Object.keys(rows).sort());
      });

      it('fills the declared defaults and nulls when only required fields are given', async () => {
        const fingerprint = unique('fp-defaults');
        const activation = await store.prisma.activation.create({ data: { fingerprint, canonical: 'x' } });
        expect(activation).toMatchObject({ aliases: [], features: null });
        const campaign = await store.prisma.campaign.create({
          data: { name: 'n', spec: {}, spaceId: 's', spaceHash: 'h', strategy: 'random', budget: 1, seed: 0 },
        });
        expect(campaign).toMatchObject({
          status: 'queued',
          statusReason: null,
          owner: null,
          proposed: 0,
          evaluated: 0,
          rejected: 0,
          prescreenRejected: 0,
          failed: 0,
          reused: 0,
          strategyState: null,
          toldCount: 0,
          driveLeaseOwner: null,
          driveLeaseUntil: null,
          startedAt: null,
          finishedAt: null,
        });
        expect(campaign.id).toMatch(/^[0-9a-f-]{36}$/);
        const candidate = await store.prisma.candidate.create({
          data: { campaignId: campaign.id, fingerprint, order: 0, proposalId: 'p', expression: 'x', fidelity: 'screen' },
        });
        expect(candidate).toMatchObject({ state: 'proposed', meta: null, reason: null, evaluationKeys: [], toldAt: null });
        const evaluation = await store.prisma.evaluation.create({
          data: { key: unique('key'), fingerprint, task: 't', fidelity: 'screen', seed: 0, status: 'failed' },
        });
        expect(evaluation).toMatchObject({ metric: null, curve: null, attempts: 1, error: null, durationMs: null });
      });
    });

    describe('evaluations', () => {
      it('concurrent upserts of one key leave exactly one row, created by exactly one of them', async () => {
        const fingerprint = await storedActivation(store);
        const identity = { fingerprint, task: 'mnist-mlp', taskVersion: 1, fidelity: 'screen', seed: 0 };
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            store.evaluations.upsert({ ...identity, status: 'done', metric: 0.9 + i / 1000, worker: `w${i}` }),
          ),
        );
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(await store.prisma.evaluation.count({ where: { fingerprint } })).toBe(1);
        const stored = await store.evaluations.get(evaluationKey(identity));
        expect(stored?.metric).toBeGreaterThanOrEqual(0.9);
        expect(results.map((r) => r.evaluation.key)).toEqual(Array(12).fill(evaluationKey(identity)));
      });

      it('a late failure never overwrites a final result, and a final result replaces a failure', async () => {
        const fingerprint = await storedActivation(store);
        const identity = { fingerprint, task: 'mnist-mlp', taskVersion: 1, fidelity: 'screen', seed: 1 };
        const failed = await store.evaluations.upsert({ ...identity, status: 'failed', error: 'worker lost', attempts: 1 });
        expect(failed).toMatchObject({ created: true, evaluation: { status: 'failed', error: 'worker lost' } });
        const done = await store.evaluations.upsert({
          ...identity,
          status: 'done',
          metric: 0.97,
          attempts: 2,
          backend: 'wasm',
          durationMs: 1500,
        });
        expect(done).toMatchObject({ created: false, evaluation: { status: 'done', metric: 0.97, attempts: 2, error: null } });
        const late = await store.evaluations.upsert({ ...identity, status: 'failed', error: 'duplicate job crashed', attempts: 3 });
        expect(late.evaluation).toMatchObject({ status: 'done', metric: 0.97, attempts: 2, error: null });
        const rejected = await store.evaluations.upsert({
          ...identity,
          status: 'rejected',
          rejectionTest: 'stability',
          rejectionStep: 40,
          rejectionReason: 'loss exploded',
        });
        expect(rejected.evaluation).toMatchObject({ status: 'rejected', metric: null, rejectionTest: 'stability', rejectionStep: 40 });
        expect(await store.prisma.evaluation.count({ where: { fingerprint } })).toBe(1);
      });

      it('refuses malformed results with field errors', async () => {
        const fingerprint = await storedActivation(store);
        const base = { fingerprint, task: 't', taskVersion: 1, fidelity: 'screen', seed: 0 };
        await expect(store.evaluations.upsert({ ...base, status: 'done' })).rejects.toMatchObject({
          fields: [{ path: 'metric', message: 'a done evaluation needs its metric' }],
        });
        await expect(store.evaluations.upsert({ ...base, status: 'done', metric: Number.NaN })).rejects.toBeInstanceOf(ValidationError);
        await expect(store.evaluations.upsert({ ...base, task: 'a|b', status: 'failed' })).rejects.toMatchObject({
          fields: [{ path: 'task', message: "must be non-empty and free of '|'" }],
        });
        await expect(store.evaluations.upsert({ ...base, seed: 2 ** 31, status: 'failed' })).rejects.toBeInstanceOf(ValidationError);
      });

      it('keeps one row per task version: the same function, task, fidelity and seed under two versions are two evaluations', async () => {
        const fingerprint = await storedActivation(store);
        const identity = { fingerprint, task: 'mnist-mlp', fidelity: 'standard', seed: 0 };
        const old = await store.evaluations.upsert({ ...identity, taskVersion: 2, status: 'done', metric: 0.95 });
        const now = await store.evaluations.upsert({ ...identity, taskVersion: 3, status: 'done', metric: 0.96 });
        expect(old.created && now.created).toBe(true);
        expect(now.evaluation.key).not.toBe(old.evaluation.key);
        expect(now.evaluation.key).toBe(evaluationKey({ ...identity, taskVersion: 3 }));
        expect((await store.evaluations.get(old.evaluation.key))?.metric).toBe(0.95);
        expect((await store.evaluations.listForActivation(fingerprint)).map((e) => [e.taskVersion, e.metric])).toEqual([
          [3, 0.96],
          [2, 0.95],
        ]);
      });

      it("lists an activation's evaluations by task, fidelity and seed, and fetches by keys", async () => {
        const fingerprint = await storedActivation(store);
        for (const [task, fidelity, seed] of [
          ['b', 'screen', 1],
          ['a', 'standard', 0],
          ['a', 'screen', 2],
          ['a', 'screen', 0],
        ] as const) {
          await store.evaluations.upsert({ fingerprint, task, taskVersion: 1, fidelity, seed, status: 'done', metric: seed / 10 });
        }
        const listed = await store.evaluations.listForActivation(fingerprint);
        expect(listed.map((e) => `${e.task}/${e.fidelity}/${e.seed}`)).toEqual(['a/screen/0', 'a/screen/2', 'a/standard/0', 'b/screen/1']);
        const keys = [evaluationKey({ fingerprint, task: 'b', taskVersion: 1, fidelity: 'screen', seed: 1 }), 'missing-key'];
        expect((await store.evaluations.getMany(keys)).map((e) => e.key)).toEqual([keys[0]]);
      });
    });

    describe('campaigns', () => {
      it('walks the lifecycle, stamping startedAt once and finishedAt at the end', async () => {
        const created = await store.campaigns.create(campaignInput());
        expect(created.status).toBe('queued');
        const running = await store.campaigns.transition(created.id, 'running');
        expect(running.startedAt).toBeInstanceOf(Date);
        const paused = await store.campaigns.transition(created.id, 'paused', { reason: 'paused by alice' });
        expect(paused).toMatchObject({ status: 'paused', statusReason: 'paused by alice' });
        const resumed = await store.campaigns.transition(created.id, 'running');
        expect(resumed.startedAt).toEqual(running.startedAt);
        expect(resumed.statusReason).toBeNull();
        const done = await store.campaigns.transition(created.id, 'done');
        expect(done.status).toBe('done');
        expect(done.finishedAt).toBeInstanceOf(Date);
      });

      it('refuses illegal transitions with ConflictError and changes nothing', async () => {
        const { id } = await store.campaigns.create(campaignInput());
        await expect(store.campaigns.transition(id, 'done')).rejects.toBeInstanceOf(ConflictError);
        await expect(store.campaigns.transition(id, 'queued')).rejects.toThrow(`campaign ${id} cannot go from queued to queued`);
        await store.campaigns.transition(id, 'running');
        await expect(store.campaigns.transition(id, 'running')).rejects.toBeInstanceOf(ConflictError);
        await expect(store.campaigns.transition(id, 'cancelled', { from: ['paused'] })).rejects.toBeInstanceOf(ConflictError);
        await store.campaigns.transition(id, 'cancelled', { reason: 'by bob' });
        for (const to of ['running', 'paused', 'done', 'failed', 'queued'] as const) {
          await expect(store.campaigns.transition(id, to)).rejects.toBeInstanceOf(ConflictError);
        }
        expect(await store.campaigns.get(id)).toMatchObject({ status: 'cancelled', statusReason: 'by bob' });
        await expect(store.campaigns.transition(unique('nope'), 'running')).rejects.toBeInstanceOf(NotFoundError);
      });

      it('lets exactly one of two racing transitions win', async () => {
        const { id } = await store.campaigns.create(campaignInput());
        await store.campaigns.transition(id, 'running');
        const outcomes = await Promise.allSettled([
          store.campaigns.transition(id, 'done'),
          store.campaigns.transition(id, 'cancelled'),
          store.campaigns.transition(id, 'failed', { reason: 'boom' }),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConflictError);
      });

      it('validates new campaigns with field errors', async () => {
        await expect(store.campaigns.create(campaignInput({ budget: 0, seed: 2 ** 40, name: '' }))).rejects.toMatchObject({
          code: 'validation_failed',
          fields: [
            { path: 'budget', message: 'must be a positive 32-bit integer' },
            { path: 'seed', message: 'must be a 32-bit integer' },
            { path: 'name', message: 'must not be empty' },
          ],
        });
      });

      it('adds concurrent counter increments without losing any', async () => {
        const { id } = await store.campaigns.create(campaignInput());
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.campaigns.incrementCounters(id, { evaluated: 1, failed: i % 2 })));
        expect(await store.campaigns.get(id)).toMatchObject({ evaluated: 20, failed: 10, proposed: 0 });
        await expect(store.campaigns.incrementCounters(unique('nope'), { evaluated: 1 })).rejects.toBeInstanceOf(NotFoundError);
      });

      it('pages newest first with a cursor that neither repeats nor skips rows while campaigns are created', async () => {
        const owner = unique('owner');
        const before: Campaign[] = [];
        for (let i = 0; i < 7; i++) before.push(await store.campaigns.create(campaignInput({ owner, name: `c${i}` })));
        const seen: string[] = [];
        let page = await store.campaigns.list({ owner, limit: 3 });
        seen.push(...page.items.map((c) => c.id));
        for (let i = 0; i < 4; i++) await store.campaigns.create(campaignInput({ owner, name: `late${i}` }));
        while (page.nextCursor !== null) {
          page = await store.campaigns.list({ owner, limit: 3, cursor: page.nextCursor });
          seen.push(...page.items.map((c) => c.id));
        }
        const newestFirst = [...before].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
        expect(seen).toEqual(newestFirst.map((c) => c.id));
        await expect(store.campaigns.list({ cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(ValidationError);
        await expect(store.campaigns.list({ limit: 0 })).rejects.toBeInstanceOf(ValidationError);
      });

      it('filters the listing by status', async () => {
        const owner = unique('owner');
        const a = await store.campaigns.create(campaignInput({ owner }));
        const b = await store.campaigns.create(campaignInput({ owner }));
        await store.campaigns.create(campaignInput({ owner }));
        await store.campaigns.transition(a.id, 'running');
        await store.campaigns.transition(b.id, 'cancelled');
        expect((await store.campaigns.list({ owner, status: 'running' })).items.map((c) => c.id)).toEqual([a.id]);
        expect((await store.campaigns.list({ owner, status: ['running', 'cancelled'] })).items).toHaveLength(2);
        expect((await store.campaigns.list({ owner, status: 'queued' })).nextCursor).toBeNull();
      });

      it('grants the drive lease to exactly one of many concurrent drivers until it expires', async () => {
        const { id } = await store.campaigns.create(campaignInput());
        const owners = Array.from({ length: 8 }, (_, i) => `driver-${i}`);
        const granted = await Promise.all(owners.map((owner) => store.campaigns.tryAcquireDriveLease(id, owner, 60_000)));
        expect(granted.filter(Boolean)).toHaveLength(1);
        const holder = owners[granted.indexOf(true)] ?? '';
        const other = owners.find((o) => o !== holder) ?? '';

        expect(await store.campaigns.tryAcquireDriveLease(id, other, 60_000)).toBe(false);
        expect(await store.campaigns.renewDriveLease(id, other, 60_000)).toBe(false);
        expect(await store.campaigns.renewDriveLease(id, holder, 60_000)).toBe(true);
        expect(await store.campaigns.tryAcquireDriveLease(id, holder, 60_000)).toBe(true);

        clock.advance(61_000);
        expect(await store.campaigns.tryAcquireDriveLease(id, other, 60_000)).toBe(true);
        expect(await store.campaigns.renewDriveLease(id, holder, 60_000)).toBe(false);
        expect(await store.campaigns.saveStrategyState(id, { stale: true }, { leaseOwner: holder })).toBe(false);
        expect((await store.campaigns.get(id))?.strategyState).toBeNull();
        expect(await store.campaigns.releaseDriveLease(id, holder)).toBe(false);
        expect(await store.campaigns.releaseDriveLease(id, other)).toBe(true);
        expect(await store.campaigns.tryAcquireDriveLease(id, holder, 60_000)).toBe(true);
      });
    });

    describe('candidates', () => {
      it('numbers appended candidates consecutively, also when appends race', async () => {
        const { id } = await store.campaigns.create(campaignInput());
        const fingerprint = await storedActivation(store);
        const first = await store.candidates.append(
          id,
          [0, 1, 2].map((i) => candidateInput(fingerprint, i)),
        );
        expect(first.map((c) => c.order)).toEqual([0, 1, 2]);
        const raced = await Promise.all(
          [0, 1, 2, 3].map((batch) =>
            store.candidates.append(
              id,
              [0, 1, 2].map((i) => candidateInput(fingerprint, 10 * batch + i)),
            ),
          ),
        );
        expect(
          raced
            .flat()
            .map((c) => c.order)
            .sort((a, b) => a - b),
        ).toEqual(Array.from({ length: 12 }, (_, i) => i + 3));
        expect((await store.campaigns.get(id))?.proposed).toBe(15);
      });

      it('keeps the campaign counters equal to the candidates that entered each state', async () => {
        const { id } = await store.campaigns.create(campaignInput());
        const fingerprint = await storedActivation(store);
        const states: CandidateState[] = ['queued', 'queued', 'queued', 'prescreen_rejected', 'reused', 'proposed'];
        const created = await store.candidates.append(
          id,
          states.map((state, i) => candidateInput(fingerprint, i, { state, evaluationKeys: [`k${i}`] })),
        );
        const [a, b, c, , , f] = created;
        expect(await store.candidates.transition(a?.id ?? '', 'evaluated')).toBe(true);
        // A retried evaluation reports again: nothing changes, nothing is counted twice.
        expect(await store.candidates.transition(a?.id ?? '', 'evaluated')).toBe(false);
        expect(await store.candidates.transition(b?.id ?? '', 'rejected', { reason: 'quality: accuracy 0.11' })).toBe(true);
        expect(await store.candidates.transition(c?.id ?? '', 'failed', { reason: 'trainer crashed' })).toBe(true);
        expect(await store.candidates.transition(f?.id ?? '', 'queued', { evaluationKeys: ['k5', 'k5b'] })).toBe(true);
        const racing = await Promise.all([
          store.candidates.transition(f?.id ?? '', 'evaluated'),
          store.candidates.transition(f?.id ?? '', 'evaluated'),
        ]);
        expect(racing.filter(Boolean)).toHaveLength(1);

        const counts = await store.candidates.countByState(id);
        expect(counts).toEqual({ proposed: 0, prescreen_rejected: 1, queued: 0, evaluated: 2, rejected: 1, failed: 1, reused: 1 });
        const campaign = await store.campaigns.require(id);
        for (const [state, counter] of Object.entries(COUNTER_OF_STATE)) {
          expect(campaign[counter], counter).toBe(counts[state as CandidateState]);
        }
        expect(campaign.proposed).toBe(6);
        expect(CAMPAIGN_COUNTERS).toContain('proposed');
        expect(await store.candidates.get(f?.id ?? '')).toMatchObject({ state: 'evaluated', evaluationKeys: ['k5', 'k5b'] });
        await expect(store.candidates.transition(unique('nope'), 'evaluated')).rejects.toBeInstanceOf(NotFoundError);
      });

      it('finds the candidates of every campaign waiting on an evaluation key', async () => {
        const fingerprint = await storedActivation(store);
        const key = evaluationKey({ fingerprint, task: 'mnist-mlp', taskVersion: 1, fidelity: 'screen', seed: 0 });
        const one = await store.campaigns.create(campaignInput());
        const two = await store.campaigns.create(campaignInput());
        const [waiting1] = await store.candidates.append(one.id, [
          candidateInput(fingerprint, 0, { state: 'queued', evaluationKeys: [key, `${key}-other`] }),
        ]);
        const [waiting2, done] = await store.candidates.append(two.id, [
          candidateInput(fingerprint, 0, { state: 'queued', evaluationKeys: [key] }),
          candidateInput(fingerprint, 1, { state: 'evaluated', evaluationKeys: [key] }),
        ]);
        const found = await store.candidates.findWaitingOn(key);
        expect(found.map((c) => c.id).sort()).toEqual([waiting1?.id, waiting2?.id].sort());
        expect((await store.candidates.findWaitingOn(key, ['evaluated'])).map((c) => c.id)).toEqual([done?.id]);
      });

      it("pages a campaign's candidates in proposal order, stable while more are appended", async () => {
        const { id } = await store.campaigns.create(campaignInput());
        const fingerprint = await storedActivation(store);
        await store.candidates.append(
          id,
          Array.from({ length: 5 }, (_, i) => candidateInput(fingerprint, i)),
        );
        const orders: number[] = [];
        let page = await store.candidates.listByCampaign(id, { limit: 2 });
        orders.push(...page.items.map((c) => c.order));
        await store.candidates.append(
          id,
          Array.from({ length: 3 }, (_, i) => candidateInput(fingerprint, 5 + i, { state: 'prescreen_rejected' })),
        );
        while (page.nextCursor !== null) {
          page = await store.candidates.listByCampaign(id, { limit: 2, cursor: page.nextCursor });
          orders.push(...page.items.map((c) => c.order));
        }
        expect(orders).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
        expect((await store.candidates.listByCampaign(id, { state: 'prescreen_rejected' })).items.map((c) => c.order)).toEqual([5, 6, 7]);
      });

      it('refuses candidates of unknown campaigns or activations', async () => {
        const fingerprint = await storedActivation(store);
        await expect(store.candidates.append(unique('nope'), [candidateInput(fingerprint, 0)])).rejects.toBeInstanceOf(NotFoundError);
        const { id } = await store.campaigns.create(campaignInput());
        await expect(store.candidates.append(id, [candidateInput(unique('unknown-fp'), 0)])).rejects.toBeInstanceOf(ValidationError);
        expect((await store.campaigns.get(id))?.proposed).toBe(0);
      });

      it('marks told results together with the strategy state, and never tells one twice', async () => {
        const { id } = await store.campaigns.create(campaignInput());
        const fingerprint = await storedActivation(store);
        const [a, b, c] = await store.candidates.append(id, [
          candidateInput(fingerprint, 0, { state: 'prescreen_rejected', reason: 'constant' }),
          candidateInput(fingerprint, 1, { state: 'queued' }),
          candidateInput(fingerprint, 2, { state: 'queued' }),
        ]);
        await store.candidates.transition(c?.id ?? '', 'evaluated');
        const untold = await store.candidates.listUntoldResults(id);
        expect(untold.map((x) => x.id)).toEqual([a?.id, c?.id]);

        await store.campaigns.tryAcquireDriveLease(id, 'driver', 60_000);
        const state = { strategy: 'random', version: 1, told: 2 };
        expect(await store.campaigns.saveStrategyState(id, state, { told: untold.map((x) => x.id), leaseOwner: 'driver' })).toBe(true);
        expect(await store.campaigns.get(id)).toMatchObject({ strategyState: state, toldCount: 2 });
        expect(await store.candidates.listUntoldResults(id)).toEqual([]);

        await store.candidates.transition(b?.id ?? '', 'failed', { reason: 'trainer crashed' });
        await expect(store.campaigns.saveStrategyState(id, { told: 99 }, { told: [a?.id ?? '', b?.id ?? ''] })).rejects.toBeInstanceOf(
          ConflictError,
        );
        // Rolled back as a whole: neither the state nor b's mark moved.
        expect(await store.campaigns.get(id)).toMatchObject({ strategyState: state, toldCount: 2 });
        expect((await store.candidates.listUntoldResults(id)).map((x) => x.id)).toEqual([b?.id]);
      });

      it('lists the newest candidates in the given states, newest proposal first, at most the limit', async () => {
        const { id } = await store.campaigns.create(campaignInput());
        const fingerprint = await storedActivation(store);
        const rows = await store.candidates.append(id, [
          candidateInput(fingerprint, 0, { state: 'failed', reason: 'first' }),
          candidateInput(fingerprint, 1, { state: 'evaluated' }),
          candidateInput(fingerprint, 2, { state: 'queued' }),
          candidateInput(fingerprint, 3, { state: 'failed', reason: 'last' }),
        ]);
        const latest = await store.candidates.latestInStates(id, ['failed', 'evaluated'], 2);
        expect(latest.map((x) => x.id)).toEqual([rows[3]?.id, rows[1]?.id]);
        expect((await store.candidates.latestInStates(id, ['failed'], 5)).map((x) => x.reason)).toEqual(['last', 'first']);
      });
    });

    describe('activations', () => {
      it('keeps the simplest canonical text whichever arrives first; the one it replaces becomes the first alias', async () => {
        const texts = ['min(expm1(x), relu(x))', 'elu(x)', 'where(x, x, expm1(x))'];
        for (const order of [texts, [...texts].reverse()]) {
          const fingerprint = unique('fp');
          for (const canonical of order) await store.activations.upsert({ fingerprint, canonical });
          const stored = await store.activations.get(fingerprint);
          expect(stored?.canonical).toBe('elu(x)');
          expect(stored?.aliases.slice().sort()).toEqual(['min(expm1(x), relu(x))', 'where(x, x, expm1(x))']);
        }
        const fingerprint = unique('fp');
        await store.activations.upsert({ fingerprint, canonical: 'min(expm1(x), relu(x))', aliases: ['min(relu(x), expm1(x))'] });
        const replaced = await store.activations.upsert({ fingerprint, canonical: 'elu(x)' });
        expect(replaced).toMatchObject({ canonical: 'elu(x)', aliases: ['min(expm1(x), relu(x))', 'min(relu(x), expm1(x))'] });
      });

      it('agrees on the simplest canonical text when texts of one function are upserted concurrently', async () => {
        const fingerprint = unique('fp');
        const texts = ['min(expm1(x), relu(x))', 'where(x, x, expm1(x))', 'elu(x)', 'max(expm1(x), min(x, expm1(x)))'];
        const returned = await Promise.all([...texts, ...texts].map((canonical) => store.activations.upsert({ fingerprint, canonical })));
        expect((await store.activations.get(fingerprint))?.canonical).toBe('elu(x)');
        expect((await store.activations.get(fingerprint))?.aliases.slice().sort()).toEqual(texts.filter((t) => t !== 'elu(x)').sort());
        // Each call returns a representative at least as simple as its own text.
        for (const row of returned) expect(texts).toContain(row.canonical);
      });

      it('merges aliases in first-seen order and keeps the simplest canonical text and the first features', async () => {
        const fingerprint = unique('fp');
        await store.activations.upsert({
          fingerprint,
          canonical: 'x*sigmoid(x)',
          aliases: ['sigmoid(x)*x'],
          features: { monotone: false },
        });
        const merged = await store.activations.upsert({
          fingerprint,
          canonical: 'x/(1+exp(-x))',
          aliases: ['sigmoid(x)*x', 'x*sigmoid(x)', 'swish(x)'],
          features: { monotone: true },
        });
        expect(merged).toMatchObject({
          canonical: 'x*sigmoid(x)',
          aliases: ['sigmoid(x)*x', 'x/(1+exp(-x))', 'swish(x)'],
          features: { monotone: false },
        });
      });

      it('loses no alias when the same fingerprint is upserted concurrently', async () => {
        const fingerprint = unique('fp');
        await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.activations.upsert({ fingerprint, canonical: 'relu(x)', aliases: [`alias-${i}`] })),
        );
        const stored = await store.activations.get(fingerprint);
        expect(stored?.aliases.slice().sort()).toEqual(Array.from({ length: 10 }, (_, i) => `alias-${i}`).sort());
        expect((await store.activations.getMany([fingerprint, 'missing'])).map((a) => a.fingerprint)).toEqual([fingerprint]);
      });
    });

    describe('leaderboard', () => {
      // Two-sided 95 % quantiles of Student's t (scipy.stats.t.ppf(0.975, df)).
      const T975 = { 1: 12.706204736174694, 2: 4.302652729749462 } as const;

      async function evaluate(
        fingerprint: string,
        task: string,
        metrics: number[],
        extra: { fidelity?: string; taskVersion?: number; status?: 'done' | 'rejected' | 'failed' } = {},
      ) {
        for (const [seed, metric] of metrics.entries()) {
          const status = extra.status ?? 'done';
          await store.evaluations.upsert({
            fingerprint,
            task,
            taskVersion: extra.taskVersion ?? 1,
            fidelity: extra.fidelity ?? 'screen',
            seed,
            status,
            ...(status === 'done'
              ? { metric }
              : status === 'rejected'
                ? { rejectionTest: 'quality', rejectionReason: 'low' }
                : { error: 'crash' }),
          });
        }
      }

      it('ranks by mean over seeds with t-intervals and the delta to the baseline, as computed by hand', async () => {
        const task = unique('task');
        const [a, b, c, relu, rejected] = await Promise.all(
          ['a', 'b', 'c', 'relu', 'rejected'].map((name) => storedActivation(store, name)),
        );
        await evaluate(a ?? '', task, [0.91, 0.93, 0.92]);
        await evaluate(b ?? '', task, [0.95]);
        await evaluate(c ?? '', task, [0.9, 0.96]);
        await evaluate(relu ?? '', task, [0.89, 0.9, 0.88]);
        await evaluate(rejected ?? '', task, [0, 0], { status: 'rejected' });
        await evaluate(a ?? '', task, [0.99, 0.99, 0.99, 0.99], { fidelity: 'full' });
        await evaluate(b ?? '', `${task}-other`, [0.5]);

        const board = await store.leaderboard({ task, taskVersion: 1, fidelity: 'screen', baselineFingerprint: relu });
        // Hand computation: a = 0.92 ± 4.3027·0.01/√3; c = 0.93 ± 12.706·0.042426/√2; relu = 0.89 ± 4.3027·0.01/√3.
        const halfA = (T975[2] * 0.01) / Math.sqrt(3);
        const sdC = Math.sqrt(((0.9 - 0.93) ** 2 + (0.96 - 0.93) ** 2) / 1);
        const halfC = (T975[1] * sdC) / Math.sqrt(2);
        expect(board.items.map((row) => [row.rank, row.canonical, row.n])).toEqual([
          [1, 'b', 1],
          [2, 'c', 2],
          [3, 'a', 3],
          [4, 'relu', 3],
        ]);
        const [rowB, rowC, rowA, rowRelu] = board.items;
        expect(rowB).toMatchObject({ std: null, ciLow: null, ciHigh: null });
        expect(rowB?.mean).toBeCloseTo(0.95, 12);
        expect(rowB?.delta).toBeCloseTo(0.06, 12);
        expect(rowC?.mean).toBeCloseTo(0.93, 12);
        expect(rowC?.std).toBeCloseTo(sdC, 12);
        expect(rowC?.ciLow).toBeCloseTo(0.93 - halfC, 10);
        expect(rowC?.ciHigh).toBeCloseTo(0.93 + halfC, 10);
        // Δ is paired over the seeds both have: c has seeds 0 and 1, so ((0.90 − 0.89) + (0.96 − 0.90)) / 2,
        // not c's mean minus ReLU's mean over all three of its seeds (0.04).
        expect(rowC?.delta).toBeCloseTo(0.035, 12);
        expect(rowC?.deltaSeeds).toBe(2);
        expect(rowA?.deltaSeeds).toBe(3);
        expect(rowA?.mean).toBeCloseTo(0.92, 12);
        expect(rowA?.std).toBeCloseTo(0.01, 12);
        expect(rowA?.ciLow).toBeCloseTo(0.92 - halfA, 10);
        expect(rowA?.ciHigh).toBeCloseTo(0.92 + halfA, 10);
        expect(rowA?.delta).toBeCloseTo(0.03, 12);
        expect(rowRelu?.delta).toBeCloseTo(0, 12);
        expect(board.baseline?.n).toBe(3);
        expect(board.baseline?.mean).toBeCloseTo(0.89, 12);
        expect(board.nextCursor).toBeNull();

        const full = await store.leaderboard({ task, taskVersion: 1, fidelity: 'full', baselineFingerprint: relu });
        expect(full.items.map((row) => [row.canonical, row.n, row.std, row.delta])).toEqual([['a', 4, 0, null]]);
        expect(full.baseline).toBeNull();
        expect((await store.leaderboard({ task, taskVersion: 1, fidelity: 'screen', minSeeds: 3 })).items.map((r) => r.canonical)).toEqual([
          'a',
          'relu',
        ]);
      });

      it('ranks one version of a task: results trained under another version are neither shown nor averaged in', async () => {
        const task = unique('task');
        const [a, b, relu] = await Promise.all(['a', 'b', 'relu'].map((name) => storedActivation(store, name)));
        await evaluate(a ?? '', task, [0.9, 0.9], { taskVersion: 1 });
        await evaluate(a ?? '', task, [0.8, 0.8], { taskVersion: 2 });
        await evaluate(b ?? '', task, [0.85], { taskVersion: 2 });
        await evaluate(relu ?? '', task, [0.7], { taskVersion: 1 });
        const v2 = await store.leaderboard({ task, taskVersion: 2, fidelity: 'screen', baselineFingerprint: relu });
        expect(v2.items.map((row) => [row.canonical, row.n, row.mean])).toEqual([
          ['b', 1, 0.85],
          ['a', 2, 0.8],
        ]);
        expect(v2.baseline).toBeNull();
        const v1 = await store.leaderboard({ task, taskVersion: 1, fidelity: 'screen', baselineFingerprint: relu });
        expect(v1.items.map((row) => [row.canonical, row.n, row.mean])).toEqual([
          ['a', 2, 0.9],
          ['relu', 1, 0.7],
        ]);
        expect(v1.baseline?.mean).toBeCloseTo(0.7, 12);
      });

      it('pages the ranking with a cursor, ranks continuing across pages', async () => {
        const task = unique('task');
        const names = ['p', 'q', 'r', 's', 't'];
        const fingerprints = await Promise.all(names.map((name) => storedActivation(store, name)));
        // q and r tie: the fingerprint breaks the tie, so the order is total.
        const means = [0.5, 0.7, 0.7, 0.6, 0.9];
        for (const [i, fp] of fingerprints.entries()) await evaluate(fp, task, [means[i] ?? 0]);
        const rows: [number, string][] = [];
        let page = await store.leaderboard({ task, taskVersion: 1, fidelity: 'screen', limit: 2 });
        rows.push(...page.items.map((r): [number, string] => [r.rank, r.fingerprint]));
        while (page.nextCursor !== null) {
          page = await store.leaderboard({ task, taskVersion: 1, fidelity: 'screen', limit: 2, cursor: page.nextCursor });
          rows.push(...page.items.map((r): [number, string] => [r.rank, r.fingerprint]));
        }
        const tied = [fingerprints[1] ?? '', fingerprints[2] ?? ''].sort();
        expect(rows).toEqual([
          [1, fingerprints[4]],
          [2, tied[0]],
          [3, tied[1]],
          [4, fingerprints[3]],
          [5, fingerprints[0]],
        ]);
      });

      /** The leaderboard's statistics computed from the evaluations directly, as the leaderboard did before its table. */
      async function aggregates(task: string) {
        return store.prisma.$queryRaw<
          { fingerprint: string; fidelity: string; n: number; mean: number; std: number | null; best: number }[]
        >`
          SELECT "fingerprint", "fidelity", count(*)::int AS "n", avg("metric") AS "mean", stddev_samp("metric") AS "std", max("metric") AS "best"
          FROM "Evaluation" WHERE "task" = ${task} AND "status" = 'done' AND "metric" IS NOT NULL
          GROUP BY "fingerprint", "fidelity" ORDER BY "fingerprint", "fidelity"`;
      }
      /** Equal up to the order a sum adds its terms in (which follows the rows' physical order, in both). */
      function rounded(rows: readonly { mean: number; std: number | null }[]) {
        return rows.map((row) => ({ ...row, mean: row.mean.toFixed(12), std: row.std === null ? null : row.std.toFixed(12) }));
      }
      async function expectEntriesMatchEvaluations(task: string) {
        expect(rounded(await entries(task))).toEqual(rounded(await aggregates(task)));
      }
      async function entries(task: string) {
        return store.prisma.leaderboardEntry.findMany({
          where: { task },
          orderBy: [{ fingerprint: 'asc' }, { fidelity: 'asc' }],
          select: { fingerprint: true, fidelity: true, n: true, mean: true, std: true, best: true },
        });
      }

      it('keeps each leaderboard entry equal to the aggregate of its evaluations through new results, overwrites, late failures and deletes', async () => {
        const task = unique('task');
        const [a, b] = await Promise.all(['a', 'b'].map((name) => storedActivation(store, name)));
        const fa = a ?? '';
        const fb = b ?? '';
        await evaluate(fa, task, [0.91, 0.93, 0.92]);
        await evaluate(fb, task, [0.5, 0.6], { status: 'rejected' });
        await evaluate(fb, task, [0.8], { fidelity: 'full' });
        await expectEntriesMatchEvaluations(task);
        expect((await entries(task)).map((e) => [e.fingerprint, e.fidelity, e.n])).toEqual(
          [
            [fa, 'screen', 3],
            [fb, 'full', 1],
          ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
        );
        // A retried job overwrites seed 0 with another score; a rejected seed is later scored; a late crash report changes nothing.
        await store.evaluations.upsert({
          fingerprint: fa,
          task,
          taskVersion: 1,
          fidelity: 'screen',
          seed: 0,
          status: 'done',
          metric: 0.97,
        });
        await store.evaluations.upsert({ fingerprint: fb, task, taskVersion: 1, fidelity: 'screen', seed: 1, status: 'done', metric: 0.7 });
        await store.evaluations.upsert({
          fingerprint: fa,
          task,
          taskVersion: 1,
          fidelity: 'screen',
          seed: 1,
          status: 'failed',
          error: 'late crash',
        });
        await expectEntriesMatchEvaluations(task);
        const after = await entries(task);
        expect(after.find((e) => e.fingerprint === fa && e.fidelity === 'screen')).toMatchObject({ n: 3, best: 0.97 });
        expect(after.find((e) => e.fingerprint === fb && e.fidelity === 'screen')).toMatchObject({ n: 1, mean: 0.7, std: null });
        await store.prisma.evaluation.deleteMany({ where: { fingerprint: fa, task, seed: 0 } });
        await expectEntriesMatchEvaluations(task);
        expect((await entries(task)).find((e) => e.fingerprint === fa)).toMatchObject({ n: 2, best: 0.93 });
        await store.prisma.evaluation.deleteMany({ where: { fingerprint: fb, task } });
        expect((await entries(task)).map((e) => e.fingerprint)).toEqual([fa]);
      });

      it('loses no seed when many results of one activation are stored at once', async () => {
        const task = unique('task');
        const fp = await storedActivation(store, 'concurrent');
        const metrics = Array.from({ length: 12 }, (_, seed) => 0.5 + seed / 100);
        await Promise.all(
          metrics.map((metric, seed) =>
            store.evaluations.upsert({ fingerprint: fp ?? '', task, taskVersion: 1, fidelity: 'screen', seed, status: 'done', metric }),
          ),
        );
        const [entry] = await entries(task);
        expect(entry).toMatchObject({ n: 12, best: 0.61 });
        expect(entry?.mean).toBeCloseTo(0.555, 12);
        await expectEntriesMatchEvaluations(task);
      });

      it('keeps training times equal to the durations of done evaluations through new results, overwrites and deletes', async () => {
        const task = unique('task');
        const fp = (await storedActivation(store, 'timed')) ?? '';
        const direct = () =>
          store.prisma.$queryRaw<{ fidelity: string; n: number; meanMs: number }[]>`
            SELECT "fidelity", count(*)::int AS "n", avg("durationMs")::float8 AS "meanMs" FROM "Evaluation"
            WHERE "task" = ${task} AND "taskVersion" = 1 AND "status" = 'done' AND "durationMs" IS NOT NULL GROUP BY "fidelity" ORDER BY "fidelity"`;
        const store1 = (seed: number, fidelity: string, durationMs: number | null, status: 'done' | 'rejected' = 'done') =>
          store.evaluations.upsert({
            fingerprint: fp,
            task,
            taskVersion: 1,
            fidelity,
            seed,
            status,
            metric: 0.5,
            durationMs,
            ...(status === 'rejected' ? { rejectionReason: 'low' } : {}),
          });
        await store1(0, 'screen', 1000);
        await store1(1, 'screen', 2000);
        await store1(2, 'screen', null);
        await store1(3, 'screen', 500, 'rejected');
        await store1(0, 'full', 9000);
        expect(await store.evaluations.trainingTimes(task, 1)).toEqual([
          { fidelity: 'full', n: 1, meanMs: 9000 },
          { fidelity: 'screen', n: 2, meanMs: 1500 },
        ]);
        await store1(1, 'screen', 4000);
        await store1(3, 'screen', 600);
        await store.prisma.evaluation.deleteMany({ where: { task, fidelity: 'full' } });
        expect(await store.evaluations.trainingTimes(task, 1)).toEqual(await direct());
        expect(await store.evaluations.trainingTimes(task, 1)).toEqual([{ fidelity: 'screen', n: 3, meanMs: (1000 + 4000 + 600) / 3 }]);
      });

      it("restricts the ranking to one campaign's activations", async () => {
        const task = unique('task');
        const [inside, outside] = await Promise.all([storedActivation(store, 'inside'), storedActivation(store, 'outside')]);
        await evaluate(inside ?? '', task, [0.8]);
        await evaluate(outside ?? '', task, [0.9]);
        const { id } = await store.campaigns.create(campaignInput());
        await store.candidates.append(id, [candidateInput(inside ?? '', 0)]);
        const board = await store.leaderboard({ task, taskVersion: 1, fidelity: 'screen', campaignId: id });
        expect(board.items.map((r) => r.canonical)).toEqual(['inside']);
        // A campaign of many proposals is ranked by walking the whole ranking instead: the same answer.
        await store.prisma.campaign.update({ where: { id }, data: { proposed: 1_000_000 } });
        const walked = await store.leaderboard({ task, taskVersion: 1, fidelity: 'screen', campaignId: id });
        expect(walked.items).toEqual(board.items);
      });
    });

    describe('workers', () => {
      it('records heartbeats and lists the workers seen recently', async () => {
        const id = unique('worker');
        const first = await store.workers.heartbeat({ id, hostname: 'host-a', backend: 'wasm', role: 'worker' });
        clock.advance(5_000);
        const second = await store.workers.heartbeat({ id, hostname: 'host-a', backend: 'wasm', role: 'worker', currentJob: 'k1' });
        expect(second.startedAt).toEqual(first.startedAt);
        expect(second.lastSeenAt.getTime() - first.lastSeenAt.getTime()).toBeGreaterThanOrEqual(5_000);
        expect(second.currentJob).toBe('k1');
        expect((await store.workers.list({ seenWithinMs: 1_000 })).map((w) => w.id)).toContain(id);
        clock.advance(10_000);
        expect((await store.workers.list({ seenWithinMs: 1_000 })).map((w) => w.id)).not.toContain(id);
        expect((await store.workers.list()).map((w) => w.id)).toContain(id);
        expect(await store.workers.remove(id)).toBe(true);
        expect(await store.workers.remove(id)).toBe(false);
      });

      it('forgets a worker silent for longer than a day at the next heartbeat of any worker, and keeps the others', async () => {
        const [gone, quiet, live] = ['gone', 'quiet', 'live'].map((name) => unique(`worker-${name}`));
        await store.workers.heartbeat({ id: gone ?? '', hostname: 'host-a', backend: 'wasm', role: 'worker' });
        clock.advance(2 * 60 * 60 * 1000);
        await store.workers.heartbeat({ id: quiet ?? '', hostname: 'host-b', backend: 'wasm', role: 'worker' });
        clock.advance(WORKER_RETENTION_MS - 60 * 60 * 1000);
        await store.workers.heartbeat({ id: live ?? '', hostname: 'host-c', backend: 'wasm', role: 'worker' });
        const ids = (await store.workers.list()).map((w) => w.id);
        expect(ids).not.toContain(gone);
        expect(ids).toEqual(expect.arrayContaining([quiet, live]));
        expect(await store.workers.prune(30 * 60 * 1000)).toBeGreaterThanOrEqual(1);
        expect((await store.workers.list()).map((w) => w.id)).toEqual(expect.arrayContaining([live]));
        expect((await store.workers.list()).map((w) => w.id)).not.toContain(quiet);
      });
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}

async function writeMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(join(dir, name), { recursive: true });
  await writeFile(join(dir, name, 'migration.sql'), sql);
}
