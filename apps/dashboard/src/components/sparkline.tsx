/** A small SVG line of f(x) on [−5, 5], sampled in the browser; for a layer, which has no f(x), its marker. */
import type { CandidateKind } from '../api/types.ts';
import { sparkSamples } from '../lib/curves.ts';
import { sparkPath } from '../lib/spark-path.ts';
import { LayerMark } from './bits.tsx';

export function Sparkline({
  text,
  kind = 'activation',
  width = 120,
  height = 32,
}: {
  readonly text: string;
  readonly kind?: CandidateKind;
  readonly width?: number;
  readonly height?: number;
}) {
  if (kind === 'layer') return <LayerMark />;
  const { xs, ys } = sparkSamples(text);
  if (ys === null) return <span class="muted">—</span>;
  const { path, zeroY } = sparkPath(xs, ys, width, height);
  return (
    <svg
      class="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`plot of ${text} on [−5, 5]`}
    >
      <line class="spark-axis" x1={width / 2} x2={width / 2} y1={0} y2={height} />
      {zeroY !== null && <line class="spark-axis" x1={0} x2={width} y1={zeroY} y2={zeroY} />}
      <path class="spark-line" d={path} />
    </svg>
  );
}
