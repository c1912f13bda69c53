import { ConfigError, DataError, ShapeError } from '../core/errors.js';
import { formatShape } from '../core/shape.js';
import { Tensor, tensor, type TensorLike } from '../tensor/tensor.js';
import { round, TABLEAU10, vegaLiteSpec, type JsonValue, type VegaLiteSpec } from './vega-lite-spec.js';
import { checkOptionsObject } from '../core/options.js';

export interface DecisionBoundaryOptions {
  /** The model's forward pass, e.g. `(x) => model.predict(x)`: [rows, 2] in, probabilities [rows, classes] out. */
  readonly predict: (x: Tensor) => Tensor;
  /** The training inputs, [n, 2]. */
  readonly x: TensorLike;
  /** Class ids (n values, or [n, 1]) or one-hot rows [n, classes]. */
  readonly y: TensorLike | readonly number[];
  /** Grid cells per axis; predict runs once on resolution² points. Default 100. */
  readonly resolution?: number;
  /** Margin around the data on every side, in data units. Default: 10% of the wider axis span (0.5 for one point). */
  readonly padding?: number;
  /** Class names, in class-id order; default 'class 0', 'class 1', … */
  readonly classes?: readonly string[];
  readonly featureNames?: readonly [string, string];
  readonly title?: string;
}

const WHERE = 'decisionBoundaryPlot()';
const at = (v: number) => Number(v.toPrecision(4));
const SIZE = 420;

function positiveInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new ConfigError({
      where: WHERE,
      expected: `${name} to be an integer ≥ ${min}`,
      received: String(value),
      hint: `Pass a whole number, e.g. ${name}: ${Math.max(min, 100)}.`,
    });
  return value;
}

function inputs(x: TensorLike): Tensor {
  const t = tensor(x, undefined, 'float64', WHERE);
  if (t.rank !== 2 || t.shape[1] !== 2 || t.shape[0] === 0)
    throw new ShapeError({
      where: WHERE,
      expected: 'x of shape [n, 2] with n ≥ 1',
      received: formatShape(t.shape),
      hint: 'The decision boundary is drawn for models with exactly two input features.',
    });
  for (let i = 0; i < t.size; i++)
    if (!Number.isFinite(t.data[i]))
      throw new DataError({
        where: WHERE,
        expected: 'finite numbers in x',
        received: `${t.data[i]} at index ${i}`,
        hint: 'Drop or impute missing values before plotting.',
      });
  return t;
}

/** Class ids from ids, an [n, 1] column or one-hot rows. */
function labels(y: TensorLike | readonly number[], n: number): number[] {
  const t = tensor(y as TensorLike, undefined, 'float64', WHERE);
  const cols = t.rank === 2 ? t.shape[1] : 1;
  if (t.rank === 0 || t.rank > 2 || t.shape[0] !== n)
    throw new ShapeError({
      where: WHERE,
      expected: `y with ${n} labels (one per row of x)`,
      received: `shape ${formatShape(t.shape)}`,
      hint: 'Pass class ids as an array of n numbers, an [n, 1] column or one-hot rows [n, classes].',
    });
  return Array.from({ length: n }, (_, i) => {
    if (cols === 1) {
      const id = t.data[i];
      if (!Number.isInteger(id) || id < 0)
        throw new DataError({
          where: WHERE,
          expected: 'class ids 0, 1, 2, … in y',
          received: `${id} at index ${i}`,
          hint: 'Pass integer class ids, or one-hot rows.',
        });
      return id;
    }
    let best = 0;
    for (let c = 1; c < cols; c++) if (t.data[i * cols + c] > t.data[i * cols + best]) best = c;
    return best;
  });
}

