/**
 * Layers in the dashboard, in Chromium: with layer rows in the store (written with the store API, as
 * a layer campaign leaves them) the leaderboard and the campaign page mark each layer where an
 * activation shows its curve, the layer's page shows its formula, statistics and why it has no plot
 * (no chart), and its export panel offers PyTorch and NumPy only; the PyTorch file downloads. No page
 * logs a console error. The API runs in this process over the embedded engine and serves the built
 * dashboard.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKnownLayer } from '@actsearch/expr';
import { apiOver, loadSpaces, startEngine, type ApiHarness, type EngineHarness } from '../integration/api/harness.ts';
import { EVONORM_B0, LAYER_TASK, OTHER_LAYER, storeLayerCampaign } from '../integration/api/fixtures/layer-rows.ts';
import { DIST, ensureDashboardBuilt, launchBrowser, REPO, type Browser } from './dashboard-harness.ts';

const ARTIFACTS = join(REPO, 'test-artifacts', 'dashboard-layers');

let engine: EngineHarness;
let api: ApiHarness;
let server: Server;
let url: string;
let campaignId: string;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

function eventually<T>(read: () => Promise<T> | T, timeout = 20_000) {
  return expect.poll(read, { timeout, interval: 200 });
}

describe('layers in the dashboard', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ensureDashboardBuilt();
    engine = await startEngine('embedded');
    api = apiOver(engine, { config: { dashboardDir: DIST } });
    campaignId = await storeLayerCampaign(engine.store, loadSpaces());
    server = api.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser(join(ARTIFACTS, 'downloads'));
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    api?.close();
    await new Promise((resolve) => server?.close(resolve));
    await engine?.close();
  }, 60_000);

  it('marks layer rows on the leaderboard in place of a curve, with their formula', async () => {
    await page.goto(`${url}/leaderboard?task=${LAYER_TASK}&campaign=${campaignId}`);
    const rows = page.getByTestId('leaderboard-row');
    await eventually(() => rows.count()).toBe(2);
    const first = page.locator(`[data-testid="leaderboard-row"][data-fingerprint="${EVONORM_B0.fingerprint}"]`);
    expect(await first.getByTestId('layer-mark').textContent()).toBe('layer');
    expect(await first.locator('svg.sparkline').count()).toBe(0);
    expect(await first.locator('code').textContent()).toBe(getKnownLayer('evonorm_b0')?.text);
    expect(await rows.getByTestId('layer-mark').count()).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'leaderboard.png'), fullPage: true });
  });

  it("opens a layer's page: formula, statistics and the note in place of a chart; exports to PyTorch and NumPy only", async () => {
    await page.locator(`[data-testid="leaderboard-row"][data-fingerprint="${EVONORM_B0.fingerprint}"] a`).click();
    await eventually(() => page.getByTestId('activation-page').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 1 }).getByTestId('layer-mark').isVisible()).toBe(true);
    expect(await page.getByTestId('layer-formula').textContent()).toBe(`y = ${getKnownLayer('evonorm_b0')?.text}`);
    const facts = (await page.getByTestId('layer-facts').textContent()) ?? '';
    expect(facts).toMatch(/Known layer evonorm_b0/);
    expect(facts).toMatch(/batch_var\(x\)/);
    expect(await page.getByTestId('no-plot').textContent()).toMatch(
      /^A layer has no f\(x\) plot: its output depends on statistics of its whole input.*\.$/,
    );
    expect(await page.getByTestId('activation-chart').count()).toBe(0);
    expect(await page.getByTestId('overlay-relu').count()).toBe(0);
    const langs = await page
      .getByTestId('exports')
      .locator('[data-testid^="download-"]')
      .evaluateAll((links) => links.map((l) => l.getAttribute('data-testid')));
    expect(langs).toEqual(['download-pytorch', 'download-numpy']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pytorch').click()]);
    expect(download.suggestedFilename()).toMatch(/^layer_[0-9a-f]{8}_torch\.py$/);
    expect(readFileSync(await download.path(), 'utf8')).toMatch(/^class ActsearchLayer\(nn\.Module\):$/m);
    await page.screenshot({ path: join(ARTIFACTS, 'layer.png'), fullPage: true });
  });

  it('marks the campaign as a layer search and its best and top candidates as layers', async () => {
    await page.goto(`${url}/campaigns/${campaignId}`);
    await eventually(() => page.getByTestId('campaign-page').isVisible()).toBe(true);
    expect(await page.getByTestId('campaign-space').textContent()).toBe('evonorm · searches normalization-activation layers');
    const best = page.getByTestId('campaign-best');
    await eventually(() => best.isVisible()).toBe(true);
    expect(await best.getByTestId('layer-mark').isVisible()).toBe(true);
    expect(await best.locator('code').textContent()).toBe(getKnownLayer('evonorm_b0')?.text);
    const top = page.getByTestId('top-candidates');
    await eventually(() => top.getByTestId('layer-mark').count()).toBe(2);
    expect(await top.textContent()).toContain('tanh(x) / sqrt(batch_mean(square(x)) + 0.00001) * gamma + beta');
    expect(await top.textContent()).not.toContain(OTHER_LAYER.canonical);
    await page.screenshot({ path: join(ARTIFACTS, 'campaign.png'), fullPage: true });
  });

  it('logged no console error on any page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
