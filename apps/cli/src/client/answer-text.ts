/** The campaign's answer as the CLI prints it: one short tag for tables and live lines, a block for summaries. */
import type { CampaignSummary } from '@actsearch/contract';
import { knownLayerByFingerprint } from '@actsearch/expr';
import { ellipsis, formatDuration, formatP, formatSigned } from './format.ts';

type Answer = NonNullable<CampaignSummary['answer']>;

/**
 * How the CLI names a reference: a known layer by its name (`bn_relu` reads better than its formula),
 * anything else by its expression.
 */
export function referenceName(reference: { readonly fingerprint: string; readonly expression: string }): string {
  return knownLayerByFingerprint(reference.fingerprint)?.name ?? reference.expression;
}

/** `x * sigmoid(x) (held up)`, `x * sin(x) (provisional)`, `x * sin(x) (did not hold up)`, `—`. */
export function answerTag(answer: CampaignSummary['answer'], max = 40): string {
  if (answer === null || answer.expression === null) return '—';
  const state = answer.heldUp
    ? 'held up'
    : answer.provisional
      ? 'provisional'
      : answer.basis === 'finale'
        ? 'did not hold up'
        : 'no finale';
  return `${ellipsis(answer.expression, max)} (${state})`;
}

/** The answer's lines for a summary: the verdict, its reason, and Δ per task with the adjusted p. */
export function answerLines(answer: CampaignSummary['answer'], id: string, kind: CampaignSummary['kind'] = 'activation'): string[] {
  if (answer === null || answer.expression === null) return ['  answer: none yet (no candidate has a score)'];
  const head = answer.heldUp
    ? `  answer: ${answer.expression} — held up`
    : answer.basis === 'finale' && !answer.provisional
      ? `  answer: no ${kind === 'layer' ? 'layer' : 'function'} held up; best candidate ${answer.expression}`
      : `  answer${answer.provisional ? ' (provisional)' : ''}: ${answer.expression}`;
  const lines = [head, `    ${answer.reason}`];
  for (const t of answer.tasks) lines.push(`    ${taskLine(answer, t)}`);
  lines.push(`  export it: actsearch export best:${id} --lang pytorch > best_${kind}.py`);
  return lines;
}

function taskLine(answer: Answer, t: Answer['tasks'][number]): string {
  const ref = referenceName(answer.reference);
  if (t.mean === null) return `${t.task} (${t.fidelity}): no score${t.missing === null ? '' : ` — ${t.missing}`}`;
  const delta =
    t.meanDiff === null
      ? `no seed in common with ${ref}`
      : `Δ ${ref} ${formatSigned(t.meanDiff)}${deltaInterval(t)} over ${t.n} paired seed${t.n === 1 ? '' : 's'}`;
  const p = t.pAdjusted === null ? '' : `, p ${formatP(t.p)} (Holm-adjusted ${formatP(t.pAdjusted)})${t.beats ? ' — better' : ''}`;
  return `${t.task} (${t.fidelity}): mean ${t.mean.toFixed(4)}, ${delta}${p}`;
}

function deltaInterval(t: Answer['tasks'][number]): string {
  if (t.ciLow === null || t.ciHigh === null) return '';
  return ` [${formatSigned(t.ciLow)}, ${formatSigned(t.ciHigh)}]${t.clipped === 'none' ? '' : ' (cut at the range)'} (95 % CI)`;
}

/** The finale's progress for a live line or a table: `finale 12/36 ETA 4m12s`, or its cost before it starts. */
export function finaleText(campaign: CampaignSummary): string | null {
  const f = campaign.finale;
  if (f === null) return null;
  if (!f.started) return null;
  return `finale ${f.stored}/${f.total}${f.eta === null ? '' : ` ETA ${formatDuration(f.eta.seconds)}`}`;
}

/** What the finale will cost, from the measured training times: for `submit`. */
export function estimateLines(campaign: CampaignSummary): string[] {
  const e = campaign.finale?.estimate;
  if (campaign.finale === null || e === null || e === undefined) return [];
  const time =
    e.trainingSeconds === null || e.wallSeconds === null
      ? 'time unknown (a task was never trained here at this fidelity or any other it can be scaled from)'
      : `≈ ${formatDuration(e.trainingSeconds)} of training, ≈ ${formatDuration(e.wallSeconds)} at parallelism ${e.parallelism} with as many free evaluator slots`;
  return [
    `finale: up to ${e.evaluations} evaluations, ${time}`,
    ...e.perTask.map(
      (t) =>
        `  ${t.task} at ${t.fidelity}: ${t.evaluations} × ${t.seconds === null ? 'unknown' : `≈ ${formatDuration(t.seconds)}`} (${t.basis})`,
    ),
  ];
}
