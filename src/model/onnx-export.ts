import { ConfigError } from '../core/errors.js';
import { ProtobufWriter } from '../core/protobuf-writer.js';
import type { Layer } from '../layers/layer.js';
import type { Sequential } from './sequential.js';

// onnx.proto field numbers and enums used below
const FLOAT = 1;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const OPSET = 17;
const IR_VERSION = 8;

interface Node {
  op: string;
  inputs: string[];
  output: string;
  attributes?: { name: string; float?: number; int?: number }[];
}

interface Initializer {
  name: string;
  dims: number[];
  values: ArrayLike<number>;
}

/** Builds the node list: each layer appends nodes reading `input` and returns the name of its output. */
class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly initializers: Initializer[] = [];
  #count = 0;

  fresh(hint: string): string {
    return `${hint}_${this.#count++}`;
  }

  node(op: string, inputs: string[], attributes?: Node['attributes'], hint = op.toLowerCase(), name?: string): string {
    const output = name ?? this.fresh(hint);
    this.nodes.push({ op, inputs, output, attributes });
    return output;
  }

  constant(name: string, dims: number[], values: ArrayLike<number>): string {
    this.initializers.push({ name, dims, values });
    return name;
  }

  activation(name: string, x: string, where: string): string {
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
        return this.node('LeakyRelu', [x], [{ name: 'alpha', float: 0.2 }]);
      case 'swish':
        return this.node('Mul', [x, this.node('Sigmoid', [x])]);
      case 'gelu': {
        // opset 17 has no Gelu: 0.5·x·(1 + erf(x/√2))
        const erf = this.node('Erf', [this.node('Div', [x, scalar(Math.SQRT2)])]);
        return this.node('Mul', [this.node('Mul', [x, scalar(0.5)]), this.node('Add', [erf, scalar(1)])]);
      }
      default:
        throw new ConfigError({ where, expected: 'an activation ONNX can express', received: `'${name}'` });
    }
  }

  layer(layer: Layer, x: string, where: string): string {
    const config = layer.config() as Record<string, unknown>;
    const weights = new Map(layer.params().map((p) => [p.name.slice(p.name.lastIndexOf('/') + 1), p.value]));
    switch (layer.className) {
      case 'Dense': {
        const kernel = weights.get('kernel')!;
        const inputs = [x, this.constant(`${layer.name}/kernel`, [...kernel.shape], kernel.data)];
        const bias = weights.get('bias');
        if (bias) inputs.push(this.constant(`${layer.name}/bias`, [...bias.shape], bias.data));
        return this.activation(String(config.activation), this.node('Gemm', inputs, undefined, layer.name), where);
      }
      case 'Activation':
        return this.activation(String(config.activation), x, where);
      case 'Dropout':
        return x;
      case 'BatchNormalization': {
        const mean = weights.get('moving_mean')!;
        const units = mean.size;
        const named = (key: string, fallback: number) =>
          this.constant(
            `${layer.name}/${key}`,
            [units],
            weights.get(key)?.data ?? new Float32Array(units).fill(fallback),
          );
        const inputs = [x, named('gamma', 1), named('beta', 0), named('moving_mean', 0), named('moving_variance', 1)];
        return this.node(
          'BatchNormalization',
          inputs,
          [{ name: 'epsilon', float: Number(config.epsilon) }],
          layer.name,
        );
      }
      default:
        throw new ConfigError({
          where,
          expected: 'layers ONNX export supports (Dense, Activation, Dropout, BatchNormalization)',
          received: `${layer.name} (${layer.className})`,
        });
    }
  }
}

function valueInfo(w: ProtobufWriter, name: string, width: number): void {
  w.string(1, name).message(2, (type) =>
    type.message(1, (tensor) =>
      tensor.int(1, FLOAT).message(2, (shape) => {
        shape.message(1, (dim) => dim.string(2, 'batch'));
        shape.message(1, (dim) => dim.int(1, width));
      }),
    ),
  );
}

/**
 * The model as ONNX bytes (opset 17, float32): Gemm per Dense, the activations, BatchNormalization in its inference
 * form; Dropout is left out. Serve it with ONNX Runtime (Node, browser, Python, C++) or import it elsewhere.
 * @example
 * ```ts
 * import * as st from 'strata';
 * const model = st.sequential({ layers: [st.layers.dense({ units: 2, activation: 'softmax', inputShape: [3] })] });
 * const bytes = st.exportOnnx(model);
 * console.log(bytes.length > 0); // true: write it to model.onnx
 * ```
 */
export function exportOnnx(model: Sequential): Uint8Array {
  const where = 'exportOnnx()';
  const inputShape = model.inputShape ?? model.build().inputShape!;
  const graph = new GraphBuilder();
  let x = 'input';
  for (const layer of model.layers) x = graph.layer(layer, x, where);
  const output = graph.node('Identity', [x], undefined, 'output', 'output');
  const outputWidth = model.layers.reduce((s, l) => l.outputShape(s), inputShape).at(-1) as number;
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
            else attr.int(3, a.int!).int(20, ATTR_INT);
          });
      });
    g.string(2, model.name);
    for (const t of graph.initializers)
      g.message(5, (tensor) => {
        for (const d of t.dims) tensor.int(1, d);
        const raw = new DataView(new ArrayBuffer(t.values.length * 4));
        for (let i = 0; i < t.values.length; i++) raw.setFloat32(i * 4, t.values[i], true);
        tensor.int(2, FLOAT).string(8, t.name).bytes(9, new Uint8Array(raw.buffer));
      });
    g.message(11, (v) => valueInfo(v, 'input', inputShape[1] as number));
    g.message(12, (v) => valueInfo(v, output, outputWidth));
  });
  w.message(8, (opset) => opset.string(1, '').int(2, OPSET));
  return w.finish();
}
