/** Loads each dataset once per process (parsing Fashion-MNIST takes seconds). */
import type { Dataset } from './dataset.ts';
import { loadFashionMnist } from './fashion-mnist.ts';
import { loadMnist } from './mnist.ts';
import { makeCheckerboard, makePeriodicExtrapolation, makeTwoSpirals } from './synthetic.ts';

export type DatasetId = 'mnist' | 'fashion-mnist' | 'two-spirals' | 'checkerboard' | 'periodic-extrapolation';

const loaders: Record<DatasetId, () => Dataset> = {
  mnist: loadMnist,
  'fashion-mnist': loadFashionMnist,
  'two-spirals': () => makeTwoSpirals(),
  checkerboard: () => makeCheckerboard(),
  'periodic-extrapolation': () => makePeriodicExtrapolation(),
};

const cache = new Map<DatasetId, Dataset>();

export function loadDataset(id: DatasetId): Dataset {
  let ds = cache.get(id);
  if (!ds) {
    ds = loaders[id]();
    cache.set(id, ds);
  }
  return ds;
}
