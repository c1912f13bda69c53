import { LEAKY_RELU_ALPHA } from '../activations/leaky-relu.js';
import { ConfigError } from '../core/errors.js';
import { ProtobufWriter } from '../core/protobuf-writer.js';
import type { ShapeSpec } from '../core/shape.js';
import { describeLayer, type Layer } from '../layers/layer.js';
import type { CustomLayerClass, OnnxAttribute, OnnxGraph } from '../layers/layer-class.js';
import { checkCustomLayers, findLayerClass, layerClasses } from '../layers/layer-classes.js';
import type { Tensor } from '../tensor/tensor.js';

// onnx.proto field numbers and enums used below
const FLOAT = 1;
const INT64 = 7;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_FLOATS = 6;
const ATTR_INTS = 7;
const ATTR_STRINGS = 8;
const OPSET = 17;
const IR_VERSION = 8;

interface Node {
  op: string;
  inputs: string[];
  output: string;
  attributes?: OnnxAttribute[];
}

interface Initializer {
  name: string;
  dims: readonly number[];
  values: ArrayLike<number>;
  type: 'float' | 'int64';
}

/** Builds the node list: each layer appends nodes reading `input` and returns the name of its output. */
class GraphBuilder implements OnnxGraph {
  readonly nodes: Node[] = [];
  readonly initializers: Initializer[] = [];
  #count = 0;

  constructor(readonly where: string) {}

  fresh(hint: string): string {
    return `${hint}_${this.#count++}`;
  }

  node(op: string, inputs: string[], attributes?: OnnxAttribute[], hint = op.toLowerCase(), name?: string): string {
    const output = name ?? this.fresh(hint);
    this.nodes.push({ op, inputs, output, attributes });
    return output;
  }

  constant(
    name: string,
    dims: readonly number[],
    values: ArrayLike<number>,
    type: 'float' | 'int64' = 'float',
  ): string {
    this.initializers.push({ name, dims, values, type });
    return name;
  }

  activation(name: string, x: string): string {
    const where = this.where;
    const scalar = (value: number) => this.constant(this.fresh('c'), [], [value]);
    switch (name) {
      case 'linear':
        return x;
      case 'relu':
        return this.node('Relu', [x]);
      case 'sigmoid':
        return this.node('Sigmoid', [x]);
      case 'tanh':
        return this.node('Tanh', [x]);
      case 'softmax':
        return this.node('Softmax', [x], [{ name: 'axis', int: -1 }]);
      case 'softplus':
        return this.node('Softplus', [x]);
      case 'elu':
        return this.node('Elu', [x], [{ name: 'alpha', float: 1 }]);
      case 'selu':
        return this.node(
          'Selu',
          [x],
          [
            { name: 'alpha', float: 1.6732632423543772 },
            { name: 'gamma', float: 1.0507009873554805 },
          ],
        );
      case 'leakyRelu':
        return this.node('LeakyRelu', [x], [{ name: 'alpha', float: LEAKY_RELU_ALPHA }]);
      case 'swish':
        return this.node('Mul', [x, this.node('Sigmoid', [x])]);
      case 'gelu': {
        // opset 17 has no Gelu: 0.5·x·(1 + erf(x/√2))
        const erf = this.node('Erf', [this.node('Div', [x, scalar(Math.SQRT2)])]);
        return this.node('Mul', [this.node('Mul', [x, scalar(0.5)]), this.node('Add', [erf, scalar(1)])]);
      }
      default:
        throw new ConfigError({
          where,
          expected: 'an activation ONNX can express',
          received: `'${name}'`,
          hint: 'Export with a built-in activation, or save in the TF.js format instead.',
        });
    }
  }

