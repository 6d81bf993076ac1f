import {
  candidateKindOfText,
  derivative,
  describeCandidate,
  evaluate,
  parse,
  parseCandidate,
  type CandidateKind,
  type Expr,
} from '@actsearch/expr';
import { pText, referenceName, signed, type CampaignAnswer, type FinalistVerdict } from '../finale/answer.ts';
import type { FinaleResult, FinaleRow } from '../finale/results.ts';
import { beatsReference, unscoredText } from '../finale/results.ts';
import type { CampaignReport } from './campaign-report.ts';
import { linePlot, type PlotSeries } from './svg-plot.ts';

export interface RenderedReport {
  readonly markdown: string;
  /** The plots the Markdown embeds, also as files (`<name>.svg`) for whoever writes them next to it. */
  readonly plots: readonly { readonly file: string; readonly svg: string }[];
}

const PLOTTED_WINNERS = 3;
const COLORS = ['#d62728', '#2ca02c', '#9467bd'];

/**
 * The report as Markdown: the answer first, then the facts, the finale's tables, the spec and f/f′
 * plots. A layer campaign says so, and shows its winners' formulas where an activation campaign plots
 * f and f′: a layer's output depends on statistics of its whole input, so it has no curve f(x).
 */
export function renderReportMarkdown(report: CampaignReport): RenderedReport {
  const { campaign, finale } = report;
  const out: string[] = [];
  out.push(`# Campaign report: ${campaign.name}`, '');
  out.push(...answerLines(report.answer, finale, report.kind), '');
  out.push(
    `- id: \`${campaign.id}\``,
    `- status: ${campaign.status}${campaign.statusReason === null ? '' : ` (${campaign.statusReason})`}`,
  );
  out.push(`- space: \`${report.spec.space}\`, content hash \`${report.spaceHash}\``);
  if (report.kind === 'layer')
    out.push(
      '- searched: **normalization-activation layers** (a layer campaign): each candidate replaces normalization + activation in the proxy networks (docs/layers.md)',
    );
  out.push(
    `- strategy: \`${report.spec.strategy.name}\`, seed ${report.seed}; search tasks ${report.spec.tasks.map((t) => `\`${t}\``).join(', ')} at \`${report.spec.fidelity}\`, training seeds ${report.seeds.join(', ')}`,
  );
  const ref = report.reference;
  out.push(
    `- reference: ${ref.activations.map((a) => `\`${a.expression}\``).join(', ')}${
      ref.search
        ? `, trained at the search's tasks, fidelity and seeds apart from the budget (${ref.stored} of ${ref.total} evaluations)`
        : ', not trained during the search'
    }`,
  );
  out.push(`- backend: ${report.backends.length === 0 ? 'none yet' : report.backends.map((b) => `\`${b}\``).join(', ')}`);
  out.push(
    `- compute: ${report.compute.evaluations} evaluations, ${seconds(report.compute.totalMs)} of training (search ${seconds(report.compute.searchMs)}, finale ${seconds(report.compute.finaleMs)})`,
  );
  const c = report.counts;
  out.push(
    `- candidates: budget ${c.budget}, proposed ${c.proposed}, evaluated ${c.evaluated}, reused ${c.reused}, rejected in training ${c.rejected}, pre-screened out ${c.prescreenRejected}, failed ${c.failed}`,
    '',
  );
  out.push('## Rejections', '', '| stage | reason | candidates |', '|---|---|---:|');
  for (const [k, v] of Object.entries(report.rejections.prescreen)) out.push(`| pre-screen | ${k} | ${v} |`);
  for (const [k, v] of Object.entries(report.rejections.training)) out.push(`| training | ${k} | ${v} |`);
  out.push(`| — | failed | ${report.rejections.failed} |`, '');
  const plots: { file: string; svg: string }[] = [];
  if (finale === null) {
    out.push(
      '## Finale',
      '',
      report.spec.finale.enabled
        ? 'The search is still running; the finale starts when its budget is spent.'
        : 'The finale is switched off for this campaign.',
      '',
    );
  } else {
    const refName = referenceName(finale);
    out.push('## Finale', '');
    out.push(
      `Top ${report.spec.finale.topK} by search score plus ${[...new Set([...report.spec.reference.activations, ...report.spec.finale.baselines])].map((b) => `\`${b}\``).join(', ')}, at \`${finale.fidelity}\` with seeds ${finale.seeds.join(', ')}: ${finale.stored} of ${finale.total} evaluations stored.`,
      '',
      `Mean over seeds ± the 95 % t-interval, cut at the metric's range where it reaches past it (marked †). Δ ${refName} is the paired mean difference over the seeds both have, with its 95 % t-interval; p is the one-sided paired t-test for "better than ${refName}", p (Holm) the same adjusted by Holm over all ${finale.comparisons} comparisons of this finale. ✓ = better with p (Holm) < ${finale.alpha}; a finalist holds up when it has ✓ on every task.`,
      '',
    );
    if (report.finalists.length > 0) out.push(...finalistTable(report.finalists, finale), '');
    for (const task of finale.tasks) {
      out.push(
        `### ${task.task} (${task.kind})`,
        '',
        `| rank | ${report.kind} | search rank | mean ± 95 % CI | Δ ${refName} [95 % CI] | p | p (Holm) | better |`,
        '|---:|---|---:|---|---|---:|---:|:-:|',
      );
      for (const row of task.rows) out.push(tableRow(row, finale));
      out.push('');
    }
    const layerWinners = winnersOf(report).filter((w) => candidateKindOfText(w.canonical) === 'layer');
    if (layerWinners.length > 0) out.push(...formulaLines(layerWinners), '');
    const winners = winnersOf(report).filter((w) => candidateKindOfText(w.canonical) === 'activation');
    if (winners.length > 0) {
      out.push('## Plots', '');
      const series = (pick: (e: Expr) => Expr): PlotSeries[] => [
        ...winners.map((w, i) => ({
          label: w.expression,
          color: COLORS[i % COLORS.length] ?? '#000',
          points: sample(pick(parse(w.canonical))),
        })),
        { label: 'relu', color: '#1f77b4', dashed: true, points: sample(pick(parse('relu(x)'))) },
        { label: 'swish', color: '#ff7f0e', dashed: true, points: sample(pick(parse('x * sigmoid(x)'))) },
      ];
      plots.push({
        file: 'f.svg',
        svg: linePlot(
          series((e) => e),
          { title: 'f(x)', yRange: [-3, 6] },
        ),
      });
      plots.push({
        file: 'df.svg',
        svg: linePlot(
          series((e) => derivative(e)),
          { title: 'f′(x)', yRange: [-1.5, 2.5] },
        ),
      });
      for (const plot of plots) out.push(`![${plot.file}](data:image/svg+xml;base64,${Buffer.from(plot.svg).toString('base64')})`);
      out.push('');
    }
  }
  out.push('## Spec', '', '```json', JSON.stringify(report.spec, null, 2), '```', '');
  return { markdown: out.join('\n'), plots };
}

