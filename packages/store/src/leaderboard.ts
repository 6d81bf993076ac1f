import { ValidationError } from '@actsearch/core';
import { Prisma, type PrismaClient } from './client.ts';
import { decodeCursor, encodeCursor, pageLimit, type Page } from './cursor.ts';
import { pairedDeltas } from './paired-delta.ts';
import { studentTQuantile } from './student-t.ts';

export interface LeaderboardQuery {
  readonly task: string;
  /** Results of other versions of the task are left out: they were trained differently. */
  readonly taskVersion: number;
  readonly fidelity: string;
  /** 1–500, default 50. */
  readonly limit?: number;
  readonly cursor?: string;
  /** The activation to compare with (ReLU's fingerprint); `delta` is null without it. */
  readonly baselineFingerprint?: string;
  /** Only activations proposed by this campaign. */
  readonly campaignId?: string;
  /** Only activations with at least this many seeds (default 1). */
  readonly minSeeds?: number;
  /** The metric's range: intervals are cut there (and say so in `clipped`). */
  readonly range?: MetricRange;
}

/** The aggregate of one activation's done evaluations on one task at one fidelity. */
export interface SeedStatistics {
  /** Number of seeds. */
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation; null for one seed. */
  readonly std: number | null;
  /**
   * The 95 % interval of the mean (Student's t with n − 1 degrees of freedom), clipped to the metric's
   * range when one is given; null for one seed.
   */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** Which ends of the interval were clipped to the metric's range (the t-interval reached past it). */
  readonly clipped: IntervalClipping;
}

/** `low`, `high` or both ends of an interval were cut at the metric's range; `none` when neither. */
export type IntervalClipping = 'none' | 'low' | 'high' | 'both';

/** The values a metric can take (accuracy: [0, 1]; a negative MSE: (−∞, 0]). */
export interface MetricRange {
  readonly min: number;
  readonly max: number;
}

export interface LeaderboardRow extends SeedStatistics {
  /** 1-based position in the whole ranking, not just the page. */
  readonly rank: number;
  readonly fingerprint: string;
  readonly canonical: string;
  /**
   * Δ baseline: the paired mean difference over the seeds both have on this task, version and fidelity
   * (the definition the finale and the campaign use); null without a baseline or a common seed.
   */
  readonly delta: number | null;
  /** How many paired seeds `delta` is over. */
  readonly deltaSeeds: number;
}

export interface LeaderboardPage extends Page<LeaderboardRow> {
  /** The baseline's own statistics, when it has evaluations on this task and fidelity. */
  readonly baseline: SeedStatistics | null;
}

interface AggregateRow {
  fingerprint: string;
  canonical: string;
  n: number;
  mean: number;
  std: number | null;
}

interface LeaderboardCursor {
  mean: number;
  fingerprint: string;
  rank: number;
}

/**
 * The ranking of every activation evaluated on a task (one version of it) at a fidelity: mean metric over seeds, highest
 * first (ties by fingerprint), with a t-interval. Reads "LeaderboardEntry", which triggers on "Evaluation" keep
 * (migration 20261207010000_leaderboard_entry): a page is an index scan in the ranking's order, however many
 * evaluations are stored. Raw SQL because Prisma cannot express the campaign filter's semi-join; plain PostgreSQL,
 * so it runs on PGlite too.
 */
