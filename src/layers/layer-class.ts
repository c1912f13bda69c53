import type { ShapeSpec } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, LayerConfig } from './layer.js';

/** A layer's settings in Keras / TF.js JSON (snake_case), without the name, trainable and dtype every layer has. */
export type KerasConfig = Record<string, unknown>;

/** What a layer's ONNX nodes are written with; the graph and protobuf writing stay in io. */
export interface OnnxGraph {
  /** Appends a node and returns the name of its output, a fresh name starting with `hint` (default: the op). */
  node(op: string, inputs: string[], attributes?: OnnxAttribute[], hint?: string): string;
  /** Adds an initializer (a constant tensor) and returns its name. */
  constant(name: string, dims: readonly number[], values: ArrayLike<number>, type?: 'float' | 'int64'): string;
  /** The nodes of an activation applied to `x`; returns the output's name. */
  activation(name: string, x: string): string;
}

export interface OnnxAttribute {
  name: string;
  float?: number;
  int?: number;
  /** A list of integers (perm, kernel_shape, pads, …). */
  ints?: readonly number[];
  /** A list of floats (the recurrent ops' activation_alpha). */
  floats?: readonly number[];
  string?: string;
  /** A list of strings (the recurrent ops' activations). */
  strings?: readonly string[];
}

/** A layer's PyTorch side: the module's Python expression and its weights in PyTorch's names and layout. */
export interface PyTorchModule<W extends string = string> {
  /** A Python expression building the module, e.g. `StrataDense(4, 8, True, nn.ReLU())`; `nn` is `torch.nn`. */
  readonly module: string;
  /** Python source of the helper classes the expression names, by class name (model.py defines each once). */
  readonly helpers?: Readonly<Record<string, string>>;
  /** The module's state_dict entries (keys relative to the module), in PyTorch's layout, from the layer's weights. */
  toTorch(weights: Readonly<Partial<Record<W, Tensor>>>): Record<string, Tensor>;
  /** The layer's weights (strata's layout) from the module's entries, which have the shapes toTorch gives. */
  fromTorch(entries: Readonly<Record<string, Tensor>>): Partial<Record<W, Tensor>>;
  /** The entry that holds each weight whole, up to a permutation (regularizer penalties are added to the loss there). */
  readonly keyOf: Readonly<Partial<Record<W, string>>>;
  /**
   * Its part in Keras' masks: 'makes' one (Embedding with maskZero), 'reads' one as `module(x, mask)` and hands it on
   * when it returns sequences (the recurrent layers); absent, a mask ends there.
   */
  readonly mask?: 'makes' | 'reads';
}

/**
 * Everything about one layer class that is not its forward and backward: how it is rebuilt from `config()`, its
 * Keras JSON both ways, its ONNX nodes, whether it is random in training, and the short names of its weights.
 * Built-in layers each export one (`denseClass`), listed in layer-classes.ts; user-written layers pass theirs to
 * `loadModel(path, { customLayers })`.
 */
export interface LayerClass<L extends Layer = Layer, W extends string = string> {
  /** The name in configs and files; the same as the layer's `className`. */
  readonly className: L['className'];
  /** A new, unbuilt layer from the JSON its `config()` returns. */
  fromConfig(config: LayerConfig): L;
  /** The layer's Keras config (snake_case keys), without name, trainable, dtype and batch_input_shape. */
  toKeras(layer: L): KerasConfig;
  /** A Keras config back to the settings `fromConfig` reads (without className and name); `at` names the layer. */
  fromKeras(config: KerasConfig, at: string): Record<string, unknown>;
  /** Appends the layer's inference nodes reading `x` (of `inputShape`, batch first); returns its output's name. */
  onnx(
    layer: L,
    x: string,
    graph: OnnxGraph,
    weights: Readonly<Partial<Record<W, Tensor>>>,
    inputShape: ShapeSpec,
  ): string;
  /** The weights `build(inputShape)` creates, by short name, computed without allocating (loading checks the file first). */
  weightShapes?(layer: L, inputShape: ShapeSpec): Partial<Record<W, number[]>>;
  /**
   * The layer as a `torch.nn` module reading channels-last input, and how its weights map to the module's state_dict
   * (`st.exportPyTorch`, `st.loadWeights`). Without it the layer cannot be carried to PyTorch.
   */
  pytorch?(layer: L, inputShape: ShapeSpec): PyTorchModule<W>;
  /** Random in training (Dropout): gradient checking leaves it out. */
  readonly stochastic: boolean;
  /** The last part of each weight's name (`dense_1/kernel` → 'kernel'), in the order params() lists them. */
  readonly weightNames: readonly W[];
}

/**
 * A user-written layer class for `loadModel(path, { customLayers })`: at least its className and fromConfig (a class
 * with `static className` and `static fromConfig(config)` qualifies, as for TF.js' registerClass). Without toKeras and
 * fromKeras its `config()` is written and read as it is; without onnx it cannot be exported to ONNX.
 */
export type CustomLayerClass<L extends Layer = Layer> = Pick<LayerClass<L>, 'className' | 'fromConfig'> &
  Partial<Omit<LayerClass<L>, 'className' | 'fromConfig'>>;
