/**
 * Reading and writing tabular benchmark files (`bench/data/*.jsonl.gz`). The format itself — header
 * line, one row per fingerprint, validation — lives in @actsearch/search (benchmark-table.ts) so the
 * CLI that builds the real table writes exactly what this reads; see bench/search-table.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { formatBenchmarkTable, parseBenchmarkTable } from '@actsearch/search';
import type { BenchmarkHeader, BenchmarkRow, BenchmarkTable } from '@actsearch/search';

export function readTableFile(path: string): BenchmarkTable {
  const bytes = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return parseBenchmarkTable(text);
}

export function writeTableFile(path: string, header: BenchmarkHeader, rows: readonly BenchmarkRow[]): void {
  const text = formatBenchmarkTable(header, rows);
  writeFileSync(path, path.endsWith('.gz') ? gzipSync(text, { level: 9 }) : text);
}
