/**
 * The dashboard in a real browser against the real embedded daemon: a validation error lands next to
 * its field, a campaign submitted through the form makes visible progress, the leaderboard fills,
 * an activation page plots and exports (the PyTorch file is downloaded and read), and no page logs
 * a console error. Screenshots of each page go to test-artifacts/dashboard/ (and to
 * $DASHBOARD_SCREENSHOTS_DIR when set, which is how docs/screenshots/ is made).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt, launchBrowser, REPO, startDaemon, type Browser, type Daemon } from './dashboard-harness.ts';

const ARTIFACTS = join(REPO, 'test-artifacts', 'dashboard');
const DOCS_DIR = process.env.DASHBOARD_SCREENSHOTS_DIR;
// The cheapest proxy task and fidelity, on the smallest space: a few seconds per candidate.
const TASK = 'spirals-mlp';
const BUDGET = 4;
const CAMPAIGN = 'e2e spirals on tiny';

let daemon: Daemon;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
/** Console errors a step provokes on purpose (the 400 of a rejected submission). */
let allowedErrors: RegExp | null = null;

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  if (DOCS_DIR !== undefined) await page.screenshot({ path: join(DOCS_DIR, `${name}.png`) });
}

/** Polls until the matcher holds (vitest's default of one second is too short for a browser). */
function eventually<T>(read: () => Promise<T> | T, timeout = 20_000) {
  return expect.poll(read, { timeout, interval: 200 });
}

/** The progress bar's completed count on the current page. */
async function completed(scope = page.getByTestId('campaign-page')): Promise<number> {
  return Number(await scope.getByTestId('progress').first().getAttribute('aria-valuenow'));
}

