-- The leaderboard's statistics per (activation, task, task version, fidelity), and the training time
-- per (task, task version, fidelity) that cost estimates read, kept by triggers on "Evaluation" in the
-- same transaction that stores an evaluation: reading either is an index lookup instead of a GROUP BY
-- over every evaluation. (Training times are running sums of whole milliseconds: exact, and no group
-- to recompute — every evaluation of a task adds to the same row.)
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

-- CreateTable
CREATE TABLE "TrainingTime" (
    "task" TEXT NOT NULL,
    "taskVersion" INTEGER NOT NULL,
    "fidelity" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "totalMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "TrainingTime_pkey" PRIMARY KEY ("task","taskVersion","fidelity")
);

-- Backfill: done evaluations with a duration, per task version and fidelity.
INSERT INTO "TrainingTime" ("task", "taskVersion", "fidelity", "n", "totalMs")
SELECT "task", "taskVersion", "fidelity", count(*)::int, sum("durationMs")::float8
FROM "Evaluation"
WHERE "status" = 'done' AND "durationMs" IS NOT NULL
GROUP BY "task", "taskVersion", "fidelity";

-- Adds (sign 1) or removes (sign -1) done evaluations' durations; whole milliseconds, so the sums stay exact.
CREATE FUNCTION "training_time_add"(tasks TEXT[], versions INTEGER[], fids TEXT[], counts INTEGER[], totals FLOAT8[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO "TrainingTime" AS tt ("task", "taskVersion", "fidelity", "n", "totalMs")
  SELECT t.task, t.version, t.fid, t.n, t.total
  FROM unnest(tasks, versions, fids, counts, totals) AS t(task, version, fid, n, total)
  ORDER BY 1, 2, 3
  ON CONFLICT ("task", "taskVersion", "fidelity") DO UPDATE SET "n" = tt."n" + excluded."n", "totalMs" = tt."totalMs" + excluded."totalMs";
END
$fn$;

-- Locks (creating where missing) the entries of the given groups, then recomputes them from "Evaluation".
-- Each group is read through a LATERAL subquery, i.e. one probe of the unique index on (fingerprint,
-- task, taskVersion, fidelity, seed): the cost stays linear in the groups touched whatever the planner
-- guesses about unnest() (a bulk insert of 10⁶ rows touches 200,000 groups).
CREATE FUNCTION "leaderboard_entry_refresh"(fps TEXT[], tasks TEXT[], versions INTEGER[], fids TEXT[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO "LeaderboardEntry" AS s ("fingerprint", "task", "taskVersion", "fidelity", "n", "mean", "std", "best")
  SELECT t.fp, t.task, t.version, t.fid, 0, 0, NULL, 0
  FROM unnest(fps, tasks, versions, fids) AS t(fp, task, version, fid)
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ("fingerprint", "task", "taskVersion", "fidelity") DO UPDATE SET "n" = s."n";

  UPDATE "LeaderboardEntry" AS s
  SET "n" = a."n", "mean" = a."mean", "std" = a."std", "best" = a."best"
  FROM unnest(fps, tasks, versions, fids) AS t(fp, task, version, fid)
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS "n", avg(e."metric") AS "mean", stddev_samp(e."metric") AS "std", max(e."metric") AS "best"
    FROM "Evaluation" e
    WHERE e."fingerprint" = t.fp AND e."task" = t.task AND e."taskVersion" = t.version AND e."fidelity" = t.fid
      AND e."status" = 'done' AND e."metric" IS NOT NULL
  ) AS a
  WHERE a."n" > 0
    AND s."fingerprint" = t.fp AND s."task" = t.task AND s."taskVersion" = t.version AND s."fidelity" = t.fid;

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
  PERFORM "training_time_add"(array_agg(d."task"), array_agg(d."taskVersion"), array_agg(d."fidelity"), array_agg(d."n"), array_agg(d."total"))
  FROM (SELECT "task", "taskVersion", "fidelity", count(*)::int AS "n", sum("durationMs")::float8 AS "total"
        FROM new_rows WHERE "status" = 'done' AND "durationMs" IS NOT NULL GROUP BY 1, 2, 3) AS d;
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
  PERFORM "training_time_add"(array_agg(d."task"), array_agg(d."taskVersion"), array_agg(d."fidelity"), array_agg(d."n"), array_agg(d."total"))
  FROM (SELECT "task", "taskVersion", "fidelity", sum(x."n")::int AS "n", sum(x."total")::float8 AS "total"
        FROM (SELECT "task", "taskVersion", "fidelity", -1 AS "n", -"durationMs" AS "total" FROM old_rows WHERE "status" = 'done' AND "durationMs" IS NOT NULL
              UNION ALL
              SELECT "task", "taskVersion", "fidelity", 1, "durationMs" FROM new_rows WHERE "status" = 'done' AND "durationMs" IS NOT NULL) AS x
        GROUP BY 1, 2, 3 HAVING sum(x."n") <> 0 OR sum(x."total") <> 0) AS d;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION "leaderboard_entry_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM "leaderboard_entry_refresh"(array_agg(g."fingerprint"), array_agg(g."task"), array_agg(g."taskVersion"), array_agg(g."fidelity"))
  FROM (SELECT DISTINCT "fingerprint", "task", "taskVersion", "fidelity" FROM old_rows WHERE "status" = 'done' AND "metric" IS NOT NULL) AS g;
  PERFORM "training_time_add"(array_agg(d."task"), array_agg(d."taskVersion"), array_agg(d."fidelity"), array_agg(d."n"), array_agg(d."total"))
  FROM (SELECT "task", "taskVersion", "fidelity", -count(*)::int AS "n", -sum("durationMs")::float8 AS "total"
        FROM old_rows WHERE "status" = 'done' AND "durationMs" IS NOT NULL GROUP BY 1, 2, 3) AS d;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION "leaderboard_entry_after_truncate"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM "LeaderboardEntry";
  DELETE FROM "TrainingTime";
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
