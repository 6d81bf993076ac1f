/**
 * The campaign's answer for the page header and the list: the activation it offers, marked held up
 * (beat the reference on every finale task after Holm's correction), did not hold up, provisional or
 * without a finale, and the finale's own progress with its ETA.
 */
import type { CampaignAnswer, CampaignSummary } from '../api/types.ts';
import { formatDelta, formatDuration, formatP } from '../lib/format.ts';

export function answerState(answer: CampaignAnswer): {
  readonly label: string;
  readonly kind: 'held' | 'missed' | 'provisional' | 'search';
} {
  if (answer.heldUp) return { label: 'held up', kind: 'held' };
  if (answer.provisional) return { label: 'provisional', kind: 'provisional' };
  if (answer.basis === 'finale') return { label: 'did not hold up', kind: 'missed' };
  return { label: 'no finale', kind: 'search' };
}

/** One line for the campaign list. */
export function AnswerTag({ answer }: { readonly answer: CampaignAnswer | null }) {
  if (answer === null || answer.expression === null) return <span class="muted">—</span>;
  const state = answerState(answer);
  return (
    <span data-testid="campaign-answer" data-answer={state.kind}>
      <a href={`/activations/${answer.fingerprint ?? ''}`}>
        <code>{answer.expression}</code>
      </a>
      <div class={`muted small answer-${state.kind}`}>{state.label}</div>
    </span>
  );
}

/** The finale's progress in words: `finale 12 / 36 evaluations · ETA 4 min`, or its expected cost before it starts. */
export function finaleProgressText(c: Pick<CampaignSummary, 'finale'>): string | null {
  const f = c.finale;
  if (f === null) return null;
  if (!f.started) {
    const e = f.estimate;
    if (e === null) return null;
    return `finale: up to ${e.evaluations} evaluations, ${e.wallSeconds === null ? 'time unknown (a task was never trained here)' : `≈ ${formatDuration(e.wallSeconds)} at parallelism ${e.parallelism}`}`;
  }
  return `finale ${f.stored} / ${f.total} evaluations${f.eta === null ? '' : ` · ETA ${formatDuration(f.eta.seconds)}`}`;
}

/** The header block: the answer, why, and Δ reference per task with the adjusted p. */
export function AnswerHead({ answer }: { readonly answer: CampaignAnswer | null }) {
  if (answer === null || answer.expression === null) {
    return (
      <p class="answer muted" data-testid="answer" data-answer="none">
        Answer: none yet — no candidate has a score.
      </p>
    );
  }
  const state = answerState(answer);
  const ref = answer.reference.expression;
  return (
    <div class={`answer answer-${state.kind}`} data-testid="answer" data-answer={state.kind}>
      <p>
        <strong>Answer{state.kind === 'provisional' ? ' (provisional)' : ''}: </strong>
        <a href={`/activations/${answer.fingerprint ?? ''}`}>
          <code>{answer.expression}</code>
        </a>{' '}
        — <strong>{state.label}</strong>
      </p>
      <p class="muted small">{answer.reason}</p>
      <table class="breakdown answer-tasks">
        <thead>
          <tr>
            <th scope="col">task</th>
            <th scope="col">mean</th>
            <th scope="col">Δ {ref} (95 % CI)</th>
            <th scope="col">p (Holm)</th>
          </tr>
        </thead>
        <tbody>
          {answer.tasks.map((t) => (
            <tr key={t.task}>
              <td>
                {t.task}{' '}
                <span class="muted">
                  ({t.kind}, {t.fidelity})
                </span>
              </td>
              <td>{t.mean === null ? (t.missing ?? '—') : t.mean.toFixed(4)}</td>
              <td>
                {formatDelta(t.meanDiff)}
                {t.ciLow !== null &&
                  t.ciHigh !== null &&
                  ` [${formatDelta(t.ciLow)}, ${formatDelta(t.ciHigh)}]${t.clipped === 'none' ? '' : '†'}`}
                <span class="muted">
                  {' '}
                  over {t.n} paired seed{t.n === 1 ? '' : 's'}
                </span>
              </td>
              <td>
                {formatP(t.pAdjusted)}
                {t.beats ? ' ✓' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
