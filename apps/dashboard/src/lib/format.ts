/** How numbers, intervals, times and durations read on the pages. */

export function formatScore(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}

/** A signed difference with a real minus sign, e.g. `+0.0123` or `−0.0040`. */
export function formatDelta(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return `±${text}`;
  return `${value > 0 ? '+' : '−'}${text}`;
}

/** Half the width of a 95 % interval, or null without one (a single seed). */
export function halfWidth(ciLow: number | null, ciHigh: number | null): number | null {
  return ciLow === null || ciHigh === null ? null : (ciHigh - ciLow) / 2;
}

/**
 * `0.9123 ± 0.0050` (a 95 % interval; the pages say so in their headers), `0.9990 [0.9950, 1.0000]†`
 * when the interval was cut at the metric's range (no longer symmetric), or just the mean.
 */
export function formatMeanInterval(mean: number, ciLow: number | null, ciHigh: number | null, clipped = 'none', digits = 4): string {
  const half = halfWidth(ciLow, ciHigh);
  if (half === null) return formatScore(mean, digits);
  if (clipped !== 'none') return `${formatScore(mean, digits)} [${formatScore(ciLow, digits)}, ${formatScore(ciHigh, digits)}]†`;
  return `${formatScore(mean, digits)} ± ${half.toFixed(digits)}`;
}

/** Explains the † of formatMeanInterval. */
export const CLIPPED_NOTE = "† the 95 % t-interval reached past the metric's range and is cut there.";

/** A p-value: two significant digits, scientific below 1e-4. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p < 1e-4 ? p.toExponential(1) : p.toPrecision(2);
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : formatDuration(ms / 1000);
}

export function formatCount(value: number | string): string {
  if (typeof value === 'string') return value.length > 12 ? `${value.slice(0, 3)}…×10^${value.length - 1}` : value;
  return value.toLocaleString('en-US');
}

export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export function formatPercent(fraction: number): string {
  return `${Math.round(Math.max(0, Math.min(1, fraction)) * 100)} %`;
}
