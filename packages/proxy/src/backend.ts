/**
 * Picks the TF.js backend at run time, best first: the native TensorFlow bindings (GPU, then CPU) when
 * they are installed, then WebAssembly (SIMD, one thread), then pure JS. The native packages are
 * optionalDependencies that usually fail to install (they download libtensorflow), so they are tried
 * with a dynamic import that may fail. WASM threads do not start in Node, so parallelism is one process
 * per core. Every evaluation result records the backend it ran on.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ValidationError } from '@actsearch/core';

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** In preference order. */
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export interface BackendInfo {
  readonly name: BackendName;
  /** The TF.js engine's own name for it (`tensorflow`, `wasm`, `cpu`). */
  readonly engineName: string;
  readonly tfjsVersion: string;
  /** Why the better backends were skipped (empty when the first choice worked). */
  readonly skipped: readonly string[];
}

const require = createRequire(import.meta.url);
let selected: BackendInfo | undefined;
let selecting: Promise<BackendInfo> | undefined;

/** Parses a backend preference such as the value of `ACTSEARCH_BACKEND` (`auto` or empty = best available). */
export function parseBackendName(value: string | undefined): BackendName | undefined {
  if (value === undefined || value === '' || value === 'auto') return undefined;
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new ValidationError(`unknown backend '${value}' (known: auto, ${BACKEND_NAMES.join(', ')})`, [
    { path: 'backend', message: 'unknown backend' },
  ]);
}

async function tryNative(pkg: string): Promise<boolean> {
  try {
    await import(pkg);
    return tf.findBackend('tensorflow') !== null;
  } catch {
    return false;
  }
}

async function activate(name: BackendName): Promise<string | undefined> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow': {
      const ok = await tryNative(name === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node');
      if (!ok) return `${name}: package not installed`;
      return (await tf.setBackend('tensorflow')) ? undefined : `${name}: failed to initialise`;
    }
    case 'wasm': {
      try {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        // Locate the .wasm binaries in node_modules: never fetch them.
        const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
        wasm.setWasmPaths(dist);
        return (await tf.setBackend('wasm')) ? undefined : 'wasm: failed to initialise';
      } catch (err) {
        return `wasm: ${(err as Error).message}`;
      }
    }
    case 'cpu': {
      await import('@tensorflow/tfjs-backend-cpu');
      return (await tf.setBackend('cpu')) ? undefined : 'cpu: failed to initialise';
    }
  }
}

/**
 * Selects and initialises a backend once per process. With `preferred` it uses exactly that backend
 * (and fails with a ValidationError if it cannot start); without, the best one that starts. Later calls
 * return the first selection; asking for a different backend afterwards is an error, since tensors
 * made on one backend do not move to another.
 */
export async function selectBackend(preferred?: BackendName): Promise<BackendInfo> {
  if (selecting) {
    const info = await selecting;
    if (preferred !== undefined && preferred !== info.name) {
      throw new ValidationError(`backend '${info.name}' is already selected in this process; cannot switch to '${preferred}'`);
    }
    return info;
  }
  selecting = (async () => {
    // Production mode skips TF.js's per-op debug checks and its console banners.
    tf.enableProdMode();
    const order = preferred === undefined ? BACKEND_NAMES : [preferred];
    const skipped: string[] = [];
    for (const name of order) {
      const failure = await activate(name);
      if (failure === undefined) {
        await tf.ready();
        selected = { name, engineName: tf.getBackend(), tfjsVersion: tf.version_core, skipped };
        return selected;
      }
      skipped.push(failure);
    }
    throw new ValidationError(`no TF.js backend could start (${skipped.join('; ')})`);
  })();
  try {
    return await selecting;
  } catch (err) {
    selecting = undefined;
    throw err;
  }
}

/** The backend chosen by selectBackend, if any. */
export function currentBackend(): BackendInfo | undefined {
  return selected;
}
