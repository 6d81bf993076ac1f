-- The leaderboard's statistics per (activation, task, task version, fidelity), kept by triggers on
-- "Evaluation" in the same transaction that stores an evaluation, so reading the leaderboard is an
-- index scan instead of a GROUP BY over every evaluation.
--
-- Why recompute a touched group instead of adding to running sums: a group holds one row per seed
-- (a handful), so recomputing it with the same aggregates the leaderboard used before (count, avg,
-- stddev_samp, max) costs one index lookup and gives exactly the numbers of that query — no
-- cancellation in sum-of-squares variance, and an update or delete (a retried job overwriting a
-- result) needs no reverse arithmetic. Concurrency: each trigger first locks the group rows it
-- touches (INSERT … ON CONFLICT DO UPDATE, in key order, so concurrent writers cannot deadlock),
-- then recomputes; under READ COMMITTED that second statement sees every transaction that wrote the
-- same group before the lock was granted, so no seed is lost.

-- CreateTable
CREATE TABLE "LeaderboardEntry" (
    "fingerprint" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "taskVersion" INTEGER NOT NULL,
    "fidelity" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "mean" DOUBLE PRECISION NOT NULL,
    "std" DOUBLE PRECISION,
    "best" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "LeaderboardEntry_pkey" PRIMARY KEY ("fingerprint","task","taskVersion","fidelity")
);

-- CreateIndex
CREATE INDEX "LeaderboardEntry_task_taskVersion_fidelity_mean_fingerprint_idx" ON "LeaderboardEntry"("task", "taskVersion", "fidelity", "mean" DESC, "fingerprint");

-- Backfill from the evaluations stored so far.
INSERT INTO "LeaderboardEntry" ("fingerprint", "task", "taskVersion", "fidelity", "n", "mean", "std", "best")
SELECT "fingerprint", "task", "taskVersion", "fidelity", count(*)::int, avg("metric"), stddev_samp("metric"), max("metric")
FROM "Evaluation"
WHERE "status" = 'done' AND "metric" IS NOT NULL
GROUP BY "fingerprint", "task", "taskVersion", "fidelity";

-- Locks (creating where missing) the entries of the given groups, then recomputes them from "Evaluation".
CREATE FUNCTION "leaderboard_entry_refresh"(fps TEXT[], tasks TEXT[], versions INTEGER[], fids TEXT[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO "LeaderboardEntry" AS s ("fingerprint", "task", "taskVersion", "fidelity", "n", "mean", "std", "best")
  SELECT t.fp, t.task, t.version, t.fid, 0, 0, NULL, 0
  FROM unnest(fps, tasks, versions, fids) AS t(fp, task, version, fid)
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ("fingerprint", "task", "taskVersion", "fidelity") DO UPDATE SET "n" = s."n";

  UPDATE "LeaderboardEntry" AS s
  SET "n" = a."n", "mean" = a."mean", "std" = a."std", "best" = a."best"
  FROM (
    SELECT e."fingerprint", e."task", e."taskVersion", e."fidelity",
           count(*)::int AS "n", avg(e."metric") AS "mean", stddev_samp(e."metric") AS "std", max(e."metric") AS "best"
    FROM "Evaluation" e
    JOIN unnest(fps, tasks, versions, fids) AS t(fp, task, version, fid)
      ON e."fingerprint" = t.fp AND e."task" = t.task AND e."taskVersion" = t.version AND e."fidelity" = t.fid
    WHERE e."status" = 'done' AND e."metric" IS NOT NULL
    GROUP BY e."fingerprint", e."task", e."taskVersion", e."fidelity"
  ) AS a
  WHERE s."fingerprint" = a."fingerprint" AND s."task" = a."task" AND s."taskVersion" = a."taskVersion" AND s."fidelity" = a."fidelity";

  DELETE FROM "LeaderboardEntry" AS s
  USING unnest(fps, tasks, versions, fids) AS t(fp, task, version, fid)
  WHERE s."fingerprint" = t.fp AND s."task" = t.task AND s."taskVersion" = t.version AND s."fidelity" = t.fid
    AND NOT EXISTS (
      SELECT 1 FROM "Evaluation" e
      WHERE e."fingerprint" = t.fp AND e."task" = t.task AND e."taskVersion" = t.version AND e."fidelity" = t.fid
        AND e."status" = 'done' AND e."metric" IS NOT NULL
    );
END
$fn$;

-- The groups a statement touched: those of done rows it inserted, updated away from or to, or deleted.
CREATE FUNCTION "leaderboard_entry_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM "leaderboard_entry_refresh"(array_agg(g."fingerprint"), array_agg(g."task"), array_agg(g."taskVersion"), array_agg(g."fidelity"))
  FROM (SELECT DISTINCT "fingerprint", "task", "taskVersion", "fidelity" FROM new_rows WHERE "status" = 'done' AND "metric" IS NOT NULL) AS g;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION "leaderboard_entry_after_update"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM "leaderboard_entry_refresh"(array_agg(g."fingerprint"), array_agg(g."task"), array_agg(g."taskVersion"), array_agg(g."fidelity"))
  FROM (
    SELECT "fingerprint", "task", "taskVersion", "fidelity" FROM old_rows WHERE "status" = 'done' AND "metric" IS NOT NULL
    UNION
    SELECT "fingerprint", "task", "taskVersion", "fidelity" FROM new_rows WHERE "status" = 'done' AND "metric" IS NOT NULL
  ) AS g;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION "leaderboard_entry_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM "leaderboard_entry_refresh"(array_agg(g."fingerprint"), array_agg(g."task"), array_agg(g."taskVersion"), array_agg(g."fidelity"))
  FROM (SELECT DISTINCT "fingerprint", "task", "taskVersion", "fidelity" FROM old_rows WHERE "status" = 'done' AND "metric" IS NOT NULL) AS g;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION "leaderboard_entry_after_truncate"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM "LeaderboardEntry";
  RETURN NULL;
END
$fn$;

CREATE TRIGGER "Evaluation_leaderboard_insert" AFTER INSERT ON "Evaluation"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "leaderboard_entry_after_insert"();
CREATE TRIGGER "Evaluation_leaderboard_update" AFTER UPDATE ON "Evaluation"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "leaderboard_entry_after_update"();
CREATE TRIGGER "Evaluation_leaderboard_delete" AFTER DELETE ON "Evaluation"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "leaderboard_entry_after_delete"();
CREATE TRIGGER "Evaluation_leaderboard_truncate" AFTER TRUNCATE ON "Evaluation"
  FOR EACH STATEMENT EXECUTE FUNCTION "leaderboard_entry_after_truncate"();
