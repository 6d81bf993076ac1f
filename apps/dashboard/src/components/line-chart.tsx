/**
 * A uPlot line chart that fits its container. Series are told apart by line style as well as colour
 * (solid, dashed, dotted, points), with uPlot's legend naming each, so the chart reads without colour.
 * Colours come from CSS variables, and the chart is rebuilt when the system switches dark/light.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type LineStyle = 'solid' | 'dashed' | 'dotted' | 'dashdot' | 'longdash' | 'points' | 'step';

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly style: LineStyle;
  /** A CSS custom property holding the colour, e.g. `--series-1`. */
  readonly colorVar: string;
  readonly width?: number;
}

export interface LineChartProps {
  readonly x: readonly number[];
  readonly series: readonly ChartSeries[];
  readonly height: number;
  /** Said to screen readers. */
  readonly title: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Limits of the y axis; auto when absent. */
  readonly yRange?: readonly [number, number];
  readonly testId?: string;
  /** x takes whole numbers only (proposal order): no fractional ticks. */
  readonly integerX?: boolean;
}

const INTEGER_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];

const DASH: Readonly<Record<LineStyle, number[] | undefined>> = {
  solid: undefined,
  step: undefined,
  points: undefined,
  dashed: [8, 5],
  dotted: [2, 4],
  dashdot: [10, 4, 2, 4],
  longdash: [16, 6],
};

const BORDER: Readonly<Record<LineStyle, string>> = {
  solid: 'solid',
  step: 'solid',
  points: 'dotted',
  dashed: 'dashed',
  dotted: 'dotted',
  dashdot: 'dashed',
  longdash: 'dashed',
};

function cssVar(el: Element, name: string, fallback: string): string {
  const value = getComputedStyle(el).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

function buildOptions(el: HTMLElement, props: LineChartProps, width: number): uPlot.Options {
  const text = cssVar(el, '--fg', '#222');
  const grid = cssVar(el, '--grid', 'rgba(128,128,128,0.25)');
  const axis = (label: string | undefined): uPlot.Axis => ({
    stroke: text,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
    ...(label === undefined ? {} : { label }),
  });
  return {
    width,
    height: props.height,
    scales: {
      x: { time: false },
      y: props.yRange === undefined ? { auto: true } : { auto: false, range: [props.yRange[0], props.yRange[1]] },
    },
    axes: [{ ...axis(props.xLabel), ...(props.integerX ? { incrs: INTEGER_STEPS } : {}) }, axis(props.yLabel)],
    cursor: { drag: { x: false, y: false } },
    legend: {
      show: true,
      live: true,
      // The legend's marker repeats the line style, so series are told apart without colour.
      markers: {
        width: 3,
        dash: (_u, i) => BORDER[props.series[i - 1]?.style ?? 'solid'],
        fill: (_u, i) => (props.series[i - 1]?.style === 'points' ? cssVar(el, props.series[i - 1]?.colorVar ?? '', text) : 'transparent'),
      },
    },
    series: [
      { label: props.xLabel ?? 'x' },
      ...props.series.map((s): uPlot.Series => {
        const stroke = cssVar(el, s.colorVar, text);
        const dash = DASH[s.style];
        if (s.style === 'points') {
          return { label: s.label, stroke, width: 0, paths: () => null, points: { show: true, size: 6, stroke, fill: stroke } };
        }
        return {
          label: s.label,
          stroke,
          width: s.width ?? 2,
          spanGaps: false,
          points: { show: false },
          ...(dash === undefined ? {} : { dash }),
          ...(s.style === 'step' ? { paths: uPlot.paths.stepped?.({ align: 1 }) } : {}),
        };
      }),
    ],
  };
}

function dataOf(props: LineChartProps): uPlot.AlignedData {
  return [Float64Array.from(props.x), ...props.series.map((s) => s.values.map((v) => (v === null || !Number.isFinite(v) ? null : v)))];
}

export function LineChart(props: LineChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const shape =
    props.series.map((s) => `${s.label}|${s.style}|${s.colorVar}`).join(';') + `|${props.yRange?.join(',') ?? ''}|${props.height}`;

  // (Re)build when the series set changes or the colour scheme flips.
  useEffect(() => {
    const el = host.current;
    if (el === null) return;
    const build = () => {
      chart.current?.destroy();
      chart.current = new uPlot(buildOptions(el, props, Math.max(200, el.clientWidth)), dataOf(props), el);
    };
    build();
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', build);
    const resize = new ResizeObserver(() => chart.current?.setSize({ width: Math.max(200, el.clientWidth), height: props.height }));
    resize.observe(el);
    return () => {
      scheme.removeEventListener('change', build);
      resize.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
  }, [shape]);

  // New data in the same series: just redraw.
  useEffect(() => {
    chart.current?.setData(dataOf(props));
  }, [props.x, props.series]);

  return <div class="chart" ref={host} role="img" aria-label={props.title} data-testid={props.testId} />;
}
