/**
 * The campaign's answer end to end, with an evaluator whose scores are controlled (fake-score.ts:
 * `above<k>` / `below<k>` tasks put every function k/1000 above or below ReLU): a campaign whose
 * winner holds up, one where nothing does, and Δ reference the same number in the API view, the
 * report (JSON and Markdown) and the CLI's summary.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignReportSchema } from '@actsearch/contract';
import { buildCampaignReport, renderReportMarkdown, type CampaignReport } from '@actsearch/engine';
import { type Runtime } from '@actsearch/runtime';
import { apiOver, runCliAgainst, type ApiHarness, type CliRun } from '../api/harness.ts';
import { fakeTask, Resources, spec, startHarness, waitForStatus, withDefaultReference } from '../engine/helpers.ts';

const resources = new Resources();
let runtime: Runtime;
let api: ApiHarness;
let server: Server;
let url: string;
let held: { id: string; search: string; transfer: string; report: CampaignReport };
let missed: { id: string; search: string; transfer: string; report: CampaignReport };

/** Top 2 plus the baselines, 3 seeds, on the search task and one transfer task. */
function body(name: string, search: string, transfer: string): Record<string, unknown> {
  return withDefaultReference(
    spec({
      name,
      tasks: [search],
      budget: { candidates: 5 },
      seeds: [0],
      finale: { topK: 2, fidelity: 'screen', seeds: 3, transferTasks: [transfer] },
    }),
  );
}

beforeAll(async () => {
  runtime = await startHarness('embedded', resources, { poolSize: 2 });
  api = apiOver({ mode: 'embedded', runtime, store: runtime.store, close: () => runtime.close() });
  server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const run = async (name: string, search: string, transfer: string) => {
    const campaign = await runtime.engine.submitCampaign(body(name, search, transfer));
    await waitForStatus(runtime.store, campaign.id, 'done');
    return { id: campaign.id, search, transfer, report: await buildCampaignReport(runtime.store, campaign.id) };
  };
  [held, missed] = await Promise.all([
    run('holds up', fakeTask('above20'), fakeTask('above10')),
    run('misses', fakeTask('above20'), fakeTask('below30')),
  ]);
}, 240_000);

afterAll(async () => {
  api?.close();
  await new Promise((resolve) => server?.close(resolve));
  await runtime?.close({ timeoutMs: 2_000 });
  await resources.cleanup();
});

function cli(args: string[]): Promise<CliRun> {
  return runCliAgainst(url, args);
}

