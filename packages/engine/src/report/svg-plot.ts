/** One curve of a line plot. Non-finite y values break the line. */
export interface PlotSeries {
  readonly label: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
}

export interface LinePlotOptions {
  readonly title: string;
  readonly width?: number;
  readonly height?: number;
  /** Clips y to this range (activations explode; the interesting part is near the origin). */
  readonly yRange?: readonly [number, number];
}

/** A small, dependency-free SVG line plot with axes through the origin, a title and a legend. */
export function linePlot(series: readonly PlotSeries[], options: LinePlotOptions): string {
  const width = options.width ?? 360;
  const height = options.height ?? 240;
  const pad = { left: 36, right: 10, top: 24, bottom: 24 };
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const ys = series.flatMap((s) => s.points.map(([, y]) => y)).filter(Number.isFinite);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = options.yRange ?? [Math.min(...ys), Math.max(...ys)];
  if (options.yRange !== undefined && ys.length > 0) {
    y0 = Math.max(y0, Math.min(...ys));
    y1 = Math.min(y1, Math.max(...ys));
  }
  if (!(y1 > y0)) [y0, y1] = [y0 - 1, y0 + 1];
  const sx = (x: number): number => pad.left + ((x - x0) / (x1 - x0 || 1)) * (width - pad.left - pad.right);
  const sy = (y: number): number => height - pad.bottom - ((y - y0) / (y1 - y0)) * (height - pad.top - pad.bottom);
  const fmt = (v: number): string => (Math.round(v * 10) / 10).toString();
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="14" text-anchor="middle" font-size="12">${escapeXml(options.title)}</text>`,
  ];
  if (y0 <= 0 && y1 >= 0)
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${fmt(sy(0))}" y2="${fmt(sy(0))}" stroke="#999"/>`);
  if (x0 <= 0 && x1 >= 0)
    parts.push(`<line x1="${fmt(sx(0))}" x2="${fmt(sx(0))}" y1="${pad.top}" y2="${height - pad.bottom}" stroke="#999"/>`);
  parts.push(
    `<text x="${pad.left - 3}" y="${fmt(sy(y1) + 4)}" text-anchor="end">${fmt(y1)}</text>`,
    `<text x="${pad.left - 3}" y="${fmt(sy(y0))}" text-anchor="end">${fmt(y0)}</text>`,
    `<text x="${pad.left}" y="${height - 8}">${fmt(x0)}</text>`,
    `<text x="${width - pad.right}" y="${height - 8}" text-anchor="end">${fmt(x1)}</text>`,
  );
  series.forEach((s, i) => {
    const segments: string[] = [];
    let current = '';
    for (const [x, y] of s.points) {
      if (!Number.isFinite(y) || y < y0 || y > y1) {
        if (current !== '') segments.push(current);
        current = '';
        continue;
      }
      current += `${current === '' ? 'M' : 'L'}${fmt(sx(x))},${fmt(sy(y))}`;
    }
    if (current !== '') segments.push(current);
    if (segments.length > 0) {
      parts.push(
        `<path d="${segments.join('')}" fill="none" stroke="${s.color}" stroke-width="1.5"${s.dashed === true ? ' stroke-dasharray="4 3"' : ''}/>`,
      );
    }
    const ly = pad.top + 4 + i * 12;
    parts.push(
      `<line x1="${pad.left + 6}" x2="${pad.left + 20}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="1.5"${s.dashed === true ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${pad.left + 24}" y="${ly + 3}">${escapeXml(s.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