/** TABLEAU10[id] mixed with white: strength 1 is the full colour, 0 is white. */
function tint(id: number, strength: number): string {
  const hex = TABLEAU10[id % TABLEAU10.length];
  const channel = (at: number) => {
    const c = parseInt(hex.slice(at, at + 2), 16);
    return Math.round(255 - (255 - c) * strength)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

function bounds(values: Float64Array | Float32Array, axis: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = axis; i < values.length; i += 2) [lo, hi] = [Math.min(lo, values[i]), Math.max(hi, values[i])];
  return [lo, hi];
}

/**
 * The model's prediction over the plane as a filled map, with the training points on top, coloured by class.
 * One output (sigmoid) or two (softmax) draw P(class 1) on a diverging scale; more draw the arg-max class with its
 * probability as the strength of its colour. `predict` runs once, on a [resolution², 2] grid covering the data plus `padding`.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const x = [[-1, -1], [1, 1], [-1, 1], [1, -1]];
 * // any (x: Tensor) => Tensor works; a trained model's is (x) => model.predict(x)
 * const predict = (g: st.Tensor) => st.tensor(Array.from({ length: g.shape[0] }, (_, i) => [g.data[2 * i] > 0 ? 0.9 : 0.1]));
 * const spec = st.plots.decisionBoundary({ predict, x, y: [0, 1, 0, 1], resolution: 20 });
 * console.log(spec.width, spec.height); // 420 420
 * ```
 */
export function decisionBoundaryPlot(options: DecisionBoundaryOptions): VegaLiteSpec {
  checkOptionsObject(WHERE, options, true);
  const x = inputs(options.x);
  const n = x.shape[0];
  const y = labels(options.y, n);
  const resolution = positiveInteger('resolution', options.resolution ?? 100, 2);
  const [x0, x1] = bounds(x.data, 0);
  const [y0, y1] = bounds(x.data, 1);
  const widest = Math.max(x1 - x0, y1 - y0);
  const pad = options.padding ?? (widest > 0 ? 0.1 * widest : 0.5);
  if (!Number.isFinite(pad) || pad < 0)
    throw new ConfigError({
      where: WHERE,
      expected: 'padding to be a number ≥ 0',
      received: String(pad),
      hint: 'padding widens the plotted area around the points, e.g. 0.5.',
    });
  // a flat axis (all points on a line) still gets a visible band
  const span = (lo: number, hi: number) => (hi - lo + 2 * pad > 0 ? [lo - pad, hi + pad] : [lo - 0.5, hi + 0.5]);
  const [gx0, gx1] = span(x0, x1);
  const [gy0, gy1] = span(y0, y1);
  const dx = (gx1 - gx0) / resolution;
  const dy = (gy1 - gy0) / resolution;

  // predict sees the cell centres, row-major from the bottom-left, in one batched call
  const cells = resolution * resolution;
  const grid = new Float32Array(cells * 2);
  const edges: [number, number][] = [];
  for (let j = 0; j < resolution; j++)
    for (let i = 0; i < resolution; i++) {
      grid[2 * edges.length] = gx0 + (i + 0.5) * dx;
      grid[2 * edges.length + 1] = gy0 + (j + 0.5) * dy;
      edges.push([gx0 + i * dx, gy0 + j * dy]);
    }
  const out = options.predict(new Tensor(grid, [cells, 2], 'float32'));
  const k = out?.shape?.length === 2 ? out.shape[1] : out?.shape?.length === 1 ? 1 : 0;
  if (!(out instanceof Tensor) || out.shape[0] !== cells || k < 1)
    throw new ShapeError({
      where: WHERE,
      expected: `predict to return a Tensor of shape [${cells}, classes]`,
      received: out instanceof Tensor ? formatShape(out.shape) : typeof out,
      hint: 'Pass (x) => model.predict(x): one row of class probabilities per grid point.',
    });
  const binary = k <= 2;
  const classCount = Math.max(binary ? 2 : k, ...y.map((c) => c + 1));
  const names = options.classes ?? Array.from({ length: classCount }, (_, c) => `class ${c}`);
  if (names.length < classCount)
    throw new ConfigError({
      where: WHERE,
      expected: `${classCount} class names`,
      received: `${names.length} (${names.join(', ')})`,
      hint: 'Name every class that y or the model can produce, in class-id order.',
    });
  const domain = names.slice(0, classCount);

  for (let i = 0; i < out.size; i++)
    if (!Number.isFinite(out.data[i]))
      throw new DataError({
        where: WHERE,
        expected: 'finite outputs from predict',
        received: `${out.data[i]} for grid point ${Math.floor(i / k)}`,
        hint: 'Check the model for NaN weights (a too-high learning rate) before plotting.',
      });
  const cellValues: JsonValue[] = [];
  for (let c = 0; c < cells; c++) {
    const [cx, cy] = edges[c];
    const row = out.data.subarray(c * k, (c + 1) * k);
    if (binary) {
      const p = k === 1 ? row[0] : row[1];
      if (p < -1e-6 || p > 1 + 1e-6)
        throw new DataError({
          where: WHERE,
          expected: 'probabilities in [0, 1] from predict',
          received: `${p} at grid point (${at(cx + dx / 2)}, ${at(cy + dy / 2)})`,
          hint: 'End the model with a sigmoid (one class) or softmax output.',
        });
      cellValues.push({ x: cx, y: cy, p: round(p) });
    } else {
      let best = 0;
      for (let j = 1; j < k; j++) if (row[j] > row[best]) best = j;
      // the class colour, paler where the model is less sure
      const strength = 0.12 + 0.5 * Math.min(1, Math.max(0, (row[best] - 1 / k) / (1 - 1 / k)));
      cellValues.push({ x: cx, y: cy, class: domain[best], p: round(row[best]), fill: tint(best, strength) });
    }
  }
  const points = y.map((c, i) => ({ x: x.data[2 * i], y: x.data[2 * i + 1], class: domain[c] }));

  const [fx, fy] = options.featureNames ?? ['Feature 1', 'Feature 2'];
  const axisX = { type: 'quantitative', title: fx, scale: { domain: [gx0, gx1], nice: false, zero: false } };
  const axisY = { type: 'quantitative', title: fy, scale: { domain: [gy0, gy1], nice: false, zero: false } };
  const cellEncoding = {
    x: { field: 'x', ...axisX },
    x2: { field: 'x2' },
    y: { field: 'y', ...axisY },
    y2: { field: 'y2' },
  };
  // opaque cells drawn a quarter cell too wide: the next cell covers the overlap, and no anti-aliased seams show
  const fill: { [key: string]: JsonValue } = binary
    ? {
        field: 'p',
        type: 'quantitative',
        title: `P(${domain[1]})`,
        scale: { scheme: { name: 'blueorange', extent: [0.28, 0.72] }, domain: [0, 1], domainMid: 0.5 },
        legend: { orient: 'right', gradientLength: 160 },
      }
    : { field: 'fill', type: 'nominal', scale: null };
  const cellsLayer: JsonValue = {
    data: { values: cellValues },
    transform: [
      { calculate: `datum.x + ${dx * 1.25}`, as: 'x2' },
      { calculate: `datum.y + ${dy * 1.25}`, as: 'y2' },
    ],
    mark: { type: 'rect', strokeWidth: 0, opacity: 1, clip: true },
    encoding: { ...cellEncoding, fill },
  };
  const pointsLayer: JsonValue = {
    data: { values: points },
    mark: { type: 'point', filled: true, size: 36, stroke: '#222', strokeWidth: 0.6, opacity: 0.95 },
    encoding: {
      x: { field: 'x', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative' },
      // the class also sets the shape, so classes differ without colour
      color: { field: 'class', type: 'nominal', title: 'Class', scale: { domain, range: TABLEAU10 } },
      shape: { field: 'class', type: 'nominal', title: 'Class', scale: { domain } },
      tooltip: [{ field: 'class' }, { field: 'x', format: '.3f' }, { field: 'y', format: '.3f' }],
    },
  };
  return vegaLiteSpec(
    options.title ?? 'Decision boundary',
    {
      width: SIZE,
      height: SIZE,
      layer: [cellsLayer, pointsLayer],
    },
    binary
      ? `Map: the model's P(${domain[1]}); points: ${n} examples`
      : `Map: predicted class, paler where less sure; points: ${n} examples`,
  );
}
