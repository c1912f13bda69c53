import { disposedModelError, disposeModel } from './dispose.js';
import { StateError } from '../core/errors.js';
import { forkGlobalRng, type Rng } from '../core/rng.js';
import type { ShapeSpec } from '../core/shape.js';
import type { DType } from '../core/types.js';
import type { History } from '../callbacks/history.js';
import type { Logs } from '../callbacks/callback.js';
import { describeLayer, type Layer } from '../layers/layer.js';
import { checkTargets, type Loss } from '../losses/index.js';
import { resolveMetric, type Metric, type MetricName } from '../metrics/index.js';
import type { Optimizer } from '../optimizers/index.js';
import { zeros, type Tensor, type TensorLike } from '../tensor/tensor.js';
import { placedInput, withWorkingMemory } from '../tensor/backend.js';
import { Workspace } from '../tensor/workspace.js';
import { Engine, forEachBatch } from './engine.js';
import {
  checkBatchSize,
  checkKeys,
  normalizeFitOptions,
  type EvaluateOptions,
  type FitOptions,
} from './fit-options.js';
import { assertExampleShape, assertSameRows, toBatch } from './inputs.js';
import { formatSummary } from './summary.js';
import { assignWeights } from './weights.js';
import { admitLayer } from './admit-layer.js';
import { buildLayers } from './build-layers.js';
import { busyModelError } from './busy-error.js';
import { toArtifacts, type ModelArtifacts, type SaveOptions } from '../io/artifacts.js';
import { writeModelFiles } from '../io/model-files.js';
import { fitData } from './fit-data.js';
import { resolveCompile, type CompileConfig } from './compile-config.js';
import { runTrainingLoop, type ModelHandle } from './training-loop.js';
import { exampleWeights } from './example-weights.js';
import {
  evaluateDataset,
  fitDataset,
  type DatasetLike,
  type DatasetModel,
  type FitDatasetOptions,
} from './fit-dataset.js';
import { loadWeights, type LoadWeightsOptions } from './load-weights.js';
import type { Safetensors } from '../io/safetensors.js';
import { resolveDtype } from '../data/data-options.js';
import { checkOptionsObject } from '../core/options.js';

export interface SequentialConfig {
  layers?: Layer[];
  /** 'float32' (default) or 'float64' for the whole model: weights, activations and gradients. */
  dtype?: DType;
  name?: string;
}

/** A linear stack of layers with Keras' compile / fit / evaluate / predict. */
export class Sequential implements ModelHandle {
  readonly name: string;
  readonly dtype: DType;
  stopTraining = false;
  readonly #layers: Layer[] = [];
  readonly #rng: Rng;
  readonly #ws: Workspace;
  #inputShape?: ShapeSpec;
  #compiled?: { loss: Loss; optimizer: Optimizer; metrics: readonly (MetricName | Metric)[] };
  #engine?: Engine;
  #disposed = false;
  /** Set while fit() runs: calls that would change what it is training are refused until it resolves. */
  #fitting = false;

  constructor(config: SequentialConfig = {}) {
    checkOptionsObject('sequential()', config);
    const dtype = resolveDtype('sequential()', config.dtype);
    this.dtype = dtype;
    this.name = config.name ?? 'sequential';
    this.#rng = forkGlobalRng();
    this.#ws = new Workspace(dtype);
    for (const layer of config.layers ?? []) this.add(layer);
  }

  /** The model's generator: weight init, shuffling, validation splits and dropout streams fork from it. */
  get rng(): Rng {
    return this.#rng;
  }

  get layers(): readonly Layer[] {
    return this.#layers;
  }

  get built(): boolean {
    return this.#inputShape !== undefined;
  }

  /** The input shape, batch first (`[null, 4]`), once the model is built. */
  get inputShape(): ShapeSpec | undefined {
    return this.#inputShape;
  }

  /** The compiled loss. */
  get loss(): Loss {
    return this.#requireCompiled('loss').loss;
  }

  /** The compiled optimizer; its learningRate may be changed during training. */
  get optimizer(): Optimizer {
    return this.#requireCompiled('optimizer').optimizer;
  }

