/**
 * The CLI's client commands with layers in the store, against a real API server over the embedded
 * engine: the leaderboard marks layer rows and prints their full formulas, `export` writes a layer
 * as a PyTorch module or a NumPy class, and refuses any other language with one line and exit code 2.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiOver,
  loadSpaces,
  runCliAgainst,
  startEngine,
  type ApiHarness,
  type CliRun,
  type EngineHarness,
} from '../integration/api/harness.ts';
import { EVONORM_B0, LAYER_TASK, OTHER_LAYER, storeLayerCampaign } from '../integration/api/fixtures/layer-rows.ts';

let engine: EngineHarness;
let api: ApiHarness;
let server: Server;
let url: string;
let campaignId: string;

beforeAll(async () => {
  engine = await startEngine('embedded');
  api = apiOver(engine);
  campaignId = await storeLayerCampaign(engine.store, loadSpaces());
  server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  api?.close();
  await new Promise((resolve) => server?.close(resolve));
  await engine?.close();
});

function cli(args: string[]): Promise<CliRun> {
  return runCliAgainst(url, args);
}

describe('actsearch leaderboard with layers', () => {
  it('marks each layer row and prints every layer formula in full under the table', async () => {
    const run = await cli(['leaderboard', '--task', LAYER_TASK, '--campaign', campaignId]);
    expect(run.code).toBe(0);
    const lines = run.out.split('\n');
    expect(lines.find((l) => l.startsWith('#'))).toMatch(/activation \/ layer\s+fingerprint$/);
    const first = lines.find((l) => /^1\s/.test(l)) ?? '';
    expect(first).toMatch(/layer: x \/ max\(sqrt\(batch_var\(x\) \+ eps\), .*…/);
    expect(first).toContain(EVONORM_B0.fingerprint);
    expect(run.out).toContain(
      `\nlayers:\n  #1  ${EVONORM_B0.fingerprint}  y = x / max(sqrt(batch_var(x) + eps), v * x + sqrt(instance_var(x) + eps)) * gamma + beta\n  #2  ${OTHER_LAYER.fingerprint}  y = tanh(x) / sqrt(batch_mean(square(x)) + 0.00001) * gamma + beta\n`,
    );
  });
});

describe('actsearch export of a layer', () => {
  it('writes a PyTorch module and a NumPy class, also as a campaign best', async () => {
    const torch = await cli(['export', EVONORM_B0.fingerprint, '--lang', 'pytorch']);
    expect(torch.code).toBe(0);
    expect(torch.out).toMatch(/^class ActsearchLayer\(nn\.Module\):$/m);
    expect(torch.out).toMatch(/def train|self\.training/);
    const numpy = await cli(['export', OTHER_LAYER.fingerprint, '--lang', 'numpy', '--name', 'tanh_rms']);
    expect(numpy.code).toBe(0);
    expect(numpy.out).toMatch(/^class TanhRms:$/m);
    const best = await cli(['export', `best:${campaignId}`, '--lang', 'torch']);
    expect(best.code).toBe(0);
    expect(best.out).toContain(`fingerprint: ${EVONORM_B0.fingerprint} (layer fingerprint)`);
  });

  it('refuses a language a layer has no export for: one line naming the ones it has, exit 2', async () => {
    const run = await cli(['export', EVONORM_B0.fingerprint, '--lang', 'keras']);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toBe("error: validation_failed: layers export to pytorch and numpy, not 'keras'\n");
  });
});
