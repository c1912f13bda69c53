import { ConfigError } from '../core/errors.js';
import { TABLEAU10, vegaLiteSpec, type JsonValue, type VegaLiteSpec } from './vega-lite-spec.js';

/** One layer as the summary describes it; a model's layers map to these with `config()` and `params()`. */
export interface NetworkLayer {
  readonly name: string;
  readonly className: string;
  /** Output width of the layer. */
  readonly units: number;
  readonly activation?: string;
  /** Weights in the layer (kernel + bias + …). */
  readonly params: number;
}

export interface NetworkPlotOptions {
  /** Input features; draws an input column before the first layer when given. */
  readonly inputUnits?: number;
  /** Units drawn per column before the rest are summarised as "… +N". Default 10. */
  readonly maxUnitsDrawn?: number;
  readonly title?: string;
}

const WHERE = 'networkPlot()';
const COLUMN_WIDTH = 170;
const SLOT = 30;
const ROLE_COLOURS = [TABLEAU10[0], TABLEAU10[4], TABLEAU10[1]];
const group = (n: number) => n.toLocaleString('en-US');

interface Column {
  role: 'input' | 'hidden' | 'output';
  units: number;
  label: string;
}

function count(what: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new ConfigError({
      where: WHERE,
      expected: `${what} to be an integer ≥ ${min}`,
      received: String(value),
      hint: `Pass a whole number of at least ${min}.`,
    });
  return value;
}

function columnsOf(layers: readonly NetworkLayer[], inputUnits: number | undefined): Column[] {
  if (!Array.isArray(layers) || layers.length === 0)
    throw new ConfigError({
      where: WHERE,
      expected: 'at least one layer',
      received: Array.isArray(layers) ? 'an empty list' : String(layers),
      hint: 'Pass { name, className, units, activation, params } for each layer of the model.',
    });
  const columns: Column[] = [];
  if (inputUnits !== undefined) {
    const units = count('inputUnits', inputUnits, 1);
    columns.push({ role: 'input', units, label: `Input\n${group(units)} feature${units === 1 ? '' : 's'}` });
  }
  layers.forEach((layer, i) => {
    const units = count(`layers[${i}].units`, layer.units, 1);
    const params = count(`layers[${i}].params`, layer.params, 0);
    const activation = layer.activation ? `, ${layer.activation}` : '';
    columns.push({
      role: i === layers.length - 1 ? 'output' : 'hidden',
      units,
      label: `${layer.name}\n${layer.className}\n${group(units)} unit${units === 1 ? '' : 's'}${activation}\n${group(params)} params`,
    });
  });
  return columns;
}

/**
 * The network drawn as columns of units with the edges between consecutive columns, each column labelled with
 * its units, activation and parameter count. Wide layers are capped at `maxUnitsDrawn` circles plus "… +N".
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const spec = st.plots.network(
 *   [
 *     { name: 'dense_1', className: 'Dense', units: 8, activation: 'relu', params: 40 },
 *     { name: 'dense_2', className: 'Dense', units: 6, activation: 'relu', params: 54 },
 *     { name: 'dense_3', className: 'Dense', units: 3, activation: 'softmax', params: 21 },
 *   ],
 *   { inputUnits: 4 },
 * );
 * console.log(spec.width); // 680: four columns
 * ```
 */
export function networkPlot(layers: readonly NetworkLayer[], options: NetworkPlotOptions = {}): VegaLiteSpec {
  const maxUnitsDrawn = count('maxUnitsDrawn', options.maxUnitsDrawn ?? 10, 1);
  const columns = columnsOf(layers, options.inputUnits);
  const drawn = columns.map((c) => Math.min(c.units, maxUnitsDrawn));
  const tallest = Math.max(...drawn);
  const top = (tallest - 1) / 2;
  // units are centred on y = 0, one slot apart; the ellipsis and labels sit below the tallest column
  const slotY = (col: number, j: number) => (drawn[col] - 1) / 2 - j;

  const units: JsonValue[] = [];
  const edges: JsonValue[] = [];
  const notes: JsonValue[] = [];
  columns.forEach((column, col) => {
    for (let j = 0; j < drawn[col]; j++) {
      units.push({ column: col, unit: j + 1, x: col, y: slotY(col, j), role: column.role });
      if (col > 0)
        for (let i = 0; i < drawn[col - 1]; i++)
          edges.push({ x: col - 1, y: slotY(col - 1, i), x2: col, y2: slotY(col, j) });
    }
    const hidden = column.units - drawn[col];
    if (hidden > 0) notes.push({ x: col, y: slotY(col, drawn[col] - 1) - 0.9, text: `… +${group(hidden)}` });
  });
  const labels = columns.map((c, col) => ({ x: col, y: -top - 1.6, text: c.label }));

  const x = { field: 'x', type: 'quantitative', axis: null, scale: { domain: [-0.5, columns.length - 0.5] } };
  const bottom = -top - 4.4;
  const y = { field: 'y', type: 'quantitative', axis: null, scale: { domain: [bottom, top + 0.7] } };
  const total = layers.reduce((sum, layer) => sum + layer.params, 0);
  return vegaLiteSpec(
    options.title ?? 'Network architecture',
    {
      width: COLUMN_WIDTH * columns.length,
      height: Math.round(SLOT * (top + 0.7 - bottom)),
      view: { stroke: null },
      layer: [
        {
          data: { values: edges },
          mark: { type: 'rule', color: '#9aa0a6', opacity: 0.45, strokeWidth: 0.8 },
          encoding: { x, y, x2: { field: 'x2' }, y2: { field: 'y2' } },
        },
        {
          data: { values: units },
          mark: { type: 'circle', size: 260, opacity: 1, stroke: '#333', strokeWidth: 1 },
          encoding: {
            x,
            y,
            color: {
              field: 'role',
              type: 'nominal',
              scale: { domain: ['input', 'hidden', 'output'], range: ROLE_COLOURS },
              legend: null,
            },
            tooltip: [{ field: 'column' }, { field: 'unit' }, { field: 'role' }],
          },
        },
        {
          data: { values: notes },
          mark: { type: 'text', fontSize: 13, fontWeight: 'bold', color: '#333' },
          encoding: { x, y, text: { field: 'text' } },
        },
        {
          data: { values: labels },
          mark: { type: 'text', baseline: 'top', lineBreak: '\n', lineHeight: 15, fontSize: 12, color: '#222' },
          encoding: { x, y, text: { field: 'text' } },
        },
      ],
    },
    `Total params: ${group(total)}`,
  );
}
