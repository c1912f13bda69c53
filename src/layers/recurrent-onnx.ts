// ONNX nodes of SimpleRNN, LSTM and GRU: ONNX's RNN ops read time-major input and keep their own gate order
import { ConfigError } from '../core/errors.js';
import type { ShapeSpec } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OnnxAttribute, OnnxGraph } from './layer-class.js';
import { describeLayer, type Layer } from './layer.js';

/** How one cell type is written: its ONNX op, which Keras gate each ONNX gate is, and its activations in order. */
export interface OnnxCell {
  /** The ONNX op: RNN, LSTM or GRU. */
  readonly op: string;
  /** Keras' index of ONNX's gate g: LSTM i,o,f,c from Keras' i,f,c,o is [0, 3, 1, 2]. */
  readonly gateOrder: readonly number[];
  /** The activations ONNX applies, by strata name (LSTM: recurrent, cell, output). */
  readonly activations: readonly string[];
  /** Extra attributes (GRU's linear_before_reset). */
  readonly attributes?: readonly OnnxAttribute[];
}

type RecurrentWeights = Readonly<Partial<Record<'kernel' | 'recurrent_kernel' | 'bias', Tensor>>>;

const ONNX_ACTIVATIONS: Readonly<Record<string, string>> = {
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  relu: 'Relu',
  linear: 'Affine',
};

/** m [rows, k·units] (Keras' gate blocks side by side) as [k·units, rows] in ONNX's gate order. */
function gatesFirst(m: Tensor, order: readonly number[], units: number): Float32Array {
  const rows = m.shape[0];
  const cols = m.shape[1];
  const out = new Float32Array(order.length * units * rows);
  order.forEach((keras, g) => {
    for (let j = 0; j < units; j++)
      for (let i = 0; i < rows; i++) out[(g * units + j) * rows + i] = m.data[i * cols + keras * units + j];
  });
  return out;
}

/** A bias row of `width` values from `offset` reordered to ONNX's gates (zeros without a bias). */
function biasRow(bias: Tensor | undefined, offset: number, order: readonly number[], units: number): number[] {
  const out: number[] = [];
  for (const keras of order) for (let j = 0; j < units; j++) out.push(bias ? bias.data[offset + keras * units + j] : 0);
  return out;
}

/** Reverses the time axis (axis 0 or 1) with a Slice of step −1. */
export function reverseTime(graph: OnnxGraph, x: string, axis: number, name: string): string {
  const int = (hint: string, v: number) => graph.constant(`${name}/${hint}`, [1], [v], 'int64');
  const inputs = [x, int('starts', -1), int('ends', -(2 ** 62)), int('axes', axis), int('steps', -1)];
  return graph.node('Slice', inputs, undefined, 'reverse');
}

/**
 * The layer's ONNX nodes: x [batch, time, features] transposed to time-major, one RNN/LSTM/GRU node, then the last
 * state or the whole sequence back to batch-major. goBackwards is direction 'reverse'; Keras returns that sequence
 * in the order read, so the time axis of Y is reversed again. `recurrentBias` says the bias has a second, recurrent
 * row (GRU with resetAfter); otherwise all the bias goes to Wb and Rb is zero.
 */
export function recurrentOnnx(
  layer: Layer & { readonly units: number },
  cell: OnnxCell,
  x: string,
  graph: OnnxGraph,
  { kernel, recurrent_kernel: recurrent, bias }: RecurrentWeights,
  inputShape: ShapeSpec,
  recurrentBias = false,
): string {
  const { units, name } = layer;
  const c = layer.config() as unknown as { returnSequences: boolean; goBackwards: boolean };
  const size = cell.gateOrder.length * units;
  const width = inputShape[2] as number;
  const w = graph.constant(`${name}/W`, [1, size, width], gatesFirst(kernel!, cell.gateOrder, units));
  const r = graph.constant(`${name}/R`, [1, size, units], gatesFirst(recurrent!, cell.gateOrder, units));
  const rb = recurrentBias ? biasRow(bias, size, cell.gateOrder, units) : new Array<number>(size).fill(0);
  const b = graph.constant(`${name}/B`, [1, 2 * size], [...biasRow(bias, 0, cell.gateOrder, units), ...rb]);
  const names = cell.activations.map((a) => {
    const onnx = ONNX_ACTIVATIONS[a];
    if (!onnx)
      throw new ConfigError({
        where: 'exportOnnx()',
        expected: `a recurrent activation among ${Object.keys(ONNX_ACTIVATIONS).join(', ')}`,
        received: `'${a}' in ${describeLayer(layer)}`,
        hint: 'Save in the TF.js format with model.save(dir) instead.',
      });
    return onnx;
  });
  const affine = names.filter((n) => n === 'Affine').length;
  const attributes: OnnxAttribute[] = [
    { name: 'hidden_size', int: units },
    { name: 'direction', string: c.goBackwards ? 'reverse' : 'forward' },
    { name: 'activations', strings: names },
    // Affine (linear) reads one alpha and one beta each: x ↦ 1·x + 0
    ...(affine > 0
      ? [
          { name: 'activation_alpha', floats: new Array<number>(affine).fill(1) },
          { name: 'activation_beta', floats: new Array<number>(affine).fill(0) },
        ]
      : []),
    ...(cell.attributes ?? []),
  ];
  const timeMajor = graph.node('Transpose', [x], [{ name: 'perm', ints: [1, 0, 2] }]);
  const y = graph.node(cell.op, [timeMajor, w, r, b], attributes, name);
  // Y is [time, directions, batch, units]; its step t is the state at input step t in either direction
  const axes = graph.constant(`${name}/directions`, [1], [1], 'int64');
  const states = graph.node('Squeeze', [y, axes]);
  if (c.returnSequences) {
    const ordered = c.goBackwards ? reverseTime(graph, states, 0, name) : states;
    return graph.node('Transpose', [ordered], [{ name: 'perm', ints: [1, 0, 2] }]);
  }
  // the last state: step time − 1 read forwards, step 0 read backwards (Y_h)
  const last = graph.constant(`${name}/last`, [], [c.goBackwards ? 0 : (inputShape[1] as number) - 1], 'int64');
  return graph.node('Gather', [states, last], [{ name: 'axis', int: 0 }]);
}
