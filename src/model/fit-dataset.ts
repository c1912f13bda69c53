import { ConfigError, DataError, NumericError } from '../core/errors.js';
import type { DType } from '../core/types.js';
import type { Callback, Logs, TrainParams } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgressLogger } from '../callbacks/progress-logger.js';
import { withWorkingMemory } from '../tensor/backend.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { Workspace } from '../tensor/workspace.js';
import type { Engine, StepPosition } from './engine.js';
import { checkCallbacks, checkKeys, positiveInteger } from './fit-options.js';
import { callEach, contextFor, nextTask, YIELD_MS, type ModelHandle } from './training-loop.js';

/** One batch of a dataset: inputs and targets with the same number of rows. */
export interface DatasetBatch {
  readonly x: TensorLike;
  readonly y: TensorLike;
}

/**
 * What `fitDataset` reads: an iterable or async iterable of `{ x, y }` batches that starts over each time it is
 * iterated (an array, or an object whose `[Symbol.asyncIterator]()` opens the source again), or a function returning
 * a fresh one for each epoch. A generator object can be read only once, so it suits one epoch (or `batchesPerEpoch`).
 */
export type DatasetLike =
  AsyncIterable<DatasetBatch> | Iterable<DatasetBatch> | (() => AsyncIterable<DatasetBatch> | Iterable<DatasetBatch>);

export interface FitDatasetOptions {
  /** Passes over the dataset (default 1). */
  epochs?: number;
  /** The epoch to start at when resuming. */
  initialEpoch?: number;
  /** End each epoch after this many batches, reading on from there in the next (TF.js' batchesPerEpoch). */
  batchesPerEpoch?: number;
  /** Held-out data: `[x, y]`, or a dataset read in full after each epoch. */
  validationData?: DatasetLike | readonly [TensorLike, TensorLike];
  /** 0 silent, 1 a progress line (default), 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
  callbacks?: readonly Callback[];
}

/** What the dataset loops need of a model: its handle for callbacks, and its checked conversion of a batch. */
export interface DatasetModel {
  readonly handle: ModelHandle;
  readonly dtype: DType;
  prepare(where: string, x: TensorLike, y: TensorLike, build: boolean): { x: Tensor; y: Tensor; engine: Engine };
}

type AnyIterator = AsyncIterator<DatasetBatch> | Iterator<DatasetBatch>;

const KEYS = ['epochs', 'initialEpoch', 'batchesPerEpoch', 'validationData', 'verbose', 'callbacks'];

// an iterator (it has next()) is used up by one pass; arrays and re-openable sources are not
const isIterator = (source: unknown): boolean =>
  typeof source === 'object' && source !== null && typeof (source as { next?: unknown }).next === 'function';

function open(where: string, dataset: DatasetLike): AnyIterator {
  const source: unknown = typeof dataset === 'function' ? dataset() : dataset;
  const s = source as Partial<AsyncIterable<DatasetBatch> & Iterable<DatasetBatch>> | null;
  if (typeof s?.[Symbol.asyncIterator] === 'function') return s[Symbol.asyncIterator]!();
  if (typeof s?.[Symbol.iterator] === 'function' && typeof s !== 'string') return s[Symbol.iterator]!();
  throw new ConfigError({
    where,
    expected: 'a dataset: an iterable or async iterable of { x, y } batches, or a function returning one',
    received: source === null ? 'null' : typeof source,
    hint: 'For example an async generator function: fitDataset(async function* () { yield { x, y }; }).',
  });
}

/** The next batch, checked to be `{ x, y }`; undefined at the end. */
async function next(where: string, iterator: AnyIterator, at: string): Promise<DatasetBatch | undefined> {
  const step = await iterator.next();
  if (step.done) return undefined;
  const batch = step.value as unknown;
  if (typeof batch !== 'object' || batch === null || !('x' in batch) || !('y' in batch))
    throw new DataError({
      where: `${where}: ${at}`,
      expected: 'a batch { x, y }',
      received:
        batch === null
          ? 'null'
          : typeof batch === 'object'
            ? `an object with keys ${Object.keys(batch)}`
            : typeof batch,
      hint: 'Yield each batch as { x, y }, with as many rows in y as in x.',
    });
  return batch as DatasetBatch;
}

function normalize(where: string, options: FitDatasetOptions | undefined) {
  const o = options ?? {};
  if (typeof o !== 'object')
    throw new ConfigError({
      where,
      expected: 'an options object',
      received: typeof o,
      hint: 'For example fitDataset(dataset, { epochs: 10 }).',
    });
  checkKeys(where, o, KEYS);
  const epochs = positiveInteger(where, 'epochs', o.epochs ?? 1);
  const initialEpoch = o.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0 || initialEpoch >= epochs)
    throw new ConfigError({
      where,
      expected: `initialEpoch a whole number in [0, ${epochs})`,
      received: String(initialEpoch),
      hint: 'To train 10 more epochs after 10, pass initialEpoch: 10, epochs: 20.',
    });
  const batchesPerEpoch =
    o.batchesPerEpoch === undefined ? undefined : positiveInteger(where, 'batchesPerEpoch', o.batchesPerEpoch);
  const verbose = o.verbose ?? 1;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2)
    throw new ConfigError({
      where,
      expected: 'verbose 0, 1 or 2',
      received: String(verbose),
      hint: '0 is silent, 1 a progress line, 2 one line per epoch.',
    });
  checkCallbacks(where, o.callbacks);
  const { validationData } = o;
  return { epochs, initialEpoch, batchesPerEpoch, verbose, callbacks: o.callbacks ?? [], validationData } as const;
}

