import { ConfigError } from '../core/errors.js';
import type { ShapeSpec } from '../core/shape.js';
import type { Mode } from '../core/types.js';
import * as ops from '../tensor/ops/index.js';
import type { MergeMode } from '../tensor/ops/index.js';
import type { Param } from '../tensor/param.js';
import type { Tensor } from '../tensor/tensor.js';
import { Workspace } from '../tensor/workspace.js';
import { commonFrom, formatFail } from './config-json.js';
import { gruClass } from './gru.js';
import type { KerasConfig, LayerClass, PyTorchModule } from './layer-class.js';
import {
  assertBuilt,
  checkInputShapeConfig,
  checkLayerConfig,
  disposeStorage,
  noCache,
  type BuildContext,
  type Layer,
  type LayerConfig,
} from './layer.js';
import { lstmClass } from './lstm.js';
import { maskOf, setMask } from './masking.js';
import { reverseTime } from './recurrent-onnx.js';
import { bidirectionalPyTorch } from './recurrent-pytorch.js';
import { simpleRNNClass } from './simple-rnn.js';

/** The layers Bidirectional can wrap. */
const wrappable: readonly LayerClass[] = [simpleRNNClass, lstmClass, gruClass] as readonly LayerClass[];
const MERGE_MODES: readonly MergeMode[] = ['concat', 'sum', 'mul', 'ave'];

export interface BidirectionalConfig {
  /** A simpleRNN, lstm or gru layer: one copy reads the sequence forwards, another backwards. */
  layer: Layer;
  /** How the two outputs are combined (default 'concat', as Keras). */
  mergeMode?: MergeMode;
  inputShape?: number[];
  name?: string;
}

function classOf(where: string, layer: unknown): LayerClass {
  const className = (layer as Layer | undefined)?.className;
  const found = wrappable.find((c) => c.className === className);
  if (!found)
    throw new ConfigError({
      where,
      expected: `layer to be a recurrent layer (${wrappable.map((c) => c.className).join(', ')})`,
      received: className ? `a ${className} layer` : String(layer),
      hint: 'Wrap one, e.g. bidirectional({ layer: st.layers.lstm({ units: 8 }) }).',
    });
  return found;
}

/** Runs a recurrent layer over the sequence both ways and merges the two outputs (Keras' Bidirectional). */
export class Bidirectional implements Layer {
  readonly className = 'Bidirectional';
  name: string;
  readonly mergeMode: MergeMode;
  readonly inputShape?: readonly number[];
  readonly forwardLayer: Layer;
  readonly backwardLayer: Layer;
  readonly #class: LayerClass;
  readonly #layerName: string;
  readonly #returnSequences: boolean;
  #ws?: Workspace;
  #cache?: { a: Tensor; b: Tensor; x: Tensor };

  constructor(config: BidirectionalConfig) {
    const where = 'bidirectional()';
    checkLayerConfig(where, config, ['layer', 'mergeMode']);
    this.#class = classOf(where, config.layer);
    const mergeMode = config.mergeMode ?? 'concat';
    if (!MERGE_MODES.includes(mergeMode))
      throw new ConfigError({
        where,
        expected: `mergeMode among ${MERGE_MODES.join(', ')}`,
        received: `'${String(mergeMode)}'`,
        hint: "Use 'concat' (side by side, the default), 'sum', 'mul' or 'ave'.",
      });
    this.mergeMode = mergeMode;
    const inner = config.layer.config() as LayerConfig & { goBackwards: boolean; returnSequences: boolean };
    this.#layerName = config.layer.name || config.layer.className.toLowerCase();
    this.forwardLayer = this.#class.fromConfig({ ...inner, name: this.#layerName });
    this.backwardLayer = this.#class.fromConfig({ ...inner, name: this.#layerName, goBackwards: !inner.goBackwards });
    this.#returnSequences = inner.returnSequences;
    this.inputShape = checkInputShapeConfig(where, config.inputShape ?? config.layer.inputShape);
    this.name = config.name ?? '';
  }

  get built(): boolean {
    return this.#ws !== undefined;
  }

  build(inputShape: ShapeSpec, ctx: BuildContext): void {
    // TF.js' weight names: bidirectional_1/forward_lstm/kernel
    this.forwardLayer.name = `${this.name}/forward_${this.#layerName}`;
    this.backwardLayer.name = `${this.name}/backward_${this.#layerName}`;
    this.forwardLayer.build(inputShape, ctx);
    this.backwardLayer.build(inputShape, ctx);
    this.#ws = new Workspace(ctx.dtype);
  }

  outputShape(inputShape: ShapeSpec): ShapeSpec {
    const shape = this.forwardLayer.outputShape(inputShape);
    const units = shape[shape.length - 1]!;
    return [...shape.slice(0, -1), this.mergeMode === 'concat' ? 2 * units : units];
  }

