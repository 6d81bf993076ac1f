import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng, ValidationError } from '@actsearch/expr';
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
import { readTableFile, writeTableFile } from '../../../bench/search-table.ts';
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
    expect(fieldsOf(() => parseBenchmarkTable([lines[0], bad, ...lines.slice(2)].join('\n')))).toEqual(['invalid benchmark row (line 2)', 'rows[0].metric']);
    expect(fieldsOf(() => parseBenchmarkTable([lines[0], lines[1], lines[1], ...lines.slice(3)].join('\n')))[0]).toMatch(/duplicate fingerprint/);
    expect(fieldsOf(() => parseBenchmarkTable(lines.slice(0, -1).join('\n')))[0]).toMatch(/header says \d+ rows/);
    expect(fieldsOf(() => parseBenchmarkTable(['{', ...lines.slice(1)].join('\n')))).toEqual(['line 1 is not JSON', 'line 1']);
    expect(fieldsOf(() => parseBenchmarkTable(JSON.stringify({ ...header, fidelity: 'huge' })))).toContain('header.fidelity');
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
