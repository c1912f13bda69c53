import { NumericError, StateError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { Callback, Logs, TrainContext } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgressLogger } from '../callbacks/progress-logger.js';
import type { Tensor } from '../tensor/tensor.js';
import { placedInput, withWorkingMemory } from '../tensor/backend.js';
import { Workspace } from '../tensor/workspace.js';
import type { Engine, StepPosition } from './engine.js';
import { gatherRows } from './inputs.js';

export interface LoopData {
  x: Tensor;
  y: Tensor;
  /** Loss weights per example, [rows, 1], or per position of a sequence target, [rows, positions]. */
  weights?: Tensor;
  validation?: { x: Tensor; y: Tensor };
}

export interface LoopOptions {
  epochs: number;
  /** The epoch to start from (Keras' initial_epoch), when resuming. */
  initialEpoch: number;
  batchSize: number;
  shuffle: boolean;
  verbose: 0 | 1 | 2;
  callbacks: readonly Callback[];
}

/** The model as the loop sees it: what callbacks may touch, without the History. */
export type ModelHandle = Omit<TrainContext, 'history'>;

// hand the event loop back (repaints, timers) at most this often
export const YIELD_MS = 16;

type Schedule = (callback: () => void) => unknown;
/** A macrotask: setImmediate where it exists (Node), which skips the 1 ms that setTimeout(0) waits there at least. */
export const nextTask = (): Promise<void> =>
  new Promise((resolve) => ((globalThis as { setImmediate?: Schedule }).setImmediate ?? setTimeout)(resolve));

export function contextFor(model: ModelHandle, history: History): TrainContext {
  return {
    get stopTraining() {
      return model.stopTraining;
    },
    set stopTraining(value: boolean) {
      model.stopTraining = value;
    },
    getWeights: () => model.getWeights(),
    save: (dir, options) => model.save(dir, options),
    setWeights: (weights) => model.setWeights(weights),
    get optimizer() {
      return model.optimizer;
    },
    history,
  };
}

/**
 * Calls `hook` on each callback in order, waiting for those that return a promise; returns a promise only if one
 * did, so plain hooks cost no microtask (`await` of a plain value still takes one, per hook per epoch).
 */
export function callEach(
  callbacks: readonly Callback[],
  hook: (c: Callback) => unknown,
  from = 0,
): Promise<void> | void {
  for (let i = from; i < callbacks.length; i++) {
    const result = hook(callbacks[i]);
    if (result instanceof Promise) return result.then(() => callEach(callbacks, hook, i + 1));
  }
}

/** The data must outlive the call: a tensor disposed from a callback would otherwise train on emptied memory. */
function assertLiveData(data: readonly Tensor[], at: StepPosition): void {
  for (const t of data) if (t.isDisposed) throw disposedDataError(t, at);
}

function disposedDataError(gone: Tensor, at: StepPosition): StateError {
  return new StateError({
    where: `fit(): epoch ${at.epoch + 1}/${at.epochs}, batch ${at.batch + 1}/${at.batches}`,
    expected: 'x, y and the validation data alive until fit() resolves',
    received: `a disposed ${gone.toString()}`,
    hint: 'Dispose the data after fit() resolves, not from a callback.',
  });
}

/** The epoch/batch loop: shuffles, steps, logs, validates and calls the callbacks. */
export function runTrainingLoop(
  engine: Engine,
  data: LoopData,
  options: LoopOptions,
  model: ModelHandle,
  rng: Rng,
): Promise<History> {
  // the model's arrays live in the kernels' working memory for the call (docs/ARCHITECTURE.md, 4.2)
  return withWorkingMemory(data.x.dtype, engine.layers, () => trainingLoop(engine, data, options, model, rng));
}

