/**
 * `actsearch start` reaches the api app only through runtime's loadApiRole (apps never import one
 * another): the module it loads must be the api app's, with the daemon the CLI runs.
 */
import { describe, expect, it } from 'vitest';
import { loadApiRole } from '@actsearch/runtime';

describe('loadApiRole', () => {
  it("loads the api app's serve, the daemon `actsearch start` runs", async () => {
    const role = await loadApiRole();
    const api = await import('@actsearch/api');
    expect(typeof role.serve).toBe('function');
    expect(role.serve).toBe(api.serve);
  });
});