describe('the campaign answer', () => {
  it('names the finalist that beat ReLU on every finale task, and says it held up everywhere it is shown', async () => {
    const { answer, finale, finalists } = held.report;
    expect(answer).toMatchObject({ heldUp: true, provisional: false, basis: 'finale' });
    expect(finale?.holdsUp[0]).toBe(answer?.fingerprint);
    expect(answer?.reason).toMatch(
      /^`.+` beat ReLU on all 2 finale tasks \(Holm-adjusted one-sided p < 0\.05 over \d+ comparisons\): \+0\.02\d{2} on t-\w+-above20 and \+0\.01\d{2} on t-\w+-above10$/,
    );
    for (const task of answer?.tasks ?? []) {
      expect(task.beats).toBe(true);
      expect(task.pAdjusted).toBeLessThan(0.05);
      expect(task.pAdjusted).toBeGreaterThanOrEqual(task.p as number);
    }
    expect(finalists.every((f) => f.heldUp && f.verdict === 'held up')).toBe(true);
    // The report's first lines.
    const markdown = renderReportMarkdown(held.report).markdown.split('\n');
    expect(markdown[2]).toBe(`**Answer: \`${answer?.expression}\` — held up.**`);
    // The API (detail and list) and `best:` export the same function.
    const detail = (await request(api.app).get(`/api/campaigns/${held.id}`)).body;
    expect(detail.answer).toEqual(JSON.parse(JSON.stringify(answer)));
    expect(detail.phase).toBe('finished');
    const list = (await request(api.app).get('/api/campaigns')).body.items;
    expect(list.find((c: { id: string }) => c.id === held.id).answer.fingerprint).toBe(answer?.fingerprint);
    const exported = await cli(['export', `best:${held.id}`, '--lang', 'numpy']);
    expect(exported.code).toBe(0);
    expect(exported.out).toContain(answer?.fingerprint);
    expect(exported.err).toBe('');
  });

  it('says in plain words that no candidate held up, names the best one and by how much each finalist missed', async () => {
    const { answer, finale, finalists } = missed.report;
    expect(finale?.holdsUp).toEqual([]);
    expect(answer).toMatchObject({ heldUp: false, provisional: false, basis: 'finale' });
    const lost = new RegExp(`lost to ReLU on ${missed.transfer} by 0\\.0(29|30)\\d`);
    expect(answer?.reason).toMatch(
      new RegExp(
        `^no candidate beat ReLU on all 2 finale tasks \\(.*\\); the best by mean rank, \`${escape(answer?.expression ?? '')}\`, (was best on ${missed.search} and beat ReLU there|beat ReLU on ${missed.search}) by \\+0\\.02\\d{2} \\(adjusted p = .*\\) and ${lost.source}$`,
      ),
    );
    expect(finalists.length).toBeGreaterThan(0);
    for (const f of finalists) expect(f.verdict).toMatch(new RegExp(`^missed: ${lost.source}$`));
    const markdown = renderReportMarkdown(missed.report).markdown;
    expect(markdown.split('\n')[2]).toBe(`**Answer: no function held up; the best candidate is \`${answer?.expression}\`.**`);
    // No "better" mark on the transfer task, where every finalist lost.
    const transferTable = markdown.slice(markdown.indexOf(`### ${missed.transfer}`));
    expect(transferTable.split('\n').filter((line) => line.startsWith('| ') && line.endsWith('| ✓ |'))).toEqual([]);
    const exported = await cli(['export', `best:${missed.id}`, '--lang', 'numpy']);
    expect(exported.err).toMatch(/^note: .* is not a claim that held up: no candidate beat ReLU/);
  });

  it('shows Δ reference as one number in the API view, the report JSON and Markdown and the CLI summary', async () => {
    for (const { id, report } of [held, missed]) {
      const detail = (await request(api.app).get(`/api/campaigns/${id}`)).body;
      const json = (await request(api.app).get(`/api/campaigns/${id}/report`)).body;
      // The wire contract's report schema (what the dashboard reads) holds for a report with a finale.
      const parsed = campaignReportSchema.safeParse(json);
      expect(parsed.success, JSON.stringify(parsed.error?.issues ?? []).slice(0, 500)).toBe(true);
      const markdown = (await request(api.app).get(`/api/campaigns/${id}/report.md`)).text;
      const watched = await cli(['watch', id]);
      expect(watched.code).toBe(0);
      for (const task of report.answer?.tasks ?? []) {
        const delta = task.meanDiff as number;
        const fromView = detail.answer.tasks.find((t: { task: string }) => t.task === task.task).meanDiff;
        const fromJson = json.answer.tasks.find((t: { task: string }) => t.task === task.task).meanDiff;
        const row = json.finale.tasks
          .find((t: { task: string }) => t.task === task.task)
          .rows.find((r: { fingerprint: string }) => r.fingerprint === report.answer?.fingerprint);
        expect([fromView, fromJson, row.vsReference.meanDiff]).toEqual([delta, delta, delta]);
        const printed = `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(4)}`;
        expect(markdown).toContain(`| ${printed} [`);
        expect(watched.out).toContain(
          `${task.task} (screen): mean ${(task.mean as number).toFixed(4)}, Δ relu(x) ${delta >= 0 ? '+' : '-'}${Math.abs(delta).toFixed(4)}`,
        );
      }
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