describe('dashboard in Chromium against the embedded daemon', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (DOCS_DIR !== undefined) mkdirSync(DOCS_DIR, { recursive: true });
    ensureDashboardBuilt();
    daemon = await startDaemon({ readyTimeoutMs: 90_000 });
    browser = await launchBrowser(join(ARTIFACTS, 'downloads'));
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: daemon.url });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = `${message.text()} (${message.location().url})`;
      if (allowedErrors === null || !allowedErrors.test(text)) consoleErrors.push(text);
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await daemon?.close();
    if (daemon !== undefined) writeFileSync(join(ARTIFACTS, 'daemon.log'), daemon.output());
  }, 60_000);

  it('serves the dashboard at / and keeps the token the user enters', async () => {
    await page.goto(daemon.url);
    await eventually(() => page.getByRole('heading', { name: 'Campaigns', level: 1 }).isVisible()).toBe(true);
    await page.getByLabel('API token').fill(daemon.token);
    await page.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.evaluate('localStorage.getItem("actsearch.token")')).toBe(daemon.token);
    await eventually(() => page.getByText('token set').isVisible()).toBe(true);
  });

  it('shows the API validation error next to the budget field and submits nothing', async () => {
    const form = page.getByTestId('campaign-form');
    await eventually(() => form.isVisible()).toBe(true);
    await form.getByLabel('Budget (candidates)').fill('100000000');
    allowedErrors = /status of 400.*\/api\/campaigns/;
    await form.getByRole('button', { name: 'Submit campaign' }).click();
    const error = form.getByTestId('error-budget');
    await eventually(() => error.isVisible()).toBe(true);
    allowedErrors = null;
    expect(await error.textContent()).toMatch(/must be ≤ \d+/);
    expect(await form.getByLabel('Budget (candidates)').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Budget (candidates)').getAttribute('aria-describedby')).toBe(
      (await error.getAttribute('id')) ?? 'missing',
    );
    // The message sits in the budget's own field, not in a banner.
    expect(
      await page
        .locator('.field', { has: page.getByLabel('Budget (candidates)') })
        .getByRole('alert')
        .textContent(),
    ).toBe(await error.textContent());
    expect(await page.getByTestId('campaign-row').count()).toBe(0);
    await screenshot('campaigns-validation');
  });

  it('submits a campaign through the form and shows its progress move to done', async () => {
    const form = page.getByTestId('campaign-form');
    await form.getByLabel('Name').fill(CAMPAIGN);
    await form.getByLabel('Search space').selectOption('tiny');
    await form.getByLabel('Strategy').selectOption('random');
    await form.getByLabel('Task').selectOption(TASK);
    await form.getByLabel('Fidelity').selectOption('screen');
    await form.getByLabel('Budget (candidates)').fill(String(BUDGET));
    // The finale would re-train at full fidelity; this test is about the form and the live page.
    await form.getByLabel('Finale').selectOption('off');
    await form.getByRole('button', { name: 'Submit campaign' }).click();
    await eventually(() => page.getByTestId('submitted').isVisible()).toBe(true);
    expect(await form.getByTestId('error-budget').count()).toBe(0);

    const row = page.getByTestId('campaign-row').filter({ hasText: CAMPAIGN });
    await eventually(() => row.count()).toBe(1);
    expect(await row.getByRole('progressbar').getAttribute('aria-valuemax')).toBe(String(BUDGET));
    await eventually(() => completed(row), 60_000).toBeGreaterThan(0);
    await screenshot('campaigns');

    // The campaign page follows the event stream to the end of the budget.
    await row.getByRole('link', { name: CAMPAIGN }).click();
    const detail = page.getByTestId('campaign-page');
    await eventually(() => detail.isVisible()).toBe(true);
    await eventually(() => detail.getAttribute('data-status'), 90_000).toBe('done');
    expect(await completed()).toBe(BUDGET);
    // The status attribute and the stream's end notice render in separate updates: wait for the notice.
    await page.getByText('stream ended').waitFor({ state: 'visible' });
    await eventually(() => page.getByTestId('score-chart').locator('canvas').count()).toBeGreaterThan(0);
    await eventually(() => page.getByTestId('top-candidates').locator('tbody tr').count()).toBeGreaterThan(0);
    const rejections = await page.getByTestId('rejections').textContent();
    expect(rejections).toContain('pre-screen');
    expect(rejections).toContain('quality floor');
    // The header's answer: without a finale, the best by search score, said to be no more than that.
    const answer = page.getByTestId('answer');
    await eventually(() => answer.getAttribute('data-answer')).toBe('search');
    expect(await answer.locator('code').first().textContent()).toBe(await page.getByTestId('campaign-best').locator('code').textContent());
    expect(await answer.textContent()).toContain('this campaign ran no finale');
    expect(await page.getByTestId('campaign-reference').textContent()).toMatch(/relu\(x\) \(trained apart from the budget: 1 of 1\)/);
    await screenshot('campaign');
  }, 180_000);

  it('lists the campaign’s activations on the leaderboard, best first, filtered by campaign and task', async () => {
    const best = (await page.getByTestId('campaign-best').locator('code').textContent()) ?? '';
    expect(best).not.toBe('');
    await page.getByRole('link', { name: 'Its activations on the leaderboard' }).click();
    await page.getByTestId('campaign-filter').waitFor();
    expect(page.url()).toContain(`task=${TASK}`);
    const rows = page.getByTestId('leaderboard-row');
    await eventually(() => rows.count()).toBeGreaterThan(0);
    expect(await rows.count()).toBeLessThanOrEqual(BUDGET);
    expect(await rows.first().locator('code').textContent()).toBe(best);

    // Another task has no scores yet; back on ours, the unfiltered board.
    await page.getByLabel('Task').selectOption('mnist-mlp');
    await eventually(() => page.getByText('No activation has a score on mnist-mlp at screen yet.').isVisible()).toBe(true);
    expect(page.url()).toContain('task=mnist-mlp');
    await page.getByLabel('Task').selectOption(TASK);
    await page.getByRole('link', { name: 'show all' }).click();
    await eventually(() => page.getByTestId('campaign-filter').count()).toBe(0);
    await eventually(() => rows.count()).toBeGreaterThan(0);
    const first = rows.first();
    expect((await first.locator('td').first().textContent())?.trim()).toBe('1');
    // Unfiltered, the reference the campaign trained (ReLU) competes too and may lead.
    const leaders = (await rows.locator('code').allTextContents()).filter((text) => text !== 'relu(x)');
    expect(leaders[0]).toBe(best);
    const scores = (await rows.locator('td:nth-child(4)').allTextContents()).map((t) => Number(t.split(/[±[]/)[0]));
    expect(scores.every((s) => Number.isFinite(s))).toBe(true);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(await first.locator('svg.sparkline path.spark-line').getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+(L[\d.]+ [\d.]+){10,}/);
    await screenshot('leaderboard');
  });

  it('opens an activation with its plot, formula and evaluations, and exports it as PyTorch and NumPy', async () => {
    const first = page.getByTestId('leaderboard-row').first();
    const fingerprint = (await first.getAttribute('data-fingerprint')) ?? '';
    const canonical = (await first.locator('code').textContent()) ?? '';
    await first.getByRole('link').click();
    await eventually(() => page.getByTestId('activation-page').isVisible()).toBe(true);
    expect(page.url()).toBe(`${daemon.url}/activations/${fingerprint}`);
    await eventually(() => page.getByTestId('activation-chart').locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('formula').locator('.katex').count()).toBe(1);
    expect(await page.getByTestId('evaluations').locator('tbody tr').filter({ hasText: TASK }).count()).toBeGreaterThan(0);

    await page.getByTestId('overlay-relu').check();
    await page.getByTestId('overlay-gelu').check();
    const legend = page.getByTestId('activation-chart').locator('.u-legend');
    await eventually(() => legend.textContent()).toMatch(/ReLU.*GELU/);
    expect(await legend.textContent()).not.toContain('Swish');
    await screenshot('activation');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pytorch').click()]);
    expect(download.suggestedFilename()).toMatch(/\.py$/);
    const code = readFileSync(await download.path(), 'utf8');
    expect(code).toContain('import torch');
    expect(code).toContain('nn.Module');
    expect(code).toContain(`# fingerprint: ${fingerprint}`);
    expect(code).toContain(`# canonical:   ${canonical}`);

    await page.getByTestId('copy-numpy').click();
    await eventually(() => page.getByTestId('export-status').textContent()).toContain('NumPy code copied');
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(copied).toContain('import numpy as np');
    expect(copied).toContain(fingerprint);
  });

  it('pauses, resumes and cancels a campaign from the list, and asks for the token when it is missing', async () => {
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Campaigns' }).click();
    const form = page.getByTestId('campaign-form');
    await form.waitFor();
    await form.getByLabel('Name').fill('e2e controls');
    await form.getByLabel('Task').selectOption(TASK);
    await form.getByLabel('Budget (candidates)').fill('100');
    await form.getByRole('button', { name: 'Submit campaign' }).click();
    const row = page.getByTestId('campaign-row').filter({ hasText: 'e2e controls' });
    await eventually(() => row.count()).toBe(1);

    await page.getByRole('button', { name: 'forget' }).click();
    allowedErrors = /status of 401.*\/pause/;
    await row.getByRole('button', { name: 'Pause e2e controls' }).click();
    await eventually(() => row.getByRole('alert').textContent()).toContain('enter the API token');
    allowedErrors = null;
    expect(await row.getAttribute('data-status')).not.toBe('paused');
    await page.getByLabel('API token').fill(daemon.token);
    await page.getByRole('button', { name: 'Save' }).click();

    await row.getByRole('button', { name: 'Pause e2e controls' }).click();
    await eventually(() => row.getAttribute('data-status')).toBe('paused');
    await row.getByRole('button', { name: 'Resume e2e controls' }).click();
    await eventually(() => row.getAttribute('data-status')).toBe('running');
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Cancel e2e controls' }).click();
    await eventually(() => row.getAttribute('data-status')).toBe('cancelled');
    expect(await row.getByRole('button').count()).toBe(0);
  });

  it('logged no console error on any page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
