/** Small shared pieces: progress bar, status label, layer marker, error notice. */
// Status marks are plain characters that every system font has (no emoji), so none renders as a box.
import type { CampaignStatus, Progress } from '../api/types.ts';
import { formatPercent } from '../lib/format.ts';

const STATUS_MARK: Readonly<Record<CampaignStatus, string>> = {
  queued: '…',
  running: '▶',
  paused: '‖',
  done: '✓',
  cancelled: '×',
  failed: '!',
};

/** The status as a word with a symbol, so it reads without its colour. */
export function StatusLabel({ status }: { readonly status: CampaignStatus }) {
  return (
    <span class={`status status-${status}`} data-status={status}>
      <span aria-hidden="true">{STATUS_MARK[status]}</span> {status}
    </span>
  );
}

export function ProgressBar({
  progress,
  label = 'candidates',
  testId = 'progress',
}: {
  readonly progress: Pick<Progress, 'completed' | 'budget' | 'fraction'>;
  readonly label?: string;
  readonly testId?: string;
}) {
  const { completed, budget, fraction } = progress;
  return (
    <div
      class="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={budget}
      aria-valuenow={completed}
      aria-label={`${completed} of ${budget} ${label}`}
      data-testid={testId}
    >
      <div class="progress-fill" style={{ width: formatPercent(fraction).replace(' ', '') }} />
      <span class="progress-text">
        {completed} / {budget} <span class="muted">({formatPercent(fraction)})</span>
      </span>
    </div>
  );
}

/** Marks a normalization-activation layer where an activation shows its curve: a layer has no f(x). */
export function LayerMark() {
  return (
    <span
      class="layer-mark"
      data-testid="layer-mark"
      title="a normalization-activation layer: its output depends on statistics of its whole input, so it has no f(x) curve"
    >
      layer
    </span>
  );
}

export function ErrorNotice({ error }: { readonly error: Error | undefined }) {
  if (error === undefined) return null;
  return (
    <p class="notice notice-error" role="alert">
      <strong>Error:</strong> {error.message}
    </p>
  );
}