async function trainingLoop(
  engine: Engine,
  data: LoopData,
  options: LoopOptions,
  model: ModelHandle,
  rng: Rng,
): Promise<History> {
  const { validation } = data;
  const { epochs, batchSize } = options;
  const rows = data.x.shape[0];
  const steps = Math.ceil(rows / batchSize);
  const params = { epochs, steps, samples: rows };
  const history = new History(params);
  const ctx = contextFor(model, history);
  const progress = options.verbose === 0 ? [] : [new ProgressLogger(params, options.verbose)];
  // as in Keras, History and the progress line see the logs after user callbacks have added to them
  const callbacks: Callback[] = [...options.callbacks, history, ...progress];
  const batchHooks = callbacks.filter((c) => c.onBatchEnd);
  const ws = new Workspace(data.x.dtype);
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  // one unshuffled batch of everything (full-batch training, as the tutorials do) needs no copy
  const whole = steps === 1 && !options.shuffle;
  // full-batch data is read by the kernels directly: into working memory once for the call
  const [x, y] = whole ? [placedInput(data.x), placedInput(data.y)] : [data.x, data.y];
  const weights = whole && data.weights ? placedInput(data.weights) : data.weights;
  const given = [data.x, data.y, data.weights, validation?.x, validation?.y].filter((t) => t !== undefined);
  const metricNames = engine.metrics.map((m) => m.name);
  const sums = new Float64Array(metricNames.length + 1);
  const batchLogs: Logs = {};
  const at: StepPosition = { epoch: 0, epochs, batch: 0, batches: steps };
  let logs: Logs = {};
  let lastYield = performance.now();

  try {
    ctx.stopTraining = false;
    for (const c of callbacks) await c.onTrainBegin?.(ctx);
    for (let epoch = options.initialEpoch; epoch < epochs && !ctx.stopTraining; epoch++) {
      const begun = callEach(callbacks, (c) => c.onEpochBegin?.(epoch, ctx));
      if (begun) await begun;
      if (options.shuffle) {
        // from the identity each epoch, so the order depends on the generator alone: fit(10) + fit(10) = fit(20)
        for (let i = 0; i < rows; i++) order[i] = i;
        rng.shuffle(order);
      }
      sums.fill(0);
      let seen = 0;
      at.epoch = epoch;
      for (let b = 0; b < steps && !ctx.stopTraining; b++) {
        const start = b * batchSize;
        const count = Math.min(batchSize, rows - start);
        const xb = whole ? x : ws.batchOf('x', x, count);
        const yb = whole ? y : ws.batchOf('y', y, count);
        if (!whole) {
          gatherRows(x, order, start, count, xb);
          gatherRows(y, order, start, count, yb);
        }
        let wb: Tensor | undefined = whole ? weights : undefined;
        if (weights && !whole) gatherRows(weights, order, start, count, (wb = ws.batchOf('w', weights, count)));
        at.batch = b;
        assertLiveData(given, at);
        try {
          engine.trainBatch(xb, yb, sums, at, wb?.data);
        } catch (error) {
          if (!(error instanceof NumericError) || !callbacks.some((c) => c.onNonFinite?.(error, ctx))) throw error;
          break;
        }
        seen += count;
        if (batchHooks.length > 0) {
          batchLogs.loss = sums[0] / seen;
          for (let m = 0; m < metricNames.length; m++) batchLogs[metricNames[m]] = sums[m + 1] / seen;
          const ended = callEach(batchHooks, (c) => c.onBatchEnd!(b, batchLogs, ctx));
          if (ended) await ended;
        }
      }
      if (seen === 0) break;
      logs = { loss: sums[0] / seen };
      metricNames.forEach((name, m) => (logs[name] = sums[m + 1] / seen));
      if (validation) {
        const val = engine.evaluate(validation.x, validation.y, batchSize);
        for (const [key, value] of Object.entries(val)) logs[`val_${key}`] = value;
      }
      const ended = callEach(callbacks, (c) => c.onEpochEnd?.(epoch, logs, ctx));
      if (ended) await ended;
      if (ctx.stopTraining && epoch < epochs - 1) history.stoppedEpoch = epoch;
      if (performance.now() - lastYield > YIELD_MS) {
        await nextTask();
        lastYield = performance.now();
      }
    }
    if (ctx.stopTraining && history.stoppedEpoch === null && history.epoch.length < epochs - options.initialEpoch)
      history.stoppedEpoch = at.epoch;
    for (const c of callbacks) await c.onTrainEnd?.(logs, ctx);
  } finally {
    // the batch buffers belong to this call (WebAssembly memory is not garbage-collected soon enough to wait for)
    ws.dispose();
  }
  return history;
}
