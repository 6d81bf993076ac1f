/** Loads each dataset once per process (parsing Fashion-MNIST takes seconds). */
import { loadArrayFiles, type ArrayFilesDatasetSpec } from './array-files.ts';
import { loadCsv, type CsvDatasetSpec } from './csv.ts';
import type { Dataset } from './dataset.ts';
import { loadFashionMnist } from './fashion-mnist.ts';
import { loadMnist } from './mnist.ts';
import { makeCheckerboard, makePeriodicExtrapolation, makeTwoSpirals } from './synthetic.ts';

export type DatasetId = 'mnist' | 'fashion-mnist' | 'two-spirals' | 'checkerboard' | 'periodic-extrapolation';

export const DATASET_IDS: readonly DatasetId[] = ['mnist', 'fashion-mnist', 'two-spirals', 'checkerboard', 'periodic-extrapolation'];

/** A shipped dataset by id, or a user's file. */
export type DatasetSource = DatasetId | CsvDatasetSpec | ArrayFilesDatasetSpec;

const loaders: Record<DatasetId, () => Dataset> = {
  mnist: loadMnist,
  'fashion-mnist': loadFashionMnist,
  'two-spirals': () => makeTwoSpirals(),
  checkerboard: () => makeCheckerboard(),
  'periodic-extrapolation': () => makePeriodicExtrapolation(),
};

const cache = new Map<string, Dataset>();

export function loadDataset(source: DatasetSource): Dataset {
  const key = typeof source === 'string' ? source : JSON.stringify(source);
  let ds = cache.get(key);
  if (!ds) {
    ds = typeof source === 'string' ? loaders[source]() : source.kind === 'csv' ? loadCsv(source) : loadArrayFiles(source);
    cache.set(key, ds);
  }
  return ds;
}
