import { getActivation, activationNames, type ActivationName } from '../activations/index.js';
import { ConfigError } from '../core/errors.js';
import { unknownName } from '../core/suggest.js';
import { Tensor, zeros } from '../tensor/tensor.js';
import { round, TABLEAU10, vegaLiteSpec, type JsonValue, type VegaLiteSpec } from './vega-lite-spec.js';
import { checkOptionsObject } from '../core/options.js';

export interface ActivationsPlotOptions {
  /** Elementwise activations to draw as curves, one panel each. Default ['relu', 'sigmoid', 'tanh']. */
  readonly names?: readonly string[];
  /** The x interval. Default [-5, 5]. */
  readonly range?: readonly [number, number];
  /** Points per curve. Default 100. */
  readonly points?: number;
  /** Scores turned into probabilities by softmax, drawn as the last panel's bars. Default [2, 1, 0.1]. */
  readonly softmaxScores?: readonly number[];
  readonly title?: string;
}

const WHERE = 'activationsPlot()';
const CURVES = activationNames.filter((n) => n !== 'softmax');
// the tutorial's panel titles, and the same for the rest of the table
const TITLES: Partial<Record<ActivationName, string>> = {
  relu: 'ReLU: f(x) = max(0, x)',
  sigmoid: 'Sigmoid: f(x) = 1 / (1 + e^-x)',
  tanh: 'Tanh: f(x) = (e^x − e^-x) / (e^x + e^-x)',
  linear: 'Linear: f(x) = x',
  leakyRelu: 'Leaky ReLU',
  elu: 'ELU',
  selu: 'SELU',
  gelu: 'GELU: f(x) = x · Φ(x)',
  softplus: 'Softplus: f(x) = ln(1 + e^x)',
  swish: 'Swish: f(x) = x · sigmoid(x)',
};

function checkName(name: string): ActivationName {
  if (name === 'softmax')
    throw new ConfigError({
      where: WHERE,
      expected: 'an elementwise activation in names',
      received: "'softmax'",
      hint: 'Softmax is drawn from softmaxScores as the bar chart; leave it out of names.',
    });
  if (!(CURVES as string[]).includes(name))
    throw new ConfigError({ where: WHERE, ...unknownName('activation', name, CURVES) });
  return name as ActivationName;
}

/** Runs strata's own activation on a column of values (float64, so the curve is exact). */
function evaluate(name: ActivationName, z: Tensor): Float64Array {
  const a = zeros(z.shape, 'float64');
  getActivation(name, WHERE).forward(z, a);
  return a.data as Float64Array;
}

const scoreLabel = (i: number) => (i < 26 ? `Class ${String.fromCharCode(65 + i)}` : `Class ${i + 1}`);

function curvePanel(name: ActivationName, index: number): JsonValue {
  const zeroLine = (axis: 'x' | 'y') => ({
    data: { values: [{ at: 0 }] },
    mark: { type: 'rule', color: '#999', strokeDash: [4, 4] },
    encoding: { [axis]: { field: 'at', type: 'quantitative' } },
  });
  return {
    title: TITLES[name] ?? name,
    width: 300,
    height: 200,
    layer: [
      zeroLine('x'),
      zeroLine('y'),
      {
        transform: [{ filter: { field: 'activation', equal: name } }],
        mark: { type: 'line', strokeWidth: 2.5, color: TABLEAU10[index % TABLEAU10.length] },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'x', scale: { nice: false } },
          y: { field: 'y', type: 'quantitative', title: 'f(x)' },
        },
      },
    ],
  };
}

function softmaxPanel(scores: readonly number[]): JsonValue {
  const z = new Tensor(Float64Array.from(scores), [1, scores.length], 'float64');
  const p = evaluate('softmax', z);
  const values = scores.map((score, i) => ({ class: scoreLabel(i), score, probability: round(p[i], 6) }));
  const x = { field: 'class', type: 'nominal', title: null, sort: null, axis: { labelAngle: 0 } };
  const y = { field: 'probability', type: 'quantitative', title: 'Probability', scale: { domain: [0, 1] } };
  return {
    title: `Softmax of scores [${scores.join(', ')}]`,
    width: 300,
    height: 200,
    data: { values },
    layer: [
      { mark: { type: 'bar', color: TABLEAU10[3], width: { band: 0.6 } }, encoding: { x, y } },
      {
        mark: { type: 'text', baseline: 'bottom', dy: -3, fontSize: 11 },
        encoding: { x, y, text: { field: 'probability', type: 'quantitative', format: '.3f' } },
      },
    ],
  };
}

/**
 * The activation functions figure: one panel per curve (ReLU, sigmoid and tanh by default), computed with
 * strata's own activations, and a bar chart of softmax over a few scores; a 2×2 grid for the defaults.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const spec = st.plots.activations(); // ReLU, sigmoid, tanh and softmax of [2, 1, 0.1]
 * const wide = st.plots.activations({ names: ['relu', 'gelu', 'swish'], range: [-3, 3], points: 61 });
 * console.log(JSON.stringify(spec).length > 0, wide.columns); // true 2
 * ```
 */
export function activationsPlot(options: ActivationsPlotOptions = {}): VegaLiteSpec {
  checkOptionsObject(WHERE, options);
  const names = (options.names ?? ['relu', 'sigmoid', 'tanh']).map(checkName);
  const [lo, hi] = options.range ?? [-5, 5];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi))
    throw new ConfigError({
      where: WHERE,
      expected: 'range as [low, high] with low < high',
      received: `[${lo}, ${hi}]`,
      hint: 'For example range: [-4, 4].',
    });
  const points = options.points ?? 100;
  if (!Number.isInteger(points) || points < 2)
    throw new ConfigError({
      where: WHERE,
      expected: 'points to be an integer ≥ 2',
      received: String(points),
      hint: 'For example points: 200.',
    });
  const scores = options.softmaxScores ?? [2, 1, 0.1];
  if (scores.length === 0 || !scores.every(Number.isFinite))
    throw new ConfigError({
      where: WHERE,
      expected: 'softmaxScores as a non-empty array of finite numbers',
      received: `[${scores.join(', ')}]`,
      hint: 'For example softmaxScores: [2, 1, 0.1].',
    });

  // np.linspace(lo, hi, points), as in the tutorial
  const xs = Float64Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  const z = new Tensor(xs, [points, 1], 'float64');
  const values: JsonValue[] = names.flatMap((name) => {
    const a = evaluate(name, z);
    return Array.from(xs, (x, i) => ({ activation: name, x: round(x, 6), y: round(a[i], 6) }));
  });
  return vegaLiteSpec(options.title ?? 'Activation functions', {
    data: { values },
    columns: 2,
    concat: [...names.map(curvePanel), softmaxPanel(scores)],
  });
}