/** The report's first lines: what the campaign answers, and whether that held up. */
export function answerLines(answer: CampaignAnswer | null, finale: FinaleResult | null, kind: CandidateKind = 'activation'): string[] {
  if (answer === null) return ['**Answer: none yet** — no candidate has a score.'];
  const name = `\`${answer.expression ?? answer.fingerprint}\``;
  let head: string;
  if (answer.heldUp) head = `**Answer: ${name} — held up.**`;
  else if (answer.basis === 'finale') {
    head = answer.provisional
      ? `**Answer (provisional, ${finale?.stored ?? 0} of ${finale?.total ?? 0} finale evaluations in): ${name}.**`
      : `**Answer: no ${kind === 'layer' ? 'layer' : 'function'} held up; the best candidate is ${name}.**`;
  } else
    head = answer.provisional
      ? `**Answer (provisional): ${name} — best by search score, not re-tested yet.**`
      : `**Answer: ${name} — best by search score; this campaign ran no finale.**`;
  const lines = [head, '', `${answer.reason.charAt(0).toUpperCase()}${answer.reason.slice(1)}.`];
  lines.push(
    '',
    `Export it: \`actsearch export ${answer.fingerprint ?? ''} --lang pytorch\` (fingerprint \`${answer.fingerprint ?? ''}\`).`,
  );
  return lines;
}