  /** Appends a layer, naming it (`dense_2`) if it has no name. */
  add(layer: Layer): this {
    this.#live('add()');
    this.#idle('add()');
    admitLayer(this.#layers, layer);
    this.#layers.push(layer);
    this.#engine = undefined;
    if (this.#inputShape) {
      const shape = this.#layers.slice(0, -1).reduce((s, l) => l.outputShape(s), this.#inputShape);
      layer.build(shape, { rng: this.#rng, dtype: this.dtype });
    }
    return this;
  }

  /** Creates every layer's weights for inputs of `inputShape` (without the batch dimension, e.g. [4] or [28, 28, 1]). */
  build(inputShape?: readonly (number | null)[]): this {
    const where = 'build()';
    this.#live(where);
    if (this.built) return this;
    const ctx = { rng: this.#rng, dtype: this.dtype };
    const spec = buildLayers(where, this.#layers, inputShape ?? this.#layers[0]?.inputShape, ctx);
    this.#inputShape = spec;
    return this;
  }

  /** Throws while fit() runs, for calls that would change the model under it. */
  #idle(where: string): void {
    if (this.#fitting) throw busyModelError(where);
  }

  /** Throws once the model is disposed: every public method goes through here (or #ensureBuilt). */
  #live(where: string): void {
    if (this.#disposed) throw disposedModelError(where);
  }

  #ensureBuilt(where: string): ShapeSpec {
    this.#live(where);
    if (!this.built) {
      if (this.#layers.length === 0 || this.#layers[0].inputShape === undefined)
        throw new StateError({
          where,
          expected: 'a built model',
          received: this.#layers.length === 0 ? 'a model with no layers' : 'one that was never built',
          hint: `Give the first layer an inputShape, or call fit() or build([features]) first.`,
        });
      this.build();
    }
    return this.#inputShape!;
  }

  /** The output's shape, batch first (`[null, 3]`, `[null, 10, 8]`). */
  #outputShape(): ShapeSpec {
    return this.#layers.reduce((s, l) => l.outputShape(s), this.#inputShape!);
  }

  #outputUnits(): number {
    const out = this.#outputShape();
    return out[out.length - 1] as number;
  }

  /**
   * Sets the loss, optimizer and metrics used by fit and evaluate.
   * @example
   * ```ts
   * import * as st from 'strata-nn';
   * const model = st.sequential({ layers: [st.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
   * model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.01 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
   * ```
   */
  compile(config: CompileConfig): this {
    const where = 'compile()';
    this.#live(where);
    this.#idle(where);
    const { loss, optimizer, metrics } = resolveCompile(where, config);
    this.#compiled = { loss, optimizer, metrics };
    this.#engine = undefined;
    return this;
  }

  /** The compile settings, for saving: the loss, the optimizer and the metric names. */
  compiledConfig(): { loss: Loss; optimizer: Optimizer; metricNames: string[] } {
    const { loss, optimizer, metrics } = this.#requireCompiled('compiledConfig()');
    return { loss, optimizer, metricNames: metrics.map((m) => (typeof m === 'string' ? m : m.name)) };
  }

  #requireCompiled(where: string) {
    this.#live(where);
    if (!this.#compiled)
      throw new StateError({
        where,
        expected: 'a compiled model',
        received: 'one that was never compiled',
        hint: 'Call model.compile({ loss, optimizer }) first.',
      });
    return this.#compiled;
  }

  #engineFor(where: string): Engine {
    if (this.#engine) return this.#engine;
    const { loss, optimizer, metrics } = this.#requireCompiled(where);
    const units = this.#outputUnits();
    const resolved = metrics.map((m) => resolveMetric(m, loss.name, units, where));
    this.#engine = new Engine(this.dtype, this.#layers, loss, optimizer, resolved);
    return this.#engine;
  }

  /** x and y converted, checked against each other and the model, and the model built if it was not. */
  #prepare(where: string, x: TensorLike, y: TensorLike, build: boolean): { x: Tensor; y: Tensor; engine: Engine } {
    const compiled = this.#requireCompiled(where);
    const xs = toBatch(x, this.dtype, where, 'x');
    const ys = toBatch(y, this.dtype, where, 'y');
    assertSameRows(where, xs, ys);
    if (build && !this.built && this.#layers[0]?.inputShape === undefined) this.build(xs.shape.slice(1));
    const inputShape = this.#ensureBuilt(where);
    assertExampleShape(where, xs, inputShape, describeLayer(this.#layers[0]));
    return { x: xs, y: checkTargets(compiled.loss, ys, this.#outputShape(), where), engine: this.#engineFor(where) };
  }

  /**
   * Trains for a number of epochs; resolves with the History of per-epoch loss and metrics.
   * @example
   * ```ts
   * import * as st from 'strata-nn';
   * st.setSeed(1);
   * const model = st.sequential({ layers: [
   *   st.layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }),
   *   st.layers.dense({ units: 1, activation: 'sigmoid' }),
   * ] });
   * model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
   * const history = await model.fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], { epochs: 300, verbose: 0 });
   * console.log(history.history.accuracy.at(-1)); // 1
   * ```
   */
  async fit(x: TensorLike, y: TensorLike, options?: FitOptions): Promise<History> {
    return this.#exclusive('fit()', () => this.#fit(x, y, options));
  }

  /**
   * Trains on batches read from a dataset, for data bigger than memory (TF.js' fitDataset): any iterable or async
   * iterable of `{ x, y }` batches that starts over when iterated again, or a function returning a fresh one per
   * epoch. The same callbacks, History, progress and NaN handling as `fit`; shuffling is the dataset's own.
   * @example
   * ```ts
   * import * as st from 'strata-nn';
   * const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] });
   * model.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.1 }), loss: 'mse' });
   * async function* batches() {
   *   for (let b = 0; b < 10; b++) yield { x: [[b / 10, 1], [1, b / 10]], y: [[1 + b / 10], [1 + b / 10]] };
   * }
   * const history = await model.fitDataset(batches, { epochs: 5, verbose: 0 });
   * console.log(history.history.loss.length); // 5
   * ```
   */
  async fitDataset(dataset: DatasetLike, options?: FitDatasetOptions): Promise<History> {
    return this.#exclusive('fitDataset()', () => fitDataset(this.#datasetModel(), dataset, options));
  }

  /** Loss and metrics over every batch of a dataset (as `fitDataset` reads one), in inference mode. */
  evaluateDataset(dataset: DatasetLike): Promise<Logs> {
    return evaluateDataset(this.#datasetModel(), dataset);
  }

  #datasetModel(): DatasetModel {
    return { handle: this, dtype: this.dtype, prepare: (where, x, y, build) => this.#prepare(where, x, y, build) };
  }

  /** Runs a training call with every call that would change the model refused until it settles. */
  async #exclusive<T>(where: string, run: () => Promise<T>): Promise<T> {
    this.#live(where);
    this.#idle(where);
    this.#fitting = true;
    try {
      return await run();
    } finally {
      this.#fitting = false;
    }
  }

  async #fit(x: TensorLike, y: TensorLike, options: FitOptions | undefined): Promise<History> {
    const where = 'fit()';
    const opts = normalizeFitOptions(options);
    const data = this.#prepare(where, x, y, true);
    const weights = exampleWeights(where, data.engine.loss, data.y, this.dtype, opts.sampleWeight, opts.classWeight);
    const { train, validation, batchSize } = fitData(
      where,
      opts,
      { x: data.x, y: data.y, weights },
      (vx, vy) => this.#prepare('fit(): validationData', vx, vy, false),
      this.#rng,
    );
    return runTrainingLoop(data.engine, { ...train, validation }, { ...opts, batchSize }, this, this.#rng);
  }

  /** One gradient step on exactly the given examples; returns that batch's loss and metrics (before the step). */
  trainOnBatch(x: TensorLike, y: TensorLike): Logs {
    const where = 'trainOnBatch()';
    this.#idle(where);
    const { x: xs, y: ys, engine } = this.#prepare(where, x, y, true);
    const sums = new Float64Array(engine.metrics.length + 1);
    const at = { epoch: 0, epochs: 1, batch: 0, batches: 1 };
    withWorkingMemory(this.dtype, this.#layers, () => engine.trainBatch(placedInput(xs), placedInput(ys), sums, at));
    const logs: Logs = { loss: sums[0] / xs.shape[0] };
    engine.metrics.forEach((m, i) => (logs[m.name] = sums[i + 1] / xs.shape[0]));
    return logs;
  }

  /**
   * Loss and metrics on (x, y) in inference mode (dropout off, batch norm on its moving statistics).
   * @example
   * ```ts
   * import * as st from 'strata-nn';
   * const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [1] })] });
   * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mae'] });
   * console.log(model.evaluate([[1], [2]], [[2], [4]])); // { loss: …, mae: … }
   * ```
   */
  evaluate(x: TensorLike, y: TensorLike, options: EvaluateOptions = {}): Logs {
    const where = 'evaluate()';
    checkKeys(where, options, ['batchSize']);
    const { x: xs, y: ys, engine } = this.#prepare(where, x, y, false);
    const batchSize = checkBatchSize(where, options.batchSize, xs.shape[0], `${xs.shape[0]} examples`);
    return engine.evaluate(xs, ys, batchSize);
  }

  /**
   * The model's outputs for x, in inference mode.
   * @example
   * ```ts
   * import * as st from 'strata-nn';
   * const model = st.sequential({ layers: [st.layers.dense({ units: 3, activation: 'softmax', inputShape: [4] })] });
   * const p = model.predict([[1, 2, 3, 4]]);
   * console.log(p.shape); // [1, 3]
   * ```
   */
  predict(x: TensorLike, options: EvaluateOptions = {}): Tensor {
    const where = 'predict()';
    checkKeys(where, options, ['batchSize']);
    const inputShape = this.#ensureBuilt(where);
    const xs = toBatch(x, this.dtype, where, 'x');
    assertExampleShape(where, xs, inputShape, describeLayer(this.#layers[0]));
    const rows = xs.shape[0];
    const batchSize = checkBatchSize(where, options.batchSize, rows, `${rows} examples`);
    const out = zeros([rows, ...(this.#outputShape().slice(1) as number[])], this.dtype);
    const width = out.size / rows;
    forEachBatch(this.#layers, this.#ws, xs, batchSize, (a, start, count) =>
      out.data.set(a.data.subarray(0, count * width), start * width),
    );
    return out;
  }

  /** Prints and returns a Keras-style table of layers, output shapes and parameter counts. */
  summary(options: { printFn?: (line: string) => void } = {}): string {
    checkKeys('summary()', options, ['printFn']);
    const text = formatSummary(this.name, this.#layers, this.#ensureBuilt('summary()'));
    (options.printFn ?? console.log)(text);
    return text;
  }

  /** Copies of every weight in Keras order: per layer kernel, bias; batch norm gamma, beta, moving_mean, moving_variance. */
  getWeights(): Tensor[] {
    this.#ensureBuilt('getWeights()');
    return this.#layers.flatMap((l) => l.params().map((p) => p.value.clone()));
  }

  /** Sets every weight, in getWeights() order; nothing changes unless all of them fit. */
  setWeights(weights: readonly TensorLike[]): void {
    this.#ensureBuilt('setWeights()');
    assignWeights(
      this.#layers.flatMap((l) => l.params()),
      weights,
      this.dtype,
      'setWeights()',
    );
  }

  /** Sets every weight from safetensors, in PyTorch's layout or strata's: `st.loadWeights(this, weights)`. */
  loadWeights(weights: Uint8Array | Safetensors, options?: LoadWeightsOptions): void {
    loadWeights(this, weights, options);
  }

  /** The model in TF.js' layers-model format, in memory (works in the browser). */
  toArtifacts(options: SaveOptions = {}): ModelArtifacts {
    checkOptionsObject('toArtifacts()', options);
    return this.#artifacts(options, 'toArtifacts()');
  }

  /** The artifacts io writes from the model as a plain structure, with its training state when asked. */
  #artifacts(options: SaveOptions, where: string): ModelArtifacts {
    const inputShape = this.#ensureBuilt(where);
    if (options.includeOptimizer) this.#requireCompiled('toArtifacts({ includeOptimizer })');
    const compiled = options.includeOptimizer ? this.compiledConfig() : undefined;
    const training = compiled && { ...compiled, loss: compiled.loss.name, rngState: this.#rng.getState() };
    const model = { name: this.name, dtype: this.dtype, inputShape, layers: this.#layers, training };
    return toArtifacts(model, options, where);
  }

  /**
   * Saves model.json and its weights into `dir` (Node), atomically; `includeOptimizer` keeps the training state.
   * @example
   * ```ts
   * import * as st from 'strata-nn';
   * const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] });
   * await model.save('strata-out/example-model');
   * const again = await st.loadModel('strata-out/example-model');
   * ```
   */
  async save(dir: string, options: SaveOptions = {}): Promise<void> {
    writeModelFiles(this.#artifacts(options, 'save()'), dir);
  }

  /**
   * Frees every weight, gradient, optimizer state and buffer now, instead of when the model is garbage-collected;
   * optional, since they are ordinary memory between calls. The model cannot be used afterwards; calling it again
   * does nothing.
   * @example
   * ```ts
   * import * as st from 'strata-nn';
   * const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] });
   * model.dispose();
   * ```
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#idle('dispose()');
    this.#disposed = true;
    disposeModel(this.#layers, this.#engine, this.#compiled?.optimizer, this.#ws);
  }

  countParams(): number {
    this.#ensureBuilt('countParams()');
    return this.#layers.reduce((n, l) => n + l.params().reduce((m, p) => m + p.value.size, 0), 0);
  }
}

/**
 * A linear stack of layers.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const model = st.sequential({ layers: [
 *   st.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
 *   st.layers.dense({ units: 3, activation: 'softmax' }),
 * ] });
 * model.summary();
 * ```
 */
export const sequential = (config: SequentialConfig = {}): Sequential => new Sequential(config);
