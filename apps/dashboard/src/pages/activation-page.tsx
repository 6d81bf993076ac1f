/**
 * One activation: f and f′ on [−5, 5] with ReLU / Swish / GELU overlays on toggle, the formula in
 * KaTeX, its features and every evaluation, and its code in every export language (download, or copy
 * to the clipboard). A layer shows its formula, statistics and the API's note in place of the chart
 * (it has no f(x)), and only the languages it exports to.
 */
import { useMemo, useState } from 'preact/hooks';
import { displayText } from '@actsearch/expr';
import { api, EXPORT_LANGS, exportText, exportUrl } from '../api/client.ts';
import type { Activation, PlotPoints } from '../api/types.ts';
import { ErrorNotice, LayerMark } from '../components/bits.tsx';
import { Formula } from '../components/formula.tsx';
import { LineChart, type ChartSeries, type LineStyle } from '../components/line-chart.tsx';
import { BASELINES, sampleExpression, type BaselineId } from '../lib/curves.ts';
import { formatMs, formatScore, formatTime } from '../lib/format.ts';
import { useAsync } from '../lib/use-async.ts';

const BASELINE_STYLE: Readonly<Record<BaselineId, { style: LineStyle; colorVar: string }>> = {
  relu: { style: 'dotted', colorVar: '--series-3' },
  swish: { style: 'dashdot', colorVar: '--series-4' },
  gelu: { style: 'longdash', colorVar: '--series-5' },
};

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard !== undefined && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain http on another host has no clipboard API: fall back to a selected textarea.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the browser refused to copy');
}

