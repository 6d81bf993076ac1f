/**
 * A user's own table as a classification dataset: a CSV file with a header row, one label column and
 * numeric feature columns. The rows are shuffled with a fixed data seed (like the synthetic sets: the
 * evaluation seed changes initialisation and batch order, never the data) and split into train,
 * validation and test; features are standardised with the training split's mean and deviation.
 */
import { readFileSync } from 'node:fs';
import { ValidationError } from '@actsearch/core';
import type { Dataset, Split } from './dataset.ts';
import { DATA_SEED, featureStatistics, splitRows } from './split-order.ts';

export interface CsvDatasetSpec {
  readonly kind: 'csv';
  /** Absolute path of the file (a task file's relative path is resolved against the task file's folder). */
  readonly path: string;
  /** The header name of the label column; every other column is a numeric feature. */
  readonly label: string;
  /** Share of the rows held out for validation and for test (each, default 0.2). */
  readonly validationFraction: number;
  readonly testFraction: number;
}

function fail(spec: CsvDatasetSpec, message: string): never {
  throw new ValidationError(`dataset ${spec.path}: ${message}`, [{ path: 'dataset', message }]);
}

export function loadCsv(spec: CsvDatasetSpec): Dataset {
  const lines = readFileSync(spec.path, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const labelAt = header.indexOf(spec.label);
  if (labelAt < 0) fail(spec, `no column named '${spec.label}' (columns: ${header.join(', ')})`);
  const d = header.length - 1;
  if (d < 1) fail(spec, 'needs at least one feature column besides the label');
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== header.length) fail(spec, `line ${i + 2} has ${cells.length} cells, the header ${header.length}`);
    const features = cells
      .filter((_, j) => j !== labelAt)
      .map((c, j) => {
        const v = Number(c);
        if (c === '' || !Number.isFinite(v)) fail(spec, `line ${i + 2}: '${c}' in a feature column is not a number (column ${j + 1})`);
        return v;
      });
    return { features, label: cells[labelAt] as string };
  });
  const classes = [...new Set(rows.map((r) => r.label))].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  if (classes.length < 2) fail(spec, `the label column needs at least 2 classes, it has ${classes.length}`);
  if (classes.length > 255) fail(spec, `the label column has ${classes.length} classes, at most 255 are supported`);
  const split = splitRows(rows.length, spec.validationFraction, spec.testFraction);
  if (split === null) fail(spec, `${rows.length} rows are too few to split into train and validation`);
  const { order, nTrain, nVal, nTest } = split;
  const { mean, std } = featureStatistics(d, order.slice(0, nTrain), (i, j) => (rows[i] as { features: number[] }).features[j] as number);
  const cut = (from: number, to: number): Split => {
    const n = to - from;
    const x = new Float32Array(n * d);
    const labels = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      const row = rows[order[from + r] as number] as { features: number[]; label: string };
      row.features.forEach((v, j) => (x[r * d + j] = (v - (mean[j] as number)) / (std[j] as number)));
      labels[r] = classes.indexOf(row.label);
    }
    return { n, x, labels };
  };
  return {
    id: `csv:${spec.path}`,
    kind: 'classification',
    inputShape: [d],
    outputSize: classes.length,
    train: cut(0, nTrain),
    validation: cut(nTrain, nTrain + nVal),
    test: nTest > 0 ? cut(nTrain + nVal, rows.length) : cut(nTrain, nTrain + nVal),
    description: `${spec.path}: ${rows.length} rows, ${d} features, ${classes.length} classes (label '${spec.label}'), shuffled with data seed ${DATA_SEED} and split ${nTrain}/${nVal}/${nTest}; features standardised on the training split`,
  };
}
