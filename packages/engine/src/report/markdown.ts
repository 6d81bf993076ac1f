import { derivative, evaluate, parse, type Expr } from '@actsearch/expr';
import type { FinaleRow } from '../finale/results.ts';
import type { CampaignReport } from './campaign-report.ts';
import { linePlot, type PlotSeries } from './svg-plot.ts';

export interface RenderedReport {
  readonly markdown: string;
  /** The plots the Markdown embeds, also as files (`<name>.svg`) for whoever writes them next to it. */
  readonly plots: readonly { readonly file: string; readonly svg: string }[];
}

const PLOTTED_WINNERS = 3;
const COLORS = ['#d62728', '#2ca02c', '#9467bd'];

/** The report as Markdown: the tables, the spec, the hash, seeds, backend, compute, rejections and f/f′ plots. */
export function renderReportMarkdown(report: CampaignReport): RenderedReport {
  const { campaign, finale } = report;
  const out: string[] = [];
  out.push(`# Campaign report: ${campaign.name}`, '');
  out.push(`- id: \`${campaign.id}\``, `- status: ${campaign.status}${campaign.statusReason === null ? '' : ` (${campaign.statusReason})`}`);
  out.push(`- space: \`${report.spec.space}\`, content hash \`${report.spaceHash}\``);
  out.push(`- strategy: \`${report.spec.strategy.name}\`, seed ${report.seed}; search tasks ${report.spec.tasks.map((t) => `\`${t}\``).join(', ')} at \`${report.spec.fidelity}\`, training seeds ${report.seeds.join(', ')}`);
  out.push(`- backend: ${report.backends.length === 0 ? 'none yet' : report.backends.map((b) => `\`${b}\``).join(', ')}`);
  out.push(`- compute: ${report.compute.evaluations} evaluations, ${seconds(report.compute.totalMs)} of training (search ${seconds(report.compute.searchMs)}, finale ${seconds(report.compute.finaleMs)})`);
  const c = report.counts;
  out.push(`- candidates: budget ${c.budget}, proposed ${c.proposed}, evaluated ${c.evaluated}, reused ${c.reused}, rejected in training ${c.rejected}, pre-screened out ${c.prescreenRejected}, failed ${c.failed}`, '');
  out.push('## Rejections', '', '| stage | reason | candidates |', '|---|---|---:|');
  for (const [k, v] of Object.entries(report.rejections.prescreen)) out.push(`| pre-screen | ${k} | ${v} |`);
  for (const [k, v] of Object.entries(report.rejections.training)) out.push(`| training | ${k} | ${v} |`);
  out.push(`| — | failed | ${report.rejections.failed} |`, '');
  const plots: { file: string; svg: string }[] = [];
  if (finale === null) {
    out.push('## Finale', '', report.spec.finale.enabled ? 'The search is still running; the finale starts when its budget is spent.' : 'The finale is switched off for this campaign.', '');
  } else {
    out.push('## Finale', '');
    out.push(`Top ${report.spec.finale.topK} by search score plus the baselines ${report.spec.finale.baselines.map((b) => `\`${b}\``).join(', ')}, at \`${finale.fidelity}\` with seeds ${finale.seeds.join(', ')}: ${finale.stored} of ${finale.total} evaluations stored. Mean over seeds with the 95 % t-interval; Δ ReLU is the mean per-seed difference, p the two-sided paired t-test over seeds. "Holds up" = beats ReLU's mean on every task, search and transfer.`, '');
    for (const task of finale.tasks) {
      out.push(`### ${task.task} (${task.kind})`, '', '| rank | activation | search rank | mean | 95 % CI | Δ ReLU | p | holds up |', '|---:|---|---:|---:|---|---:|---:|---|');
      for (const row of task.rows) out.push(tableRow(row, finale.holdsUp.includes(row.fingerprint)));
      out.push('');
    }
    const winners = winnersOf(report);
    if (winners.length > 0) {
      out.push('## Plots', '');
      const series = (pick: (e: Expr) => Expr): PlotSeries[] => [
        ...winners.map((w, i) => ({ label: w.canonical, color: COLORS[i % COLORS.length] ?? '#000', points: sample(pick(parse(w.canonical))) })),
        { label: 'relu', color: '#1f77b4', dashed: true, points: sample(pick(parse('relu(x)'))) },
        { label: 'swish', color: '#ff7f0e', dashed: true, points: sample(pick(parse('x * sigmoid(x)'))) },
      ];
      plots.push({ file: 'f.svg', svg: linePlot(series((e) => e), { title: 'f(x)', yRange: [-3, 6] }) });
      plots.push({ file: 'df.svg', svg: linePlot(series((e) => derivative(e)), { title: "f′(x)", yRange: [-1.5, 2.5] }) });
      for (const plot of plots) out.push(`![${plot.file}](data:image/svg+xml;base64,${Buffer.from(plot.svg).toString('base64')})`);
      out.push('');
    }
  }
  out.push('## Spec', '', '```json', JSON.stringify(report.spec, null, 2), '```', '');
  return { markdown: out.join('\n'), plots };
}

/** Holding-up candidates first, else the finale's best searched candidates on the first task. */
function winnersOf(report: CampaignReport): FinaleRow[] {
  const first = report.finale?.tasks[0];
  if (first === undefined) return [];
  const searched = first.rows.filter((row) => row.baseline === null && row.stats !== null);
  const holding = searched.filter((row) => report.finale?.holdsUp.includes(row.fingerprint) === true);
  return (holding.length > 0 ? holding : searched).slice(0, PLOTTED_WINNERS);
}

function tableRow(row: FinaleRow, holds: boolean): string {
  const name = `\`${row.canonical}\`${row.baseline === null ? '' : ' (baseline)'}`;
  const ci = row.stats?.ciLow === null || row.stats?.ciLow === undefined ? '—' : `[${num(row.stats.ciLow)}, ${num(row.stats.ciHigh ?? 0)}]`;
  const vs = row.vsRelu;
  return `| ${row.rank ?? '—'} | ${name} | ${row.searchRank ?? '—'} | ${row.stats === null ? unscored(row) : num(row.stats.mean)} | ${ci} | ${vs === null ? '—' : signed(vs.meanDiff)} | ${vs?.p === null || vs?.p === undefined ? '—' : vs.p.toPrecision(2)} | ${holds ? 'yes' : ''} |`;
}

/** Why a row has no mean: its seeds' statuses (`rejected on 3 of 3 seeds`). */
function unscored(row: FinaleRow): string {
  const counts = new Map<string, number>();
  for (const seed of row.seeds) counts.set(seed.status, (counts.get(seed.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${status} on ${n} of ${row.seeds.length} seeds`).join(', ');
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

function signed(v: number): string {
  return `${v >= 0 ? '+' : ''}${v.toFixed(4)}`;
}

function seconds(ms: number): string {
  return ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(2)} h` : `${(ms / 1000).toFixed(1)} s`;
}