/** Loss and metrics over every batch of a dataset, weighted by rows (so they equal evaluate on all rows at once). */
export async function evaluateDataset(
  model: DatasetModel,
  dataset: DatasetLike,
  where = 'evaluateDataset()',
): Promise<Logs> {
  const iterator = open(where, dataset);
  const sums = new Map<string, number>();
  let rows = 0;
  for (let b = 0; ; b++) {
    const batch = await next(where, iterator, `batch ${b + 1}`);
    if (batch === undefined) break;
    const { x, y, engine } = model.prepare(`${where}: batch ${b + 1}`, batch.x, batch.y, false);
    const count = x.shape[0];
    for (const [key, value] of Object.entries(engine.evaluate(x, y, count)))
      sums.set(key, (sums.get(key) ?? 0) + value * count);
    rows += count;
  }
  if (rows === 0)
    throw new DataError({
      where,
      expected: 'a dataset with at least one batch',
      received: 'none',
      hint: 'Check that the dataset yields { x, y } batches; a generator object is used up after one pass.',
    });
  return Object.fromEntries([...sums].map(([key, sum]) => [key, sum / rows]));
}

/** Trains on a dataset's batches as `fit` trains on tensors: the same callbacks, History, progress and NaN handling. */
export async function fitDataset(
  model: DatasetModel,
  dataset: DatasetLike,
  options: FitDatasetOptions | undefined,
): Promise<History> {
  const where = 'fitDataset()';
  const o = normalize(where, options);
  if (isIterator(dataset) && o.batchesPerEpoch === undefined && o.epochs - o.initialEpoch > 1)
    throw new ConfigError({
      where,
      expected: 'a dataset that can be read once per epoch',
      received: 'an iterator, which is used up after one pass',
      hint: 'Pass the generator function itself (fitDataset(() => batches(), …)), an array of batches, or batchesPerEpoch.',
    });
  // the first batch builds the model (as fit does from x) before its arrays move to working memory
  let iterator = open(where, dataset);
  const first = await next(where, iterator, 'epoch 1, batch 1');
  if (first === undefined)
    throw new DataError({
      where,
      expected: 'a dataset with at least one batch',
      received: 'none',
      hint: 'Check that the dataset yields { x, y } batches.',
    });
  const { engine } = model.prepare(`${where}: epoch 1, batch 1`, first.x, first.y, true);
  const validation = o.validationData;
  const validate =
    validation === undefined
      ? undefined
      : Array.isArray(validation) && validation.length === 2 && !isBatch(validation[0])
        ? validationOnTensors(model, validation as unknown as readonly [TensorLike, TensorLike])
        : () => evaluateDataset(model, validation as DatasetLike, `${where}: validationData`);

  return withWorkingMemory(model.dtype, engine.layers, async () => {
    const params = { epochs: o.epochs, steps: o.batchesPerEpoch ?? 0, samples: 0 };
    const history = new History(params as TrainParams);
    const ctx = contextFor(model.handle, history);
    const progress = o.verbose === 0 ? [] : [new ProgressLogger(params as TrainParams, o.verbose)];
    const callbacks: Callback[] = [...o.callbacks, history, ...progress];
    const batchHooks = callbacks.filter((c) => c.onBatchEnd);
    const batchLogs: Logs = {};
    const ws = new Workspace(model.dtype);
    const sums = new Float64Array(engine.metrics.length + 1);
    const at: StepPosition = { epoch: 0, epochs: o.epochs, batch: 0, batches: params.steps };
    let pending: DatasetBatch | undefined = first;
    let logs: Logs = {};
    let lastYield = performance.now();
    try {
      ctx.stopTraining = false;
      for (const c of callbacks) await c.onTrainBegin?.(ctx);
      for (let epoch = o.initialEpoch; epoch < o.epochs && !ctx.stopTraining; epoch++) {
        const begun = callEach(callbacks, (c) => c.onEpochBegin?.(epoch, ctx));
        if (begun) await begun;
        if (epoch > o.initialEpoch && o.batchesPerEpoch === undefined) iterator = open(where, dataset);
        sums.fill(0);
        let seen = 0;
        let b = 0;
        at.epoch = epoch;
        for (; o.batchesPerEpoch === undefined || b < o.batchesPerEpoch; b++) {
          const label = `epoch ${epoch + 1}, batch ${b + 1}`;
          const batch = pending ?? (await next(where, iterator, label));
          pending = undefined;
          if (batch === undefined || ctx.stopTraining) break;
          const { x, y } = model.prepare(`${where}: ${label}`, batch.x, batch.y, false);
          const count = x.shape[0];
          // into the call's working memory, as fit's batches are
          const xb = ws.batchOf('x', x, count);
          const yb = ws.batchOf('y', y, count);
          xb.data.set(x.data);
          yb.data.set(y.data);
          at.batch = b;
          try {
            engine.trainBatch(xb, yb, sums, at);
          } catch (error) {
            if (!(error instanceof NumericError) || !callbacks.some((c) => c.onNonFinite?.(error, ctx))) throw error;
            break;
          }
          seen += count;
          if (batchHooks.length > 0) {
            batchLogs.loss = sums[0] / seen;
            engine.metrics.forEach((m, i) => (batchLogs[m.name] = sums[i + 1] / seen));
            const ended = callEach(batchHooks, (c) => c.onBatchEnd!(b, batchLogs, ctx));
            if (ended) await ended;
          }
        }
        if (seen === 0) {
          if (epoch === o.initialEpoch || o.batchesPerEpoch !== undefined) break;
          throw new DataError({
            where: `${where}: epoch ${epoch + 1}`,
            expected: 'batches in every epoch',
            received: 'none: the dataset was used up by the first epoch',
            hint: 'Pass a function that returns a new iterator each epoch, e.g. fitDataset(() => batches(), …).',
          });
        }
        if (params.steps === 0) params.steps = at.batches = b;
        params.samples = Math.max(params.samples, seen);
        logs = { loss: sums[0] / seen };
        engine.metrics.forEach((m, i) => (logs[m.name] = sums[i + 1] / seen));
        if (validate) for (const [key, value] of Object.entries(await validate())) logs[`val_${key}`] = value;
        const ended = callEach(callbacks, (c) => c.onEpochEnd?.(epoch, logs, ctx));
        if (ended) await ended;
        if (ctx.stopTraining && epoch < o.epochs - 1) history.stoppedEpoch = epoch;
        if (performance.now() - lastYield > YIELD_MS) {
          await nextTask();
          lastYield = performance.now();
        }
      }
      for (const c of callbacks) await c.onTrainEnd?.(logs, ctx);
    } finally {
      ws.dispose();
    }
    return history;
  });
}

const isBatch = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && 'x' in value && 'y' in value;

function validationOnTensors(model: DatasetModel, [vx, vy]: readonly [TensorLike, TensorLike]): () => Promise<Logs> {
  const where = 'fitDataset(): validationData';
  const { x, y, engine } = model.prepare(where, vx, vy, false);
  return async () => engine.evaluate(x, y, Math.min(32, x.shape[0]));
}
