/**
 * The Markdown report of a layer campaign says what it searched, shows its winners' formulas (with
 * their statistics and the export command) where an activation campaign plots f and f′, and never
 * plots a layer; an activation campaign's report keeps its plots.
 */
import { describe, expect, it } from 'vitest';
import { campaignSpecSchema } from '@actsearch/contract';
import { renderReportMarkdown, type CampaignReport, type FinaleRow } from '@actsearch/engine';
import { canonicalize, displayText, fingerprint, getKnownLayer, layerFingerprint, parse, printLayer, resolveLayer } from '@actsearch/expr';

const spec = {
  ...campaignSpecSchema.parse({
    name: 'r',
    space: 'evonorm',
    strategy: 'random',
    tasks: ['spirals-mlp'],
    fidelity: 'screen',
    budget: { candidates: 2 },
  }),
  spaceHash: 'sha256:x',
  taskVersions: {},
};

function layerRow(text: string, mean: number, rank: number): FinaleRow {
  const e = resolveLayer(text);
  return row(layerFingerprint(e), printLayer(canonicalize(e)), mean, rank);
}

function row(fp: string, canonical: string, mean: number, rank: number): FinaleRow {
  return {
    fingerprint: fp,
    canonical,
    expression: displayText(canonical, fp),
    searchRank: rank,
    searchScore: mean,
    baseline: null,
    finalist: true,
    rank,
    stats: { n: 3, mean, std: 0.01, ciLow: mean - 0.01, ciHigh: mean + 0.01, clipped: 'none' },
    seeds: [],
    vsReference: null,
  };
}

function report(kind: CampaignReport['kind'], rows: FinaleRow[]): CampaignReport {
  return {
    answer: null,
    kind,
    campaign: {
      id: 'c1',
      name: 'r',
      status: 'done',
      statusReason: null,
      phase: 'finished',
      createdAt: '2026-01-01T00:00:00.000Z',
      startedAt: null,
      finishedAt: null,
    },
    spec,
    spaceHash: 'sha256:x',
    seed: 0,
    seeds: [0],
    backends: ['wasm'],
    counts: { budget: 2, proposed: 2, evaluated: 2, reused: 0, rejected: 0, prescreenRejected: 0, failed: 0 },
    compute: { evaluations: 2, totalMs: 10, searchMs: 10, finaleMs: 0 },
    rejections: { prescreen: {}, training: {}, failed: 0 },
    finale: {
      fidelity: 'screen',
      seeds: [0, 1, 2],
      reference: { fingerprint: 'ref', text: 'relu', expression: 'relu(x)' },
      alpha: 0.05,
      comparisons: 2,
      tasks: [{ task: 'spirals-mlp', kind: 'search', rows }],
      holdsUp: [],
      total: 6,
      stored: 6,
    },
    finalists: rows.map((r, i) => ({
      fingerprint: r.fingerprint,
      expression: r.expression,
      searchRank: i + 1,
      meanRank: i + 1,
      heldUp: false,
      verdict: 'missed',
      tasks: [],
    })),
    searchBest: null,
    reference: { activations: [{ fingerprint: 'ref', text: 'relu', expression: 'relu(x)' }], search: false, total: 0, stored: 0 },
  };
}

describe('the Markdown report of a layer campaign', () => {
  const rows = [layerRow('evonorm_b0', 0.9, 1), layerRow('tanh(x) / sqrt(batch_mean(square(x)) + eps) * gamma + beta', 0.8, 2)];
  const { markdown, plots } = renderReportMarkdown(report('layer', rows));

  it('says it searched layers and heads its tables with "layer"', () => {
    expect(markdown).toMatch(/- searched: \*\*normalization-activation layers\*\* \(a layer campaign\)/);
    expect(markdown).toMatch(/\| rank \| layer \| search rank \|/);
    expect(markdown).toContain(`\`${getKnownLayer('evonorm_b0')?.text}\``);
  });

  it("shows each winner's formula, statistics and export command, and no f/f′ plot", () => {
    expect(plots).toEqual([]);
    expect(markdown).not.toMatch(/## Plots|svg\+xml/);
    expect(markdown).toMatch(/## Formulas\n\nNo f\(x\) plots: a layer's output depends on statistics of its whole input/);
    const [b0, other] = rows as [FinaleRow, FinaleRow];
    expect(markdown).toContain(
      `- \`${b0.fingerprint}\` (evonorm_b0): statistics \`batch_var(x)\`, \`instance_var(x)\`; export: \`actsearch export ${b0.fingerprint} --lang pytorch\` (or numpy)`,
    );
    expect(markdown).toContain(`  y = ${other.expression}`);
    expect(markdown).toContain(`- \`${other.fingerprint}\`: statistics \`batch_mean(square(x))\`;`);
  });
});

describe('the Markdown report of an activation campaign', () => {
  it('plots f and f′ of its winners and shows no formulas section', () => {
    const swish = parse('x * sigmoid(x)');
    const { markdown, plots } = renderReportMarkdown(report('activation', [row(fingerprint(swish), 'x * sigmoid(x)', 0.9, 1)]));
    expect(plots.map((p) => p.file)).toEqual(['f.svg', 'df.svg']);
    expect(markdown).not.toMatch(/## Formulas|layer campaign/);
    expect(markdown).toMatch(/\| rank \| activation \| search rank \|/);
  });
});
