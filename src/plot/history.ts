import { ConfigError, ShapeError } from '../core/errors.js';
import { unknownName } from '../core/suggest.js';
import { humanize, vegaLiteSpec, type JsonValue, type VegaLiteSpec } from './vega-lite-spec.js';

/** What `fit()` returns (a History), or any object of the same shape. */
export interface HistoryLike {
  /** 0-based epoch numbers, as fit records them; default 0, 1, 2, … */
  readonly epoch?: readonly number[];
  /** One value per epoch under Keras key names: `loss`, `accuracy`, `val_loss`, … */
  readonly history: Readonly<Record<string, readonly number[]>>;
}

export interface HistoryPlotOptions {
  /**
   * The epoch to mark, numbered as in `history.epoch` (0-based, as fit and early stopping report it; drawn at
   * `bestEpoch + 1`). Default: the epoch with the lowest `val_loss`, when there is one; `null` draws no marker.
   */
  readonly bestEpoch?: number | null;
  /** The metrics that get a panel, by base name (`'loss'`, `'accuracy'`); default: all of them, loss first. */
  readonly metrics?: readonly string[];
  readonly title?: string;
}

const WHERE = 'historyPlot()';
const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

function checkSeries(history: HistoryLike): { keys: string[]; epochs: readonly number[] } {
  const keys = Object.keys(history?.history ?? {});
  if (keys.length === 0)
    throw new ConfigError({
      where: WHERE,
      expected: 'a history with at least one metric',
      received: 'an empty history',
      hint: 'Pass the History that fit() returns.',
    });
  const epochs = history.epoch ?? Array.from({ length: history.history[keys[0]].length }, (_, i) => i);
  if (epochs.length === 0)
    throw new ConfigError({ where: WHERE, expected: 'at least one epoch', received: 'none', hint: 'Train first.' });
  for (const key of keys)
    if (history.history[key].length !== epochs.length)
      throw new ShapeError({
        where: WHERE,
        expected: `${epochs.length} values for '${key}' (one per epoch)`,
        received: `${history.history[key].length}`,
        hint: 'Every series in history.history needs one value per entry of history.epoch.',
      });
  return { keys, epochs };
}

/** The epoch with the lowest finite val_loss, or undefined when there is no validation loss. */
function lowestValidationLoss(history: HistoryLike, epochs: readonly number[]): number | undefined {
  const values = history.history.val_loss;
  if (!values) return undefined;
  let best: number | undefined;
  values.forEach((v, i) => {
    if (Number.isFinite(v) && (best === undefined || v < values[best])) best = i;
  });
  return best === undefined ? undefined : epochs[best];
}

function metricPanel(metric: string, series: string[], best: number | undefined, xDomain: number[]): JsonValue {
  const only = { filter: { field: 'metric', equal: metric } };
  const x = {
    field: 'epoch',
    type: 'quantitative',
    title: 'Epoch',
    scale: { domain: xDomain, nice: false },
    axis: { tickMinStep: 1, format: 'd' },
  };
  const y = { field: 'value', type: 'quantitative', title: humanize(metric), scale: { zero: false } };
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: series, scheme: 'tableau10' },
  };
  const layer: JsonValue[] = [{ transform: [only], mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color } }];
  if (best !== undefined) {
    const late = best > (xDomain[0] + xDomain[1]) / 2;
    const at = { x: { field: 'epoch', type: 'quantitative' } };
    layer.push(
      { data: { values: [{ epoch: best }] }, mark: { type: 'rule', color: '#333', strokeDash: [6, 4] }, encoding: at },
      {
        data: { values: [{ epoch: best, label: `best epoch ${best}` }] },
        // above the plot area, so it never covers a curve; on the side of the rule with more room
        mark: { type: 'text', align: late ? 'right' : 'left', baseline: 'bottom', y: -4, color: '#333' },
        encoding: { ...at, text: { field: 'label' } },
      },
      {
        transform: [only, { filter: { field: 'epoch', equal: best } }],
        mark: { type: 'point', filled: true, size: 90, stroke: 'white', strokeWidth: 1.5, opacity: 1 },
        encoding: { x, y, color, tooltip: [{ field: 'series' }, { field: 'value', format: '.4f' }] },
      },
    );
  }
  return { title: { text: humanize(metric), offset: 20 }, width: 320, height: 220, layer };
}

/**
 * Training curves: one panel per metric (loss first), training and validation (`val_…`) lines, and a dashed rule
 * with point markers at the best epoch. Epochs are counted from 1 on the x axis.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const history = { epoch: [0, 1, 2], history: { loss: [0.9, 0.5, 0.3], val_loss: [1, 0.6, 0.7] } };
 * const spec = st.plots.history(history); // best epoch: the lowest val_loss, epoch 1, drawn at x = 2
 * console.log(spec.$schema, JSON.stringify(spec).length > 0);
 * ```
 */
export function historyPlot(history: HistoryLike, options: HistoryPlotOptions = {}): VegaLiteSpec {
  const { keys, epochs } = checkSeries(history);
  const baseNames = [...new Set(keys.map((k) => k.replace(/^val_/, '')))].sort(
    (a, b) => Number(b === 'loss') - Number(a === 'loss'),
  );
  const metrics = options.metrics ?? baseNames;
  for (const m of metrics)
    if (!baseNames.includes(m)) throw new ConfigError({ where: WHERE, ...unknownName('metric', m, baseNames) });
  const series = keys.some((k) => k.startsWith('val_')) ? ['training', 'validation'] : ['training'];

  const bestEpoch = options.bestEpoch === undefined ? lowestValidationLoss(history, epochs) : options.bestEpoch;
  if (bestEpoch !== null && bestEpoch !== undefined && !epochs.includes(bestEpoch))
    throw new ConfigError({
      where: WHERE,
      expected: `bestEpoch to be one of the recorded epochs, ${epochs[0]} to ${epochs[epochs.length - 1]}`,
      received: String(bestEpoch),
      hint: 'Epochs are 0-based, as history.epoch numbers them.',
    });
  const best = bestEpoch === null || bestEpoch === undefined ? undefined : bestEpoch + 1;

  const values: JsonValue[] = [];
  for (const metric of metrics)
    for (const [name, key] of [
      ['training', metric],
      ['validation', `val_${metric}`],
    ])
      history.history[key]?.forEach((v, i) =>
        values.push({ epoch: epochs[i] + 1, metric, series: name, value: finite(v) }),
      );

  const first = epochs[0] + 1;
  const last = epochs[epochs.length - 1] + 1;
  const xDomain = [first, Math.max(last, first + 1)];
  let subtitle: string | undefined;
  if (best !== undefined) {
    const i = epochs.indexOf(best - 1);
    const valLoss = history.history.val_loss?.[i];
    subtitle = `Best epoch: ${best}` + (valLoss === undefined ? '' : ` (val_loss ${valLoss.toFixed(4)})`);
  }
  return vegaLiteSpec(
    options.title ?? 'Training history',
    {
      data: { values },
      columns: Math.min(metrics.length, 2),
      concat: metrics.map((m) => metricPanel(m, series, best, xDomain)),
      resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
    },
    subtitle,
  );
}
