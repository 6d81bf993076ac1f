import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '@actsearch/expr';
import { ValidationError } from '@actsearch/core';
import {
  BENCHMARK_FORMAT,
  BenchmarkTable,
  createStrategy,
  evaluationsToReach,
  exprAnalyzer,
  formatBenchmarkTable,
  parseBenchmarkTable,
  regretAfter,
  replay,
  restrictView,
  SearchDomain,
  spaceView,
} from '@actsearch/search';
import type { BenchmarkHeader, BenchmarkRow } from '@actsearch/search';
import { contentHash } from '@actsearch/spaces';
import { mergeTables } from '../../../bench/merge-tables.ts';
import { readTableFile, writeTableFile } from '../../../bench/search-table.ts';
import { spearman, tableNoise } from '../../../bench/table-noise.ts';
import { loadSpace } from './real-spaces.ts';

const space = loadSpace('tiny');
const shape = space.shapes.findIndex((s) => s.label === 'binary(unary(x),unary(x))');

/** A table over tiny.yaml's binary(unary(x),unary(x)) shape; metric = a shape feature (f near x = 0), 0 rejected. */
function tinyTable(): { header: BenchmarkHeader; rows: BenchmarkRow[] } {
  const domain = new SearchDomain(spaceView(space), exprAnalyzer);
  const byFp = new Map<string, number[][]>();
  for (const g of domain.members()) {
    if (g[0] !== shape) continue;
    const fp = domain.fingerprint(g);
    byFp.set(fp, [...(byFp.get(fp) ?? []), g.slice()]);
  }
  const rows: BenchmarkRow[] = [...byFp].map(([fingerprint, genomes]) => {
    const y = Number((exprAnalyzer.featurize(domain.view.decode(genomes[0] as number[]))[12] ?? 0).toFixed(6));
    const rejected = y === 0;
    return {
      fingerprint,
      text: `f${fingerprint.slice(0, 4)}`,
      genomes,
      metric: rejected ? null : y,
      rejection: rejected ? { test: 'prescreen', reason: 'zero at the median probe point' } : null,
      seconds: 0,
    };
  });
  const header: BenchmarkHeader = {
    format: BENCHMARK_FORMAT,
    version: 1,
    space: space.id,
    spaceHash: contentHash(space),
    shape: 'binary(unary(x),unary(x))',
    task: 'unit-test',
    fidelity: 'screen',
    metric: 'value_at_median',
    synthetic: true,
    command: 'test/unit/search/benchmark-table.test.ts',
    createdAt: '2026-01-01T00:00:00.000Z',
    rows: rows.length,
  };
  return { header, rows };
}

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return [err.message, ...err.fields.map((f) => f.path)];
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('tabular benchmark files', () => {
  it('round-trips through JSONL text and through a gzip file', () => {
    const { header, rows } = tinyTable();
    const text = formatBenchmarkTable(header, rows);
    expect(text.split('\n')[0]).toBe(JSON.stringify(header));
    const parsed = parseBenchmarkTable(text);
    expect(parsed.header).toEqual(header);
    expect(parsed.rows).toEqual(rows);
    const dir = mkdtempSync(join(tmpdir(), 'actsearch-table-'));
    try {
      writeTableFile(join(dir, 't.jsonl.gz'), header, rows);
      expect(readTableFile(join(dir, 't.jsonl.gz')).rows).toEqual(rows);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ranks rows best first with rejections last, and names its targets', () => {
    const { header, rows } = tinyTable();
    const t = new BenchmarkTable(header, rows);
    const metrics = t.ranked.map((r) => r.metric);
    const scored = metrics.filter((m): m is number => m !== null);
    expect(scored).toEqual(scored.slice().sort((a, b) => b - a));
    expect(metrics.slice(scored.length).every((m) => m === null)).toBe(true);
    expect(t.best).toBe(scored[0]);
    expect(t.top(3)).toEqual(new Set(t.ranked.slice(0, 3).map((r) => r.fingerprint)));
    expect(t.topFraction(0.01).size).toBe(1);
  });

  it('rejects malformed files with the line and field at fault', () => {
    const { header, rows } = tinyTable();
    const lines = formatBenchmarkTable(header, rows).trim().split('\n');
    const bad = JSON.stringify({ ...rows[0], rejection: { test: 'quality', reason: 'x' } });
    expect(fieldsOf(() => parseBenchmarkTable([lines[0], bad, ...lines.slice(2)].join('\n')))).toEqual([
      'invalid benchmark row (line 2)',
      'rows[0].metric',
    ]);
    expect(fieldsOf(() => parseBenchmarkTable([lines[0], lines[1], lines[1], ...lines.slice(3)].join('\n')))[0]).toMatch(
      /duplicate fingerprint/,
    );
    expect(fieldsOf(() => parseBenchmarkTable(lines.slice(0, -1).join('\n')))[0]).toMatch(/header says \d+ rows/);
    expect(fieldsOf(() => parseBenchmarkTable(['{', ...lines.slice(1)].join('\n')))).toEqual(['line 1 is not JSON', 'line 1']);
    expect(fieldsOf(() => parseBenchmarkTable(JSON.stringify({ ...header, fidelity: 'huge' })))).toContain('header.fidelity');
  });
});

/** One-seed, one-fidelity parts as `bench build` writes them: seed 1 perturbs the metric, `standard` adds 1. */
function parts() {
  const part = (fidelity: 'screen' | 'standard', seed: number) => {
    const { header, rows } = tinyTable();
    const shifted = rows.map((r, i) =>
      r.metric === null ? r : { ...r, metric: r.metric + (fidelity === 'standard' ? 1 : 0) + seed * 0.01 * ((i % 3) - 1) },
    );
    return { name: `${fidelity}-${seed}`, table: new BenchmarkTable({ ...header, fidelity, notes: { seeds: [seed] } }, shifted) };
  };
  return [part('screen', 0), part('screen', 1), part('standard', 0)];
}

describe('version 2 tables: several seeds and fidelities per function', () => {
  it('merges one-seed tables into per-seed results and their median, ranked at the highest fidelity, and reads back', () => {
    const ps = parts();
    const { header, rows } = mergeTables(ps, 'npx tsx bench/merge-tables.ts …');
    const t = parseBenchmarkTable(formatBenchmarkTable(header, rows));
    expect(t.header).toMatchObject({ version: 2, fidelity: 'standard', fidelities: ['screen', 'standard'], notes: { seeds: [0, 1] } });
    const row = t.rows.find((r, i) => r.metric !== null && i % 3 !== 1) as BenchmarkRow;
    const screen = t.resultAt(row.fingerprint, 'screen');
    const [s0, s1] = [ps[0]?.table.lookup(row.fingerprint)?.metric as number, ps[1]?.table.lookup(row.fingerprint)?.metric as number];
    expect(s0).not.toBe(s1);
    expect(screen?.seeds?.map((s) => s.metric)).toEqual([s0, s1]);
    expect(screen?.metric).toBeCloseTo((s0 + s1) / 2, 12);
    expect(t.resultAt(row.fingerprint)?.metric).toBe(ps[2]?.table.lookup(row.fingerprint)?.metric);
    expect(t.lookup(row.fingerprint)?.seeds).toHaveLength(1);
  });

  it('still reads version 1, and refuses medians that do not match their seeds or v2 fields under a v1 header', () => {
    const { header, rows } = mergeTables(parts(), 'merge');
    const lines = formatBenchmarkTable(header, rows).trim().split('\n');
    const row = rows.find((r) => r.metric !== null) as BenchmarkRow;
    const wrong = JSON.stringify({ ...row, metric: (row.metric as number) + 0.5 });
    const at = lines.indexOf(JSON.stringify(row));
    expect(fieldsOf(() => parseBenchmarkTable([...lines.slice(0, at), wrong, ...lines.slice(at + 1)].join('\n')))).toContain(
      `rows[${at - 1}].metric`,
    );
    expect(
      fieldsOf(() => parseBenchmarkTable([JSON.stringify({ ...header, version: 1, fidelities: undefined }), ...lines.slice(1)].join('\n'))),
    ).toContain('header.version');
    const v1 = tinyTable();
    expect(parseBenchmarkTable(formatBenchmarkTable(v1.header, v1.rows)).fidelities).toEqual(['screen']);
  });

  it('states its noise: rank correlation and spread between seeds, rank correlation between fidelities', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 2, 3], [1, 2, 2, 3])).toBeCloseTo(1, 12);
    const { header, rows } = mergeTables(parts(), 'merge');
    const noise = tableNoise(new BenchmarkTable(header, rows));
    expect(noise.seeds).toHaveLength(1);
    expect(noise.seeds[0]).toMatchObject({ fidelity: 'screen', seeds: [0, 1], rejectionDisagreements: 0 });
    expect(noise.seeds[0]?.medianAbsDifference).toBeCloseTo(0.01, 9);
    expect(noise.seeds[0]?.spearman).toBeLessThan(1);
    expect(noise.fidelities).toEqual([
      { fidelities: ['screen', 'standard'], bothScored: noise.seeds[0]?.bothScored, spearman: expect.any(Number) },
    ]);
    expect(header.notes?.noise).toHaveLength(2);
  });

  it('replays halving across fidelities: lower-rung evaluations cost an evaluation but reach nothing', () => {
    const { header, rows } = mergeTables(parts(), 'merge');
    const table = new BenchmarkTable(header, rows);
    const domain = new SearchDomain(restrictView(spaceView(space), table.genomes(), 'tiny-table-v2'), exprAnalyzer);
    const trace = replay(createStrategy('halving', domain, { fidelities: ['screen', 'standard'], eta: 2 }, 1), table, 1000);
    expect(trace.missing).toBe(0);
    const lower = trace.fingerprints.filter((f) => f.endsWith('@screen'));
    expect(lower.length).toBe(rows.length);
    expect(trace.fingerprints.length - lower.length).toBeGreaterThan(0);
    expect(trace.metrics.filter((m, i) => trace.fingerprints[i]?.endsWith('@screen') === true && m !== null)).toEqual([]);
    const best = table.ranked[0]?.fingerprint as string;
    expect(evaluationsToReach(trace, new Set([best]))).toBe(trace.fingerprints.indexOf(best) + 1);
  });
});