  /** The layer's nodes, from its class descriptor; its weights by their short names. */
  layer(layer: Layer, x: string, inputShape: ShapeSpec, customLayers?: readonly CustomLayerClass[]): string {
    const onnx = findLayerClass(layer.className, customLayers)?.onnx;
    if (onnx === undefined)
      throw new ConfigError({
        where: this.where,
        expected: `layers ONNX export supports (${Object.keys(layerClasses).join(', ')}), or a custom layer class with onnx() in customLayers`,
        received: describeLayer(layer),
        hint: 'Give the custom layer class an onnx() and pass it in { customLayers }, or save in the TF.js format.',
      });
    const weights: Record<string, Tensor> = {};
    for (const p of layer.params()) weights[p.name.slice(p.name.lastIndexOf('/') + 1)] = p.value;
    return onnx(layer, x, this, weights, inputShape);
  }
}

function valueInfo(w: ProtobufWriter, name: string, spec: ShapeSpec): void {
  w.string(1, name).message(2, (type) =>
    type.message(1, (tensor) =>
      tensor.int(1, FLOAT).message(2, (shape) => {
        shape.message(1, (dim) => dim.string(2, 'batch'));
        for (const d of spec.slice(1)) shape.message(1, (dim) => dim.int(1, d as number));
      }),
    ),
  );
}

/** What ONNX export reads of a built model. */
export interface OnnxModel {
  readonly name: string;
  readonly layers: readonly Layer[];
  /** Batch first: [null, features]. */
  readonly inputShape: ShapeSpec;
}

/**
 * The model as ONNX bytes (opset 17, float32): each layer's nodes come from its class descriptor (Gemm per Dense,
 * the activations, BatchNormalization in its inference form, Flatten, Reshape; Dropout is left out).
 */
export function onnxBytes(model: OnnxModel, where: string, customLayers?: readonly CustomLayerClass[]): Uint8Array {
  const { inputShape } = model;
  const graph = new GraphBuilder(where);
  let x = 'input';
  const custom = checkCustomLayers(where, customLayers);
  let shape = model.inputShape;
  for (const layer of model.layers) {
    x = graph.layer(layer, x, shape, custom);
    shape = layer.outputShape(shape);
  }
  const output = graph.node('Identity', [x], undefined, 'output', 'output');
  const outputShape = model.layers.reduce((s, l) => l.outputShape(s), inputShape);
  const w = new ProtobufWriter();
  w.int(1, IR_VERSION).string(2, 'strata').string(3, '0.1.0');
  w.message(7, (g) => {
    for (const node of graph.nodes)
      g.message(1, (n) => {
        for (const i of node.inputs) n.string(1, i);
        n.string(2, node.output).string(3, node.output).string(4, node.op);
        for (const a of node.attributes ?? [])
          n.message(5, (attr) => {
            attr.string(1, a.name);
            if (a.float !== undefined) attr.float(2, a.float).int(20, ATTR_FLOAT);
            else if (a.ints !== undefined) {
              for (const v of a.ints) attr.int(8, v);
              attr.int(20, ATTR_INTS);
            } else if (a.floats !== undefined) {
              for (const v of a.floats) attr.float(7, v);
              attr.int(20, ATTR_FLOATS);
            } else if (a.string !== undefined) attr.string(4, a.string).int(20, ATTR_STRING);
            else if (a.strings !== undefined) {
              for (const v of a.strings) attr.string(9, v);
              attr.int(20, ATTR_STRINGS);
            } else attr.int(3, a.int!).int(20, ATTR_INT);
          });
      });
    g.string(2, model.name);
    for (const t of graph.initializers)
      g.message(5, (tensor) => {
        for (const d of t.dims) tensor.int(1, d);
        const size = t.type === 'int64' ? 8 : 4;
        const raw = new DataView(new ArrayBuffer(t.values.length * size));
        for (let i = 0; i < t.values.length; i++)
          if (t.type === 'int64') raw.setBigInt64(i * 8, BigInt(t.values[i]), true);
          else raw.setFloat32(i * 4, t.values[i], true);
        tensor
          .int(2, t.type === 'int64' ? INT64 : FLOAT)
          .string(8, t.name)
          .bytes(9, new Uint8Array(raw.buffer));
      });
    g.message(11, (v) => valueInfo(v, 'input', inputShape));
    g.message(12, (v) => valueInfo(v, output, outputShape));
  });
  w.message(8, (opset) => opset.string(1, '').int(2, OPSET));
  return w.finish();
}
