import { z } from 'zod';
import { ValidationError } from '@actsearch/core';
import { FIDELITIES } from './types.ts';
import type { Fidelity, Genome } from './types.ts';

/**
 * The tabular benchmark format: every distinct function of a space evaluated on one task (once, or
 * once per seed, at one fidelity or several), so a search strategy can be replayed by lookup instead of training (as NAS-Bench and
 * Act-Bench do). Text is JSON Lines — line 1 the header, then one row per fingerprint — and files are
 * stored gzip-compressed (`*.jsonl.gz`); this module handles the text, callers the compression.
 */
export const BENCHMARK_FORMAT = 'actsearch/tabular-benchmark';
/**
 * 2 adds, all optional: per-seed results under each row (`seeds`, the row's `metric` being their
 * median) and results at further fidelities (`fidelities`, listed in the header). Version 1 files —
 * one seed, one fidelity — are read unchanged.
 */
export const BENCHMARK_VERSION = 2;

const rejectionSchema = z.object({ test: z.string().min(1), reason: z.string() }).strict();
const finiteMetric = z.number().refine(Number.isFinite, 'must be finite');

/** One training run of a function: a score, or the rejection that stopped it. */
const seedResultSchema = z
  .object({
    seed: z.number().int(),
    metric: finiteMetric.nullable(),
    rejection: rejectionSchema.nullable(),
    seconds: z.number().min(0),
    metrics: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .refine((r) => (r.metric === null) === (r.rejection !== null), {
    message: 'a seed has a metric or a rejection, never both or neither',
    path: ['metric'],
  });
export type SeedResult = z.infer<typeof seedResultSchema>;

/** A function's result at one fidelity: the median over its seeds when it has several. */
const fidelityResultSchema = z
  .object({
    metric: finiteMetric.nullable(),
    rejection: rejectionSchema.nullable(),
    seeds: z.array(seedResultSchema).min(1).optional(),
  })
  .strict();
export type FidelityResult = z.infer<typeof fidelityResultSchema>;

/**
 * The median of several seeds' results, a rejection counting as the worst value: the row is rejected
 * (with the first rejection's reason) when the median falls on a rejection — for an even count, when
 * either middle value is one, so with two seeds one rejection rejects the function.
 */
export function medianOfSeeds(seeds: readonly SeedResult[]): { metric: number | null; rejection: SeedResult['rejection'] } {
  const sorted = seeds.map((s) => s.metric ?? -Infinity).sort((a, b) => a - b);
  const m = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? (sorted[Math.floor(m)] as number) : ((sorted[m - 1] as number) + (sorted[m] as number)) / 2;
  if (Number.isFinite(median)) return { metric: median, rejection: null };
  return { metric: null, rejection: seeds.find((s) => s.rejection !== null)?.rejection ?? null };
}

export const benchmarkHeaderSchema = z
  .object({
    format: z.literal(BENCHMARK_FORMAT),
    version: z.union([z.literal(1), z.literal(2)]),
    /** The space's id and content hash (genomes are only meaningful in that exact space). */
    space: z.string().min(1),
    spaceHash: z.string().min(1),
    /** The shape the table covers, e.g. `binary(unary(x),unary(x))`; absent: the whole space. */
    shape: z.string().optional(),
    task: z.string().min(1),
    /** The fidelity whose `metric` ranks the rows (and so defines the targets). */
    fidelity: z.enum(FIDELITIES),
    /** Version 2: every fidelity the rows carry, `fidelity` included (absent: only `fidelity`). */
    fidelities: z.array(z.enum(FIDELITIES)).min(1).optional(),
    /** What `metric` measures, e.g. `val_accuracy`; higher is always better. */
    metric: z.string().min(1),
    /** True for tables made up from a formula rather than by training (clearly labelled in output). */
    synthetic: z.boolean(),
    /** The exact command that produced the file. */
    command: z.string().min(1),
    createdAt: z.string().min(1),
    rows: z.number().int().min(1),
    /** Free-form provenance: seeds, backend, versions, machine. */
    notes: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type BenchmarkHeader = z.infer<typeof benchmarkHeaderSchema>;

export const benchmarkRowSchema = z
  .object({
    fingerprint: z.string().min(1),
    /** Display text of the simplest member (canonical form). */
    text: z.string().min(1),
    /** Every member of the space (or shape) computing this function; at least one. */
    genomes: z.array(z.array(z.number().int().min(0)).min(1)).min(1),
    /** The score (higher is better); null exactly when the candidate was rejected or failed. */
    metric: finiteMetric.nullable(),
    /** Other measurements (loss, accuracy per seed, …), free-form. */
    metrics: z.record(z.string(), z.unknown()).optional(),
    rejection: rejectionSchema.nullable(),
    /** Wall-clock seconds the evaluation took (0 for synthetic tables); with seeds, their sum. */
    seconds: z.number().min(0),
    /** Version 2: each seed's result at the header's fidelity; `metric`/`rejection` are their median. */
    seeds: z.array(seedResultSchema).min(1).optional(),
    /** Version 2: results at the header's other fidelities. */
    fidelities: z.partialRecord(z.enum(FIDELITIES), fidelityResultSchema).optional(),
  })
  .strict()
  .refine((r) => (r.metric === null) === (r.rejection !== null), {
    message: 'a row has a metric or a rejection, never both or neither',
    path: ['metric'],
  })
  .refine((r) => r.seeds === undefined || medianOfSeeds(r.seeds).metric === r.metric, {
    message: "the row's metric is not the median of its seeds",
    path: ['metric'],
  })
  .refine(
    (r) =>
      Object.values(r.fidelities ?? {}).every(
        (f) => (f.metric === null) === (f.rejection !== null) && (f.seeds === undefined || medianOfSeeds(f.seeds).metric === f.metric),
      ),
    {
      message: 'a fidelity has a metric or a rejection (the median of its seeds, if any), never both or neither',
      path: ['fidelities'],
    },
  );
export type BenchmarkRow = z.infer<typeof benchmarkRowSchema>;

function issues(err: z.ZodError, prefix: string): { path: string; message: string }[] {
  return err.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].join('.'), message: i.message }));
}