describe('replaying a strategy against a table', () => {
  const { header, rows } = tinyTable();
  const table = new BenchmarkTable(header, rows);
  const view = restrictView(spaceView(space), table.genomes(), 'tiny-table');

  it('restricts the space to the table’s genomes, grammar and operators included', () => {
    const inside = new Set(table.genomes().map((g) => g.join(',')));
    expect([...view.enumerate()].map((g) => g.join(','))).toEqual([...inside]);
    expect(view.count()).toBe(BigInt(inside.size));
    expect(view.decisionsAt([])).toEqual([shape]);
    const rng = new Rng(1);
    for (let i = 0; i < 50; i++) {
      const g = view.sample(rng);
      expect(inside.has(view.mutate(g, rng).join(','))).toBe(true);
      expect(inside.has(view.crossover(g, view.sample(rng), rng).join(','))).toBe(true);
    }
  });

  it('looks every proposal up, tells the row back and measures reach and regret', () => {
    const domain = new SearchDomain(view, exprAnalyzer);
    const trace = replay(createStrategy('random', domain, {}, 3), table, 1000);
    expect(trace.missing).toBe(0);
    expect(trace.fingerprints.slice().sort()).toEqual(rows.map((r) => r.fingerprint).sort());
    const best = table.ranked[0]?.fingerprint as string;
    const at = evaluationsToReach(trace, new Set([best])) as number;
    expect(trace.fingerprints[at - 1]).toBe(best);
    expect(regretAfter(trace, table, at)).toBe(0);
    expect(regretAfter(trace, table, at - 1)).toBeGreaterThan(0);
    expect(replay(createStrategy('random', domain, {}, 3), table, 5).metrics).toHaveLength(5);
    const early = replay(createStrategy('random', domain, {}, 3), table, 1000, (t) => t.fingerprints.includes(best));
    expect(early.fingerprints).toEqual(trace.fingerprints.slice(0, at));
  });
});
