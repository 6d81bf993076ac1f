/**
 * Synthetic datasets generated from a fixed, documented data seed (the evaluation seed changes the
 * network's initialisation and batch order, never the data, so scores stay comparable across seeds).
 */
import { Rng } from '@actsearch/expr';
import type { Dataset, Split } from './dataset.ts';

export interface SyntheticSizes {
  readonly train: number;
  readonly validation: number;
  readonly test: number;
}

function classificationSplit(n: number, rng: Rng, gen: (rng: Rng, out: Float32Array, at: number) => number): Split {
  const x = new Float32Array(n * 2);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = gen(rng, x, i * 2);
  return { n, x, labels };
}

/**
 * Two interleaved spirals (classes 0 and 1), 1.75 turns each, radius up to 1, Gaussian noise σ = 0.03.
 * Balanced: example i belongs to class i mod 2.
 */
export function makeTwoSpirals(dataSeed = 1001, sizes: SyntheticSizes = { train: 2000, validation: 1000, test: 1000 }): Dataset {
  const rng = new Rng(dataSeed);
  let counter = 0;
  const gen = (r: Rng, out: Float32Array, at: number): number => {
    const c = counter++ % 2;
    const t = Math.sqrt(r.next());
    const angle = t * 3.5 * Math.PI + c * Math.PI;
    out[at] = t * Math.cos(angle) + 0.03 * r.normal();
    out[at + 1] = t * Math.sin(angle) + 0.03 * r.normal();
    return c;
  };
  return {
    id: 'two-spirals',
    kind: 'classification',
    inputShape: [2],
    outputSize: 2,
    train: classificationSplit(sizes.train, rng, gen),
    validation: classificationSplit(sizes.validation, rng, gen),
    test: classificationSplit(sizes.test, rng, gen),
    description: `two spirals, 1.75 turns, noise 0.03, data seed ${dataSeed}: ${sizes.train}/${sizes.validation}/${sizes.test}`,
  };
}

/** A 4×4 checkerboard on [−2, 2)²: class = (⌊x₁⌋ + ⌊x₂⌋) mod 2, points uniform, no noise. */
export function makeCheckerboard(dataSeed = 1002, sizes: SyntheticSizes = { train: 4000, validation: 1000, test: 1000 }): Dataset {
  const rng = new Rng(dataSeed);
  const gen = (r: Rng, out: Float32Array, at: number): number => {
    const a = r.next() * 4 - 2;
    const b = r.next() * 4 - 2;
    out[at] = a;
    out[at + 1] = b;
    return (((Math.floor(a) + Math.floor(b)) % 2) + 2) % 2;
  };
  return {
    id: 'checkerboard',
    kind: 'classification',
    inputShape: [2],
    outputSize: 2,
    train: classificationSplit(sizes.train, rng, gen),
    validation: classificationSplit(sizes.validation, rng, gen),
    test: classificationSplit(sizes.test, rng, gen),
    description: `4×4 checkerboard on [−2,2)², data seed ${dataSeed}: ${sizes.train}/${sizes.validation}/${sizes.test}`,
  };
}

/** The periodic target of the extrapolation task. */
export function periodicTarget(x: number): number {
  return Math.sin(x) + 0.5 * Math.sin(2 * x);
}

/**
 * Periodic extrapolation (the Snake paper's point): fit y = sin(x) + ½ sin(2x) on x ∈ [−π, π] (train,
 * targets with noise σ = 0.01) and score on x ∈ [π, 3π] (validation and test, noiseless), where
 * activations without a periodic component fail.
 */
export function makePeriodicExtrapolation(dataSeed = 1003, sizes: SyntheticSizes = { train: 1000, validation: 500, test: 1000 }): Dataset {
  const rng = new Rng(dataSeed);
  const split = (n: number, lo: number, hi: number, noise: number): Split => {
    const x = new Float32Array(n);
    const targets = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const v = lo + (hi - lo) * rng.next();
      x[i] = v;
      targets[i] = periodicTarget(v) + noise * rng.normal();
    }
    return { n, x, targets };
  };
  return {
    id: 'periodic-extrapolation',
    kind: 'regression',
    inputShape: [1],
    outputSize: 1,
    train: split(sizes.train, -Math.PI, Math.PI, 0.01),
    validation: split(sizes.validation, Math.PI, 3 * Math.PI, 0),
    test: split(sizes.test, Math.PI, 3 * Math.PI, 0),
    description: `y = sin x + ½ sin 2x: train on [−π, π] (noise 0.01), validate/test on [π, 3π], data seed ${dataSeed}: ${sizes.train}/${sizes.validation}/${sizes.test}`,
  };
}