  forward(x: Tensor, mode: Mode): Tensor {
    const ws = assertBuilt(this, this.#ws);
    const a = this.forwardLayer.forward(x, mode);
    const b = this.backwardLayer.forward(x, mode);
    const units = a.shape[a.rank - 1];
    const out = ws.like(mode === 'train' ? 'out' : 'outInfer', a, this.mergeMode === 'concat' ? 2 * units : units);
    // the backward layer's sequence is in the order it read: reversed again, so step t meets step t
    ops.mergeOutputs(this.mergeMode, a, b, out, this.#returnSequences);
    if (this.#returnSequences) setMask(out, maskOf(x));
    if (mode === 'train') this.#cache = { a, b, x };
    return out;
  }

  backward(dy: Tensor, needsInputGradient: boolean): Tensor | null {
    const { a, b, x } = this.#cache ?? noCache(this);
    const ws = this.#ws!;
    const [da, db] = [ws.like('da', a), ws.like('db', b)];
    ops.mergeBackward(this.mergeMode, a, b, dy, da, db, this.#returnSequences);
    const dxForward = this.forwardLayer.backward(da, needsInputGradient);
    const dxBackward = this.backwardLayer.backward(db, needsInputGradient);
    if (!dxForward || !dxBackward) return null;
    return ops.mergeOutputs('sum', dxForward, dxBackward, ws.like('dx', x));
  }

  params(): readonly Param[] {
    return [...this.forwardLayer.params(), ...this.backwardLayer.params()];
  }

  dispose(): void {
    this.forwardLayer.dispose?.();
    this.backwardLayer.dispose?.();
    disposeStorage([], this.#ws);
  }

  config(): LayerConfig {
    return {
      className: this.className,
      name: this.name,
      layer: { ...this.forwardLayer.config(), name: this.#layerName },
      mergeMode: this.mergeMode,
      ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}),
    };
  }

  /** The wrapped layer's class descriptor (for its Keras JSON). */
  get layerClass(): LayerClass {
    return this.#class;
  }
}

/**
 * Reads a sequence forwards and backwards with two copies of a recurrent layer and merges their outputs.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.bidirectional({ layer: st.layers.lstm({ units: 4, returnSequences: true }), inputShape: [6, 2] }),
 * ] });
 * console.log(model.predict(st.tensor(new Float32Array(6 * 2), [1, 6, 2])).shape); // [1, 6, 8]
 * ```
 */
export const bidirectional = (config: BidirectionalConfig): Bidirectional => new Bidirectional(config);

/** The wrapped layer's settings from its `{ className, name, … }` in a config. */
function innerFrom(where: string, spec: unknown): Layer {
  const c = spec as LayerConfig | undefined;
  const found = wrappable.find((w) => w.className === c?.className);
  if (!found) formatFail(where, 'layer: a recurrent layer config', JSON.stringify(spec)?.slice(0, 60) ?? String(spec));
  return found.fromConfig(c!);
}

/** Bidirectional in configs and Keras JSON (`layer` nests the wrapped layer's own JSON). */
export const bidirectionalClass = {
  className: 'Bidirectional',
  fromConfig: (config) => {
    const c = config as Record<string, unknown>;
    return bidirectional({
      ...commonFrom(config),
      layer: innerFrom('layerFromConfig()', c.layer),
      mergeMode: c.mergeMode as MergeMode,
    });
  },
  toKeras: (layer) => {
    const inner = layer.config().layer as LayerConfig;
    const copy = layer.layerClass.fromConfig(inner);
    copy.name = inner.name;
    return {
      layer: { class_name: inner.className, config: { name: inner.name, ...layer.layerClass.toKeras(copy) } },
      merge_mode: layer.mergeMode,
    };
  },
  fromKeras: (c, at) => {
    const spec = c.layer as { class_name?: string; config?: KerasConfig } | undefined;
    const found = wrappable.find((w) => w.className === spec?.class_name);
    if (!found || !spec?.config)
      formatFail(at, 'layer: { class_name, config } of a recurrent layer', JSON.stringify(c.layer)?.slice(0, 60) ?? '');
    if (c.merge_mode === null) formatFail(at, "merge_mode among 'concat', 'sum', 'mul', 'ave'", 'null');
    return {
      layer: { ...found.fromKeras(spec.config, at), className: found.className, name: spec.config.name },
      mergeMode: c.merge_mode ?? 'concat',
    };
  },
  onnx: (layer, x, graph, _, inputShape) => {
    // each copy is its own ONNX node (an inner goBackwards swaps which reads which way), merged as forward() merges
    const nodes = (inner: Layer) => {
      const weights: Record<string, Tensor> = {};
      for (const p of inner.params()) weights[p.name.slice(p.name.lastIndexOf('/') + 1)] = p.value;
      return layer.layerClass.onnx(inner, x, graph, weights, inputShape);
    };
    const a = nodes(layer.forwardLayer);
    const read = nodes(layer.backwardLayer);
    // the backward copy's sequence is in the order it read: reversed again, so step t meets step t
    const sequences = layer.outputShape(inputShape).length === 3;
    const b = sequences ? reverseTime(graph, read, 1, `${layer.name}/backward`) : read;
    if (layer.mergeMode === 'concat') return graph.node('Concat', [a, b], [{ name: 'axis', int: -1 }]);
    if (layer.mergeMode === 'mul') return graph.node('Mul', [a, b]);
    const sum = graph.node('Add', [a, b]);
    if (layer.mergeMode === 'sum') return sum;
    return graph.node('Mul', [sum, graph.constant(`${layer.name}/half`, [], [0.5])]);
  },
  pytorch: (layer, inputShape) => {
    const module = (inner: Layer) => layer.layerClass.pytorch!(inner, inputShape).module;
    const modules = [module(layer.forwardLayer), module(layer.backwardLayer)] as const;
    return bidirectionalPyTorch(layer, modules, inputShape) as PyTorchModule<never>;
  },
  stochastic: false,
  weightNames: ['kernel', 'recurrent_kernel', 'bias'],
} as const satisfies LayerClass<Bidirectional, 'kernel' | 'recurrent_kernel' | 'bias'>;