/** Each finalist against the reference on every task: Δ and the adjusted p, and the verdict in words. */
function finalistTable(finalists: readonly FinalistVerdict[], finale: FinaleResult): string[] {
  const refName = referenceName(finale);
  const lines = [
    `| finalist | search rank | mean rank | ${finale.tasks.map((t) => `${t.task}: Δ ${refName} (p Holm)`).join(' | ')} | verdict |`,
    `|---|---:|---:|${finale.tasks.map(() => '---|').join('')}---|`,
  ];
  for (const f of finalists) {
    const cells = f.tasks.map((t) =>
      t.mean === null ? 'no score' : t.meanDiff === null ? '—' : `${signed(t.meanDiff)} (${pText(t.pAdjusted)})${t.beats ? ' ✓' : ''}`,
    );
    lines.push(`| \`${f.expression}\` | ${f.searchRank ?? '—'} | ${f.meanRank.toFixed(1)} | ${cells.join(' | ')} | ${f.verdict} |`);
  }
  return lines;
}

/** The layers among the winners: formula, statistics and fingerprint, in place of f/f′ plots. */
function formulaLines(winners: readonly FinaleRow[]): string[] {
  const lines = [
    '## Formulas',
    '',
    "No f(x) plots: a layer's output depends on statistics of its whole input (batch, instance, group or layer), not on x alone.",
    '',
  ];
  for (const w of winners) {
    const d = describeCandidate(parseCandidate(w.canonical, 'layer'), 'layer');
    if (d.kind !== 'layer') continue;
    lines.push(
      `- \`${w.fingerprint}\`${d.knownLayer === null ? '' : ` (${d.knownLayer})`}: statistics ${d.aggregates.map((a) => `\`${a}\``).join(', ')}; export: \`actsearch export ${w.fingerprint} --lang pytorch\` (or numpy)`,
      '',
      '  ```',
      `  y = ${w.expression}`,
      '  ```',
    );
  }
  return lines;
}

/** Held-up finalists first, else the finalists by mean rank. */
function winnersOf(report: CampaignReport): FinaleRow[] {
  const first = report.finale?.tasks[0];
  if (first === undefined) return [];
  const rows: FinaleRow[] = [];
  for (const f of report.finalists) {
    const row = first.rows.find((r) => r.fingerprint === f.fingerprint);
    if (row !== undefined && row.stats !== null) rows.push(row);
  }
  return rows.slice(0, PLOTTED_WINNERS);
}

function tableRow(row: FinaleRow, finale: FinaleResult): string {
  const name = `\`${row.expression}\`${row.baseline === null ? '' : row.fingerprint === finale.reference.fingerprint ? ' (reference)' : ' (baseline)'}`;
  const stats = row.stats;
  const mean = stats === null ? unscoredText(row) : `${num(stats.mean)}${interval(stats.ciLow, stats.ciHigh, stats.clipped)}`;
  const vs = row.vsReference;
  const delta =
    vs === null
      ? '—'
      : `${signed(vs.meanDiff)}${vs.ciLow === null || vs.ciHigh === null ? '' : ` [${signed(vs.ciLow)}, ${signed(vs.ciHigh)}]${vs.clipped === 'none' ? '' : '†'}`}`;
  return `| ${row.rank ?? '—'} | ${name} | ${row.searchRank ?? '—'} | ${mean} | ${delta} | ${pText(vs?.p ?? null)} | ${pText(vs?.pAdjusted ?? null)} | ${beatsReference(row, finale.alpha) ? '✓' : ''} |`;
}

/** ` ± 0.0050`, or ` [0.9965, 1.0000]†` when the interval was cut at the range (no longer symmetric). */
function interval(low: number | null, high: number | null, clipped: string): string {
  if (low === null || high === null) return '';
  return clipped === 'none' ? ` ± ${((high - low) / 2).toFixed(4)}` : ` [${num(low)}, ${num(high)}]†`;
}

function sample(e: Expr): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i <= 200; i += 1) {
    const x = -5 + i * 0.05;
    points.push([x, evaluate(e, x)]);
  }
  return points;
}

function num(v: number): string {
  return v.toFixed(4);
}

function seconds(ms: number): string {
  return ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(2)} h` : `${(ms / 1000).toFixed(1)} s`;
}
