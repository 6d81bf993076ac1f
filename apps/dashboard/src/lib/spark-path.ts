/** The SVG path of a sparkline: samples scaled into a box, gaps where f is not finite, clipped to ±10. */

const CLIP = 10;

export function sparkPath(
  xs: Float64Array,
  ys: readonly (number | null)[],
  width: number,
  height: number,
): { path: string; zeroY: number | null } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const y of ys) {
    if (y === null) continue;
    const c = Math.max(-CLIP, Math.min(CLIP, y));
    lo = Math.min(lo, c);
    hi = Math.max(hi, c);
  }
  if (!Number.isFinite(lo)) return { path: '', zeroY: null };
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const x0 = xs[0] as number;
  const x1 = xs[xs.length - 1] as number;
  const px = (x: number) => ((x - x0) / (x1 - x0)) * (width - 2) + 1;
  const py = (y: number) => height - 1 - ((Math.max(-CLIP, Math.min(CLIP, y)) - lo) / (hi - lo)) * (height - 2);
  let path = '';
  let pen = false;
  ys.forEach((y, i) => {
    if (y === null) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${px(xs[i] as number).toFixed(1)} ${py(y).toFixed(1)}`;
    pen = true;
  });
  return { path, zeroY: lo <= 0 && hi >= 0 ? py(0) : null };
}
