import { ConfigError, DataError } from '../core/errors.js';
import type { ShapeSpec } from '../core/shape.js';
import type { Mode } from '../core/types.js';
import { resolveInitializer, type Initializer, type InitializerName } from '../initializers/index.js';
import { randomUniform } from '../initializers/random.js';
import type { Param, Regularizer } from '../tensor/param.js';
import { Tensor, zeros } from '../tensor/tensor.js';
import { Workspace } from '../tensor/workspace.js';
import {
  expectNull,
  commonFrom,
  initializerFrom,
  initializerFromKeras,
  initializerToKeras,
  regularizerFrom,
  regularizerFromKeras,
  regularizerToKeras,
} from './config-json.js';
import type { LayerClass } from './layer-class.js';
import {
  assertBuilt,
  assertInputShape,
  batchSpec,
  checkInputShapeConfig,
  checkLayerConfig,
  checkPositiveInteger,
  describeLayer,
  disposeStorage,
  noCache,
  type BuildContext,
  type Layer,
  type LayerConfig,
} from './layer.js';
import { setMask } from './masking.js';
import { torchWeights } from './pytorch.js';

const EMBEDDING_PY = `class StrataEmbedding(nn.Embedding):
    """Keras' Embedding: ids (in any number type, as the strata model takes them) to rows of weight
    [input_dim, output_dim]; with mask_zero, id 0 marks a padded step for the recurrent layer after it."""

    def __init__(self, input_dim, output_dim, mask_zero):
        super().__init__(input_dim, output_dim)
        self.mask_zero = mask_zero

    def output_mask(self, x, mask):
        return x != 0 if self.mask_zero else None

    def forward(self, x):
        return super().forward(x.long())
`;

const SEQUENTIAL_PY = `class StrataSequential(nn.Sequential):
    """nn.Sequential that hands a mask on as strata does: from an Embedding with mask_zero to the recurrent layer
    after it (a module with reads_mask), and on from each recurrent layer that returns sequences; any other module
    ends it."""

    def forward(self, x):
        mask = None
        for module in self:
            y = module(x, mask) if mask is not None and getattr(module, "reads_mask", False) else module(x)
            mask = module.output_mask(x, mask) if hasattr(module, "output_mask") else None
            x = y
        return x
`;

export interface EmbeddingConfig {
  /** The vocabulary size: ids run from 0 to inputDim − 1. */
  inputDim: number;
  /** The length of each id's vector. */
  outputDim: number;
  /** Id 0 is padding: later recurrent layers skip those steps (keep their state), as in Keras. */
  maskZero?: boolean;
  /** Default U(−0.05, 0.05), as Keras. */
  embeddingsInitializer?: InitializerName | Initializer;
  embeddingsRegularizer?: Regularizer;
  /** The shape of one example's ids, e.g. [time]. */
  inputShape?: number[];
  name?: string;
}

/** Integer ids [batch, ...] → their rows of a trained table, [batch, ..., outputDim]. */
export class Embedding implements Layer {
  readonly className = 'Embedding';
  name: string;
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  readonly inputShape?: readonly number[];
  readonly #initializer: Initializer;
  readonly #regularizer?: Regularizer;
  #embeddings?: Param;
  #ws?: Workspace;
  #inputSpec: ShapeSpec = [];
  #ids?: Tensor;
  // the rows the last backward wrote, ascending and each once: the next one clears only those, not the whole
  // [inputDim, outputDim] gradient, and SGD and Adagrad step only those (Param.sparseRows)
  #touched = new Int32Array(0);
  #touchedCount = 0;
  #seen = new Uint8Array(0);

  constructor(config: EmbeddingConfig) {
    const where = 'embedding()';
    checkLayerConfig(where, config, [
      'inputDim',
      'outputDim',
      'maskZero',
      'embeddingsInitializer',
      'embeddingsRegularizer',
    ]);
    this.inputDim = checkPositiveInteger(where, 'inputDim', config.inputDim);
    this.outputDim = checkPositiveInteger(where, 'outputDim', config.outputDim);
    this.maskZero = config.maskZero ?? false;
    this.#initializer = config.embeddingsInitializer
      ? resolveInitializer(config.embeddingsInitializer, where)
      : randomUniform({ minval: -0.05, maxval: 0.05 });
    this.#regularizer = config.embeddingsRegularizer;
    this.inputShape = checkInputShapeConfig(where, config.inputShape);
    this.name = config.name ?? '';
  }

