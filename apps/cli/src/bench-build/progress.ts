/**
 * How a benchmark build reports progress: a one-line bar with rate and ETA redrawn in place on a
 * terminal, or a plain line every `everyMs` otherwise (logs, nohup), so a log file stays readable.
 */
import type { BuildProgress } from './build.ts';

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

export function progressLine(p: BuildProgress): string {
  const pct = p.total === 0 ? 100 : (100 * p.done) / p.total;
  const parts = [
    `${p.done}/${p.total} (${pct.toFixed(1)} %)`,
    `rejected ${p.rejected}`,
    ...(p.failed > 0 ? [`failed ${p.failed}`] : []),
    ...(p.resumed > 0 ? [`resumed ${p.resumed}`] : []),
    `elapsed ${formatDuration(p.elapsedMs)}`,
    `ETA ${p.etaMs === null ? '—' : formatDuration(p.etaMs)}`,
  ];
  return parts.join(' · ');
}

export function progressBar(p: BuildProgress, width = 24): string {
  const filled = p.total === 0 ? width : Math.min(width, Math.floor((p.done / p.total) * width));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progressLine(p)}`;
}

export interface ProgressSink {
  readonly isTty: boolean;
  write(text: string): void;
}

/** Returns the onProgress callback and a `finish` that ends the bar's line. */
export function progressReporter(
  sink: ProgressSink,
  everyMs: number,
  now: () => number = () => performance.now(),
): { onProgress: (p: BuildProgress) => void; finish: () => void } {
  let lastAt = -Infinity;
  let lastWidth = 0;
  let drawn = false;
  return {
    onProgress(p) {
      const t = now();
      if (sink.isTty) {
        // Redrawing more than ~10 times a second only costs the terminal.
        if (t - lastAt < 100 && p.done < p.total) return;
        const line = progressBar(p);
        sink.write(`\r${line}${' '.repeat(Math.max(0, lastWidth - line.length))}`);
        lastWidth = line.length;
        drawn = true;
      } else {
        if (t - lastAt < everyMs && p.done < p.total) return;
        sink.write(`${new Date().toISOString()} ${progressLine(p)}\n`);
      }
      lastAt = t;
    },
    finish() {
      if (drawn) sink.write('\n');
    },
  };
}
