import { z } from 'zod';
import { ValidationError } from '@actsearch/expr';
import { FIDELITIES } from './types.ts';
import type { Genome } from './types.ts';

/**
 * The tabular benchmark format: every distinct function of a space evaluated once on one task at one
 * fidelity, so a search strategy can be replayed by lookup instead of training (as NAS-Bench and
 * Act-Bench do). Text is JSON Lines — line 1 the header, then one row per fingerprint — and files are
 * stored gzip-compressed (`*.jsonl.gz`); this module handles the text, callers the compression.
 */
export const BENCHMARK_FORMAT = 'actsearch/tabular-benchmark';
export const BENCHMARK_VERSION = 1;

export const benchmarkHeaderSchema = z
  .object({
    format: z.literal(BENCHMARK_FORMAT),
    version: z.literal(BENCHMARK_VERSION),
    /** The space's id and content hash (genomes are only meaningful in that exact space). */
    space: z.string().min(1),
    spaceHash: z.string().min(1),
    /** The shape the table covers, e.g. `binary(unary(x),unary(x))`; absent: the whole space. */
    shape: z.string().optional(),
    task: z.string().min(1),
    fidelity: z.enum(FIDELITIES),
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
    metric: z.number().refine(Number.isFinite, 'must be finite').nullable(),
    /** Other measurements (loss, accuracy per seed, …), free-form. */
    metrics: z.record(z.string(), z.unknown()).optional(),
    rejection: z.object({ test: z.string().min(1), reason: z.string() }).strict().nullable(),
    /** Wall-clock seconds the evaluation took (0 for synthetic tables). */
    seconds: z.number().min(0),
  })
  .strict()
  .refine((r) => (r.metric === null) === (r.rejection !== null), {
    message: 'a row has a metric or a rejection, never both or neither',
    path: ['metric'],
  });
export type BenchmarkRow = z.infer<typeof benchmarkRowSchema>;

function issues(err: z.ZodError, prefix: string): { path: string; message: string }[] {
  return err.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].join('.'), message: i.message }));
}

/** A loaded table: rows by fingerprint, and the ranking that defines its targets. */
export class BenchmarkTable {
  private readonly byFingerprint = new Map<string, BenchmarkRow>();
  /** Rows best first; rejected rows last (in file order). */
  readonly ranked: readonly BenchmarkRow[];

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
    if (rows.length !== header.rows) {
      throw new ValidationError(`header says ${header.rows} rows, the table has ${rows.length}`, [{ path: 'header.rows', message: 'mismatch' }]);
    }
    this.ranked = rows
      .map((r, i) => ({ r, i }))
      .sort((a, b) => (b.r.metric ?? -Infinity) - (a.r.metric ?? -Infinity) || a.i - b.i)
      .map(({ r }) => r);
  }

  lookup(fingerprint: string): BenchmarkRow | undefined {
    return this.byFingerprint.get(fingerprint);
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
  new BenchmarkTable(benchmarkHeaderSchema.parse(header), rows.map((r) => benchmarkRowSchema.parse(r)));
  return [header, ...rows].map((x) => JSON.stringify(x)).join('\n') + '\n';
}
