/** Plain-text formatting for the client commands: tables, durations, scores, a progress bar. */

export function table(rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) => (rightAligned.includes(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(s / 3600);
  return `${h}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatScore(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits);
}

export function formatSigned(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '—';
  return `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
}

export function progressBar(fraction: number, width = 24): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

export function ellipsis(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A mean with its 95 % interval: `0.9123 ± 0.0050 (95 % CI)`, or `0.9990 [0.9950, 1.0000] (95 % CI,
 * cut at the metric's range)` when the t-interval reached past the range and is no longer symmetric.
 */
export function formatInterval(mean: number, low: number | null, high: number | null, clipped: string): string {
  if (low === null || high === null) return formatScore(mean);
  if (clipped === 'none') return `${formatScore(mean)} ± ${formatScore((high - low) / 2)} (95 % CI)`;
  return `${formatScore(mean)} [${formatScore(low)}, ${formatScore(high)}] (95 % CI, cut at the metric's range)`;
}

/** A p-value: two significant digits, scientific below 1e-4. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined) return '—';
  return p < 1e-4 ? p.toExponential(1) : p.toPrecision(2);
}