/** A loaded table: rows by fingerprint, and the ranking that defines its targets. */
export class BenchmarkTable {
  private readonly byFingerprint = new Map<string, BenchmarkRow>();
  /** Rows best first; rejected rows last (in file order). */
  readonly ranked: readonly BenchmarkRow[];
  /** Every fidelity the rows carry, the ranking one included. */
  readonly fidelities: readonly Fidelity[];

  constructor(
    readonly header: BenchmarkHeader,
    readonly rows: readonly BenchmarkRow[],
  ) {
    rows.forEach((r, i) => {
      if (this.byFingerprint.has(r.fingerprint)) {
        throw new ValidationError(`duplicate fingerprint ${r.fingerprint}`, [{ path: `rows[${i}].fingerprint`, message: 'duplicate' }]);
      }
      this.byFingerprint.set(r.fingerprint, r);
    });
    const fidelities = header.fidelities ?? [header.fidelity];
    if (!fidelities.includes(header.fidelity)) {
      throw new ValidationError(`header.fidelities lacks the ranking fidelity ${header.fidelity}`, [
        { path: 'header.fidelities', message: 'must include fidelity' },
      ]);
    }
    if (
      header.version === 1 &&
      (header.fidelities !== undefined || rows.some((r) => r.seeds !== undefined || r.fidelities !== undefined))
    ) {
      throw new ValidationError('seeds and fidelities per row need version 2', [{ path: 'header.version', message: 'must be 2' }]);
    }
    rows.forEach((r, i) => {
      for (const f of Object.keys(r.fidelities ?? {})) {
        if (f === header.fidelity || !fidelities.includes(f as Fidelity)) {
          throw new ValidationError(`row ${i} has results at ${f}, which the header does not list as a further fidelity`, [
            { path: `rows[${i}].fidelities.${f}`, message: 'unknown fidelity' },
          ]);
        }
      }
    });
    this.fidelities = fidelities;
    if (rows.length !== header.rows) {
      throw new ValidationError(`header says ${header.rows} rows, the table has ${rows.length}`, [
        { path: 'header.rows', message: 'mismatch' },
      ]);
    }
    this.ranked = rows
      .map((r, i) => ({ r, i }))
      .sort((a, b) => (b.r.metric ?? -Infinity) - (a.r.metric ?? -Infinity) || a.i - b.i)
      .map(({ r }) => r);
  }

  lookup(fingerprint: string): BenchmarkRow | undefined {
    return this.byFingerprint.get(fingerprint);
  }

  /** A function's result at a fidelity (default: the ranking one); undefined where the table has none. */
  resultAt(fingerprint: string, fidelity: Fidelity = this.header.fidelity): FidelityResult | undefined {
    const row = this.byFingerprint.get(fingerprint);
    if (row === undefined) return undefined;
    if (fidelity === this.header.fidelity)
      return { metric: row.metric, rejection: row.rejection, ...(row.seeds === undefined ? {} : { seeds: row.seeds }) };
    return row.fidelities?.[fidelity];
  }

  get best(): number {
    return this.ranked[0]?.metric ?? -Infinity;
  }

  /** Fingerprints of the best `k` rows (ties broken by file order). */
  top(k: number): Set<string> {
    return new Set(this.ranked.slice(0, k).map((r) => r.fingerprint));
  }

  /** Fingerprints of the best `fraction` of rows, at least one. */
  topFraction(fraction: number): Set<string> {
    return this.top(Math.max(1, Math.ceil(fraction * this.rows.length)));
  }

  genomes(): Genome[] {
    return this.rows.flatMap((r) => r.genomes);
  }
}

/** Parse JSONL text (already decompressed); every problem is a ValidationError naming its line. */
export function parseBenchmarkTable(text: string): BenchmarkTable {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const parseLine = (line: string, n: number): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new ValidationError(`line ${n} is not JSON`, [{ path: `line ${n}`, message: 'not JSON' }]);
    }
  };
  if (lines.length === 0) throw new ValidationError('empty benchmark table', [{ path: 'header', message: 'missing' }]);
  const header = benchmarkHeaderSchema.safeParse(parseLine(lines[0] as string, 1));
  if (!header.success) throw new ValidationError('invalid benchmark header (line 1)', issues(header.error, 'header'));
  const rows = lines.slice(1).map((line, i) => {
    const row = benchmarkRowSchema.safeParse(parseLine(line, i + 2));
    if (!row.success) throw new ValidationError(`invalid benchmark row (line ${i + 2})`, issues(row.error, `rows[${i}]`));
    return row.data;
  });
  return new BenchmarkTable(header.data, rows);
}

/** The JSONL text of a table (gzip it to store it). */
export function formatBenchmarkTable(header: BenchmarkHeader, rows: readonly BenchmarkRow[]): string {
  new BenchmarkTable(
    benchmarkHeaderSchema.parse(header),
    rows.map((r) => benchmarkRowSchema.parse(r)),
  );
  return [header, ...rows].map((x) => JSON.stringify(x)).join('\n') + '\n';
}