  get built(): boolean {
    return this.#embeddings !== undefined;
  }

  build(inputShape: ShapeSpec, ctx: BuildContext): void {
    this.#inputSpec = batchSpec(inputShape);
    const table = zeros([this.inputDim, this.outputDim], ctx.dtype);
    this.#initializer.fill(table, ctx.rng);
    this.#embeddings = {
      name: `${this.name}/embeddings`,
      value: table,
      grad: zeros(table.shape, ctx.dtype),
      trainable: true,
      regularizer: this.#regularizer,
      // a regularizer's gradient reaches every row, so only without one is the gradient sparse
      ...(this.#regularizer ? {} : { sparseRows: () => this.#touched.subarray(0, this.#touchedCount) }),
    };
    this.#seen = new Uint8Array(this.inputDim);
    this.#ws = new Workspace(ctx.dtype);
  }

  outputShape(inputShape: ShapeSpec): ShapeSpec {
    return [...inputShape, this.outputDim];
  }

  forward(x: Tensor, mode: Mode): Tensor {
    const table = assertBuilt(this, this.#embeddings).value;
    assertInputShape(this, x, this.#inputSpec);
    const train = mode === 'train';
    const ws = this.#ws!;
    const width = this.outputDim;
    const rows = ws.matrix(train ? 'out' : 'outInfer', x.size, width);
    for (let i = 0; i < x.size; i++) {
      const id = this.#id(x, i);
      rows.data.set(table.data.subarray(id * width, (id + 1) * width), i * width);
    }
    const out = new Tensor(rows.data, [...x.shape, width], x.dtype);
    if (this.maskZero) {
      const mask = ws.like(train ? 'mask' : 'maskInfer', x);
      for (let i = 0; i < x.size; i++) mask.data[i] = x.data[i] === 0 ? 0 : 1;
      setMask(out, mask);
    }
    if (train) this.#ids = x;
    return out;
  }

  #id(x: Tensor, i: number): number {
    const id = x.data[i];
    if (!Number.isInteger(id) || id < 0 || id >= this.inputDim)
      throw new DataError({
        where: describeLayer(this),
        expected: `integer ids in [0, ${this.inputDim - 1}]`,
        received: `${id} at position ${i}`,
        hint: 'Map each token to an id below inputDim (0 for padding with maskZero), or raise inputDim.',
      });
    return id;
  }

  backward(dy: Tensor, needsInputGradient: boolean): Tensor | null {
    const ids = this.#ids ?? noCache(this);
    const grad = this.#embeddings!.grad;
    const width = this.outputDim;
    // a regularizer adds to every row, so only then is the whole gradient cleared
    if (this.#regularizer) grad.data.fill(0);
    else
      for (let i = 0; i < this.#touchedCount; i++)
        grad.data.fill(0, this.#touched[i] * width, (this.#touched[i] + 1) * width);
    if (this.#touched.length < ids.size) this.#touched = new Int32Array(ids.size);
    const seen = this.#seen;
    let count = 0;
    for (let i = 0; i < ids.size; i++) {
      const id = ids.data[i];
      if (seen[id] === 0) {
        seen[id] = 1;
        this.#touched[count++] = id;
      }
      const row = id * width;
      for (let j = 0; j < width; j++) grad.data[row + j] += dy.data[i * width + j];
    }
    const touched = this.#touched.subarray(0, count);
    for (let i = 0; i < count; i++) seen[touched[i]] = 0;
    // ascending, so a step over these rows sums a clipNorm in the order the whole table would
    touched.sort();
    this.#touchedCount = count;
    // ids are not differentiable
    if (!needsInputGradient) return null;
    const dx = this.#ws!.like('dx', ids);
    dx.data.fill(0);
    return dx;
  }

  params(): readonly Param[] {
    return this.#embeddings ? [this.#embeddings] : [];
  }

  dispose(): void {
    disposeStorage([this.#embeddings], this.#ws);
  }

  config(): LayerConfig {
    return {
      className: this.className,
      name: this.name,
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      maskZero: this.maskZero,
      embeddingsInitializer: { className: this.#initializer.className, config: this.#initializer.config() },
      embeddingsRegularizer: this.#regularizer?.config() ?? null,
      ...(this.inputShape ? { inputShape: [...this.inputShape] } : {}),
    };
  }
}

/**
 * Integer ids to trained vectors (Keras' Embedding); with `maskZero`, id 0 is padding that recurrent layers skip.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.embedding({ inputDim: 100, outputDim: 8, maskZero: true, inputShape: [5] }),
 *   st.layers.lstm({ units: 4 }),
 * ] });
 * console.log(model.predict([[4, 17, 2, 0, 0]]).shape); // [1, 4]
 * ```
 */
export const embedding = (config: EmbeddingConfig): Embedding => new Embedding(config);

/** Embedding in configs and Keras JSON. */
export const embeddingClass = {
  className: 'Embedding',
  fromConfig: (config) => {
    const c = config as Record<string, unknown>;
    return embedding({
      ...commonFrom(config),
      inputDim: c.inputDim as number,
      outputDim: c.outputDim as number,
      maskZero: c.maskZero as boolean,
      embeddingsInitializer: initializerFrom('layerFromConfig()', c.embeddingsInitializer),
      embeddingsRegularizer: regularizerFrom(c.embeddingsRegularizer),
    });
  },
  toKeras: (layer) => {
    const c = layer.config();
    return {
      input_dim: c.inputDim,
      output_dim: c.outputDim,
      mask_zero: c.maskZero,
      embeddings_initializer: initializerToKeras(c.embeddingsInitializer),
      embeddings_regularizer: regularizerToKeras(c.embeddingsRegularizer),
      activity_regularizer: null,
      embeddings_constraint: null,
      ...(layer.inputShape?.length === 1 ? { input_length: layer.inputShape[0] } : {}),
    };
  },
  fromKeras: (c, at) => {
    expectNull(at, c, ['embeddings_constraint', 'activity_regularizer']);
    return {
      inputDim: c.input_dim,
      outputDim: c.output_dim,
      maskZero: c.mask_zero ?? false,
      embeddingsInitializer: initializerFromKeras(at, c.embeddings_initializer),
      embeddingsRegularizer: regularizerFromKeras(at, c.embeddings_regularizer),
    };
  },
  onnx: (layer, x, graph, { embeddings }) => {
    if (layer.maskZero)
      throw new ConfigError({
        where: 'exportOnnx()',
        expected: `an Embedding without maskZero (ONNX's recurrent ops take no per-step mask)`,
        received: `maskZero: true in ${describeLayer(layer)}`,
        hint: 'Export a copy built with maskZero: false and its weights (the same outputs on sequences without 0), or save in the TF.js format.',
      });
    const table = graph.constant(`${layer.name}/embeddings`, embeddings!.shape, embeddings!.data);
    // Gather wants integer indices
    return graph.node('Gather', [table, graph.node('Cast', [x], [{ name: 'to', int: 7 }])], undefined, layer.name);
  },
  // where the mask goes is checked for the whole model (io/pytorch/torch-layers.ts)
  pytorch: (layer) => ({
    module: `StrataEmbedding(${layer.inputDim}, ${layer.outputDim}, ${layer.maskZero ? 'True' : 'False'})`,
    helpers: {
      StrataEmbedding: EMBEDDING_PY,
      ...(layer.maskZero ? { StrataSequential: SEQUENTIAL_PY } : {}),
    },
    ...(layer.maskZero ? { mask: 'makes' as const } : {}),
    ...torchWeights<'embeddings'>({ weight: ['embeddings'] }),
  }),
  weightShapes: (layer) => ({ embeddings: [layer.inputDim, layer.outputDim] }),
  stochastic: false,
  weightNames: ['embeddings'],
} as const satisfies LayerClass<Embedding, 'embeddings'>;