export async function queryLeaderboard(prisma: PrismaClient, query: LeaderboardQuery): Promise<LeaderboardPage> {
  const limit = pageLimit(query.limit, 50, 500);
  const minSeeds = query.minSeeds ?? 1;
  if (!Number.isInteger(minSeeds) || minSeeds < 1) {
    throw new ValidationError('minSeeds must be a positive integer', [{ path: 'minSeeds', message: 'must be a positive integer' }]);
  }
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, parseCursor);
  const small = query.campaignId !== undefined && (await isSmallCampaign(prisma, query.campaignId));
  // A small campaign's activations are looked up one by one (from its candidates); a big one's are met
  // early when walking the ranking in order, checking each against its candidates.
  const source =
    query.campaignId !== undefined && small
      ? // LATERAL with OFFSET 0 (not flattened): the planner cannot turn this into a walk of the whole ranking.
        Prisma.sql`(SELECT DISTINCT c."fingerprint" FROM "Candidate" c WHERE c."campaignId" = ${query.campaignId}) AS mine
          CROSS JOIN LATERAL (
            SELECT * FROM "LeaderboardEntry" e
            WHERE e."fingerprint" = mine."fingerprint" AND e."task" = ${query.task} AND e."taskVersion" = ${query.taskVersion} AND e."fidelity" = ${query.fidelity}
            OFFSET 0
          ) AS s`
      : Prisma.sql`"LeaderboardEntry" s`;
  const campaignFilter =
    query.campaignId === undefined || small
      ? Prisma.empty
      : Prisma.sql`AND EXISTS (SELECT 1 FROM "Candidate" c WHERE c."campaignId" = ${query.campaignId} AND c."fingerprint" = s."fingerprint")`;
  // `mean <= m` lets the scan start at the cursor; the OR then drops the rows of the cursor's own mean already shown.
  const afterFilter =
    after === undefined
      ? Prisma.empty
      : Prisma.sql`AND s."mean" <= ${after.mean}::float8 AND (s."mean" < ${after.mean}::float8 OR s."fingerprint" > ${after.fingerprint})`;
  const rows = await prisma.$queryRaw<AggregateRow[]>`
    SELECT s."fingerprint", a."canonical", s."n", s."mean", s."std"
    FROM ${source}
    JOIN "Activation" a ON a."fingerprint" = s."fingerprint"
    WHERE s."task" = ${query.task} AND s."taskVersion" = ${query.taskVersion} AND s."fidelity" = ${query.fidelity}
      AND s."n" >= ${minSeeds} ${afterFilter} ${campaignFilter}
    ORDER BY s."mean" DESC, s."fingerprint" ASC
    LIMIT ${limit + 1}`;
  const baseline = query.baselineFingerprint === undefined ? null : await baselineStatistics(prisma, query, query.baselineFingerprint);
  const firstRank = after === undefined ? 1 : after.rank + 1;
  const page = rows.slice(0, limit);
  const deltas =
    baseline === null || query.baselineFingerprint === undefined
      ? null
      : await pairedDeltas(
          prisma,
          query,
          page.map((row) => row.fingerprint),
          query.baselineFingerprint,
        );
  const items = page.map((row, i): LeaderboardRow => ({
    rank: firstRank + i,
    fingerprint: row.fingerprint,
    canonical: row.canonical,
    ...seedStatistics(row.n, Number(row.mean), row.std === null ? null : Number(row.std), query.range),
    delta: deltas?.get(row.fingerprint)?.delta ?? null,
    deltaSeeds: deltas?.get(row.fingerprint)?.seeds ?? 0,
  }));
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      rows.length > limit && last !== undefined ? encodeCursor({ mean: last.mean, fingerprint: last.fingerprint, rank: last.rank }) : null,
    baseline,
  };
}

/** Campaigns up to this many proposals are ranked from their candidates rather than by walking the whole ranking. */
const SMALL_CAMPAIGN = 2_000;

async function isSmallCampaign(prisma: PrismaClient, campaignId: string): Promise<boolean> {
  const campaign = await prisma.campaign.findUnique({ where: { id: campaignId }, select: { proposed: true } });
  return campaign === null || campaign.proposed <= SMALL_CAMPAIGN;
}

async function baselineStatistics(prisma: PrismaClient, query: LeaderboardQuery, fingerprint: string): Promise<SeedStatistics | null> {
  const entry = await prisma.leaderboardEntry.findUnique({
    where: {
      fingerprint_task_taskVersion_fidelity: { fingerprint, task: query.task, taskVersion: query.taskVersion, fidelity: query.fidelity },
    },
  });
  if (entry === null || entry.n === 0) return null;
  return seedStatistics(entry.n, entry.mean, entry.std, query.range);
}

/**
 * Mean and the two-sided 95 % t-interval of the mean of `n` seeds, cut at the metric's range. Why a
 * clipped t-interval and not a bootstrap: with 3–5 seeds a percentile bootstrap cannot reach past the
 * observed minimum and maximum (three seeds have ten distinct resamples), so it undercovers badly,
 * while the t-interval has its nominal coverage for roughly normal seed noise; where it reaches past
 * the range (accuracy near 1) the cut is reported, not hidden.
 */
export function seedStatistics(n: number, mean: number, std: number | null, range?: MetricRange): SeedStatistics {
  if (n < 2 || std === null) return { n, mean, std: null, ciLow: null, ciHigh: null, clipped: 'none' };
  const halfWidth = (studentTQuantile(0.975, n - 1) * std) / Math.sqrt(n);
  const low = mean - halfWidth;
  const high = mean + halfWidth;
  if (range === undefined) return { n, mean, std, ciLow: low, ciHigh: high, clipped: 'none' };
  const cutLow = low < range.min;
  const cutHigh = high > range.max;
  const clipped: IntervalClipping = cutLow && cutHigh ? 'both' : cutLow ? 'low' : cutHigh ? 'high' : 'none';
  return { n, mean, std, ciLow: cutLow ? range.min : low, ciHigh: cutHigh ? range.max : high, clipped };
}

function parseCursor(value: unknown): LeaderboardCursor | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { mean, fingerprint, rank } = value as Record<string, unknown>;
  if (typeof mean !== 'number' || typeof fingerprint !== 'string' || typeof rank !== 'number' || !Number.isInteger(rank)) return undefined;
  return { mean, fingerprint, rank };
}
