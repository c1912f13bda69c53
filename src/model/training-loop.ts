import type { Rng } from '../core/rng.js';
import type { Callback, Logs, TrainContext } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgressLogger } from '../callbacks/progress-logger.js';
import type { Tensor } from '../tensor/tensor.js';
import { Workspace } from '../tensor/workspace.js';
import type { Engine, StepPosition } from './engine.js';
import { gatherRows } from './inputs.js';

export interface LoopData {
  x: Tensor;
  y: Tensor;
  validation?: { x: Tensor; y: Tensor };
}

export interface LoopOptions {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  verbose: 0 | 1 | 2;
  callbacks: readonly Callback[];
}

// hand the event loop back (repaints, timers) at most this often
const YIELD_MS = 16;

function maybeAwait(result: void | Promise<void>): Promise<void> | undefined {
  return result instanceof Promise ? result : undefined;
}

/** The epoch/batch loop: shuffles, steps, logs, validates and calls the callbacks. */
export async function runTrainingLoop(
  engine: Engine,
  data: LoopData,
  options: LoopOptions,
  ctx: TrainContext,
  rng: Rng,
): Promise<History> {
  const { x, y, validation } = data;
  const { epochs, batchSize } = options;
  const rows = x.shape[0];
  const steps = Math.ceil(rows / batchSize);
  const params = { epochs, steps, samples: rows };
  const history = new History(params);
  const progress = options.verbose === 0 ? [] : [new ProgressLogger(params, options.verbose)];
  const callbacks: Callback[] = [history, ...progress, ...options.callbacks];
  const batchHooks = callbacks.filter((c) => c.onBatchEnd);
  const ws = new Workspace(x.dtype);
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  const metricNames = engine.metrics.map((m) => m.name);
  const sums = new Float64Array(metricNames.length + 1);
  const batchLogs: Logs = {};
  const at: StepPosition = { epoch: 0, epochs, batch: 0, batches: steps };
  let logs: Logs = {};
  let lastYield = performance.now();

  ctx.stopTraining = false;
  for (const c of callbacks) await c.onTrainBegin?.(ctx);
  for (let epoch = 0; epoch < epochs && !ctx.stopTraining; epoch++) {
    for (const c of callbacks) await c.onEpochBegin?.(epoch, ctx);
    if (options.shuffle) rng.shuffle(order);
    sums.fill(0);
    let seen = 0;
    at.epoch = epoch;
    for (let b = 0; b < steps; b++) {
      const start = b * batchSize;
      const count = Math.min(batchSize, rows - start);
      const xb = ws.matrix('x', count, x.shape[1]);
      const yb = ws.matrix('y', count, y.shape[1]);
      gatherRows(x, order, start, count, xb);
      gatherRows(y, order, start, count, yb);
      at.batch = b;
      engine.trainBatch(xb, yb, sums, at);
      seen += count;
      if (batchHooks.length > 0) {
        batchLogs.loss = sums[0] / seen;
        for (let m = 0; m < metricNames.length; m++) batchLogs[metricNames[m]] = sums[m + 1] / seen;
        for (const c of batchHooks) await maybeAwait(c.onBatchEnd!(b, batchLogs, ctx));
      }
      if (ctx.stopTraining) break;
    }
    logs = { loss: sums[0] / seen };
    metricNames.forEach((name, m) => (logs[name] = sums[m + 1] / seen));
    if (validation) {
      const val = engine.evaluate(validation.x, validation.y, batchSize);
      for (const [key, value] of Object.entries(val)) logs[`val_${key}`] = value;
    }
    for (const c of callbacks) await c.onEpochEnd?.(epoch, logs, ctx);
    if (performance.now() - lastYield > YIELD_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = performance.now();
    }
  }
  for (const c of callbacks) await c.onTrainEnd?.(logs, ctx);
  return history;
}
