import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BACKEND_NAMES, currentBackend, parseBackendName, selectBackend } from '@actsearch/proxy';

describe('backend selection', () => {
  it('parses ACTSEARCH_BACKEND values and rejects unknown ones', () => {
    expect(parseBackendName(undefined)).toBeUndefined();
    expect(parseBackendName('auto')).toBeUndefined();
    expect(parseBackendName('wasm')).toBe('wasm');
    expect(() => parseBackendName('gpu')).toThrow(/unknown backend 'gpu'/);
  });

  it('picks the best backend that starts, says why better ones were skipped, and keeps it', async () => {
    const info = await selectBackend();
    expect(BACKEND_NAMES).toContain(info.name);
    expect(tf.getBackend()).toBe(info.engineName);
    // Every backend ranked above the chosen one was tried and has a reason.
    expect(info.skipped).toHaveLength(BACKEND_NAMES.indexOf(info.name));
    expect(currentBackend()).toEqual(info);
    expect(await selectBackend(info.name)).toEqual(info);
    const other = info.name === 'cpu' ? 'wasm' : 'cpu';
    await expect(selectBackend(other)).rejects.toThrow(/already selected/);
  });
});