function ExportButtons({ fingerprint, langs }: { readonly fingerprint: string; readonly langs: readonly string[] }) {
  const [status, setStatus] = useState<string>('');
  const copy = async (lang: string, label: string) => {
    try {
      await copyText(await exportText(fingerprint, lang));
      setStatus(`${label} code copied to the clipboard.`);
    } catch (err) {
      setStatus(`Could not copy the ${label} code: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return (
    <div>
      <table class="exports" data-testid="exports">
        <tbody>
          {EXPORT_LANGS.filter(({ id }) => langs.includes(id)).map(({ id, label }) => (
            <tr key={id}>
              <th scope="row">{label}</th>
              <td>
                <a class="button" href={exportUrl(fingerprint, id)} download data-testid={`download-${id}`}>
                  Download
                </a>
              </td>
              <td>
                <button type="button" onClick={() => void copy(id, label)} data-testid={`copy-${id}`}>
                  Copy
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted" role="status" aria-live="polite" data-testid="export-status">
        {status}
      </p>
    </div>
  );
}

function featureText(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(4);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value === null ? '—' : String(value);
}

/** The API's note as a sentence: capital first, full stop last. */
function sentence(note: string | null): string {
  return note === null ? '' : `${note.charAt(0).toUpperCase()}${note.slice(1)}.`;
}

/** f and f′ with the baselines on toggle. */
function ActivationChart({ plot, canonical }: { readonly plot: PlotPoints; readonly canonical: string }) {
  const [shown, setShown] = useState<ReadonlySet<BaselineId>>(new Set());
  const xs = useMemo(() => Float64Array.from(plot.x), [plot]);
  const overlays = useMemo(() => new Map(BASELINES.map((b) => [b.id, sampleExpression(b.text, xs) ?? []])), [xs]);
  const series: ChartSeries[] = [
    { label: 'f(x)', values: plot.f, style: 'solid', colorVar: '--series-1', width: 3 },
    { label: 'f′(x)', values: plot.df, style: 'dashed', colorVar: '--series-2' },
    ...BASELINES.filter((b) => shown.has(b.id)).map((b) => ({ label: b.label, values: overlays.get(b.id) ?? [], ...BASELINE_STYLE[b.id] })),
  ];
  const toggle = (id: BaselineId) => {
    const next = new Set(shown);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setShown(next);
  };
  return (
    <>
      <fieldset class="toggles">
        <legend>Compare with</legend>
        {BASELINES.map((b) => (
          <label key={b.id}>
            <input type="checkbox" checked={shown.has(b.id)} onChange={() => toggle(b.id)} data-testid={`overlay-${b.id}`} /> {b.label}{' '}
            <span class="muted small">({BASELINE_STYLE[b.id].style})</span>
          </label>
        ))}
      </fieldset>
      <LineChart
        x={plot.x}
        series={series}
        height={380}
        title={`f and its derivative for ${canonical} on [−5, 5]`}
        xLabel="x"
        yLabel="f(x), f′(x)"
        testId="activation-chart"
      />
    </>
  );
}

/** A layer's formula (affine last, a known layer as its definition), what it is made of, and why no chart. */
function LayerFacts({ a }: { readonly a: Activation }) {
  return (
    <div data-testid="layer-facts">
      <pre class="formula-text" data-testid="layer-formula">
        y = {displayText(a.canonical, a.fingerprint)}
      </pre>
      {a.layer !== null && (
        <p>
          {a.layer.knownLayer !== null && (
            <>
              Known layer <strong>{a.layer.knownLayer}</strong> ·{' '}
            </>
          )}
          statistics{' '}
          {a.layer.aggregates.map((s) => (
            <code key={s}>{s} </code>
          ))}
          · parameters per channel
        </p>
      )}
      <p class="muted" data-testid="no-plot">
        {sentence(a.plotNote)}
      </p>
    </div>
  );
}

function ActivationView({ a }: { readonly a: Activation }) {
  const evaluations = [...a.evaluations].sort(
    (x, y) => x.task.localeCompare(y.task) || x.fidelity.localeCompare(y.fidelity) || x.seed - y.seed,
  );
  return (
    <section aria-labelledby="activation-title" data-testid="activation-page">
      <p class="crumbs">
        <a href="/leaderboard">Leaderboard</a> /
      </p>
      <h1 id="activation-title">
        <code>{a.canonical}</code> {a.kind === 'layer' && <LayerMark />}
      </h1>
      <p class="muted">
        fingerprint <code>{a.fingerprint}</code>
        {a.aliases.length > 1 && (
          <>
            {' '}
            · also written as{' '}
            {a.aliases
              .filter((t) => t !== a.canonical)
              .slice(0, 5)
              .join(', ')}
          </>
        )}
      </p>
      {a.kind === 'layer' ? (
        <LayerFacts a={a} />
      ) : (
        <>
          <Formula latex={a.latex} text={a.canonical} />
          {a.plot === null ? (
            <p class="muted" data-testid="no-plot">
              {sentence(a.plotNote)}
            </p>
          ) : (
            <ActivationChart plot={a.plot} canonical={a.canonical} />
          )}
        </>
      )}

      <div class="two-col">
        <div>
          <h2>Export</h2>
          <ExportButtons fingerprint={a.fingerprint} langs={a.exportLangs} />
        </div>
        {Object.keys(a.features).length > 0 && (
          <div>
            <h2>Features</h2>
            <table class="features">
              <tbody>
                {Object.entries(a.features).map(([key, value]) => (
                  <tr key={key}>
                    <th scope="row">{key}</th>
                    <td class="num">{featureText(value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <h2>Evaluations</h2>
      {evaluations.length === 0 ? (
        <p class="muted">Not evaluated yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="evaluations" data-testid="evaluations">
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">Fidelity</th>
                <th scope="col" class="num">
                  Seed
                </th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Metric
                </th>
                <th scope="col" class="num">
                  Val. loss
                </th>
                <th scope="col">Backend</th>
                <th scope="col" class="num">
                  Time
                </th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {evaluations.map((e) => (
                <tr key={`${e.task}|${e.fidelity}|${e.seed}`}>
                  <td>{e.task}</td>
                  <td>{e.fidelity}</td>
                  <td class="num">{e.seed}</td>
                  <td>
                    {e.status}
                    {e.rejection !== null && (
                      <div class="muted small">
                        {e.rejection.test}: {e.rejection.reason}
                      </div>
                    )}
                  </td>
                  <td class="num">{formatScore(e.metric)}</td>
                  <td class="num">{formatScore(e.valLoss)}</td>
                  <td>{e.backend ?? '—'}</td>
                  <td class="num">{formatMs(e.durationMs)}</td>
                  <td>{formatTime(e.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ActivationPage({ fingerprint }: { readonly fingerprint: string }) {
  const state = useAsync((signal) => api.activation(fingerprint, signal), [fingerprint]);
  if (state.data === undefined) {
    return (
      <section>
        <h1>Activation</h1>
        {state.error === undefined ? <p class="muted">Loading…</p> : <ErrorNotice error={state.error} />}
      </section>
    );
  }
  return <ActivationView a={state.data} />;
}
