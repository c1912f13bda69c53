import { NumericError, StateError } from '../core/errors.js';
import { release, type DType, type FloatArray } from '../core/types.js';
import type { Logs } from '../callbacks/callback.js';
import type { Layer } from '../layers/layer.js';
import { describeLayer } from '../layers/layer.js';
import { forwardLayer } from '../layers/masking.js';
import { fusedGradient, type FusedGradient, type Loss } from '../losses/index.js';
import type { Metric } from '../metrics/index.js';
import type { NonFinite, Optimizer } from '../optimizers/optimizer.js';
import type { Param } from '../tensor/param.js';
import type { Tensor } from '../tensor/tensor.js';
import { withWorkingMemory } from '../tensor/backend.js';
import { asRows, rowCount } from '../tensor/ops/index.js';
import { Workspace } from '../tensor/workspace.js';
import { exampleSize } from './inputs.js';

/** Where a batch sits in training, for error messages. */
export interface StepPosition {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
}

/**
 * One compiled model's training machinery: forward, loss, backward, update.
 * Holds every buffer it needs, so a training step allocates nothing after the first batch of each size.
 */
export class Engine {
  readonly #ws: Workspace;
  readonly #fused?: FusedGradient;
  readonly #trainable: Param[];
  readonly #regularized: Param[];
  /** Weights the forward pass itself changes (batch norm's moving statistics), restored with the rest on divergence. */
  readonly #state: Param[];
  readonly #needsInputGradient: readonly boolean[];
  #stateBackups?: FloatArray[];
  #backups?: FloatArray[];
  #output?: Tensor;
  #target?: Tensor;

  constructor(
    dtype: DType,
    readonly layers: readonly Layer[],
    readonly loss: Loss,
    readonly optimizer: Optimizer,
    readonly metrics: readonly Metric[],
  ) {
    this.#ws = new Workspace(dtype);
    const last = layers[layers.length - 1];
    this.#fused = last.backwardFromPreActivation ? fusedGradient(last.outputActivation, loss.name) : undefined;
    const params = layers.flatMap((l) => l.params());
    this.#trainable = params.filter((p) => p.trainable);
    this.#regularized = params.filter((p) => p.regularizer !== undefined);
    this.#state = params.filter((p) => !p.trainable);
    // layer i passes a gradient back only if a layer before it has weights to train (Flatten first needs none)
    this.#needsInputGradient = layers.map((_, i) =>
      layers.slice(0, i).some((l) => l.params().some((p) => p.trainable)),
    );
  }

  /** Σ regularizer penalties, added to every reported loss as Keras does. */
  penalty(): number {
    let sum = 0;
    for (const p of this.#regularized) sum += p.regularizer!.penalty(p.value);
    return sum;
  }

  forward(x: Tensor, mode: 'train' | 'infer'): Tensor {
    let a = x;
    for (const layer of this.layers) a = forwardLayer(layer, a, mode);
    return a;
  }

  /**
   * Forward in training mode, loss, backward: afterwards every param.grad holds d(loss + penalties)/d(param).
   * Returns the loss (with the penalties); when the data loss is not finite nothing is back-propagated.
   */
  gradients(x: Tensor, y: Tensor, weights?: FloatArray): number {
    const a = this.forward(x, 'train');
    // losses and metrics see one row per position: [examples × time × …, units]
    const yRows = (this.#target = asRows(y));
    const w = this.#perRow(weights, a);
    this.#output = asRows(a);
    const dataLoss = this.loss.value(this.#output, yRows, w);
    if (!Number.isFinite(dataLoss)) return dataLoss;
    this.#backward(a, yRows, w);
    // after backward (which overwrites the gradients): each penalty with its gradient in one pass over the weight
    let penalty = 0;
    for (const p of this.#regularized)
      penalty += p.trainable ? p.regularizer!.addGradient(p.value, p.grad) : p.regularizer!.penalty(p.value);
    return dataLoss + penalty;
  }

  /** One gradient step on a batch; adds the batch's loss and metrics, times its size, into `sums`. */
  trainBatch(x: Tensor, y: Tensor, sums: Float64Array, at: StepPosition, weights?: FloatArray): number {
    if (this.#state.length > 0) this.#keepState();
    const loss = this.gradients(x, y, weights);
    const badState = Number.isFinite(loss) ? this.#nonFiniteState() : null;
    if (!Number.isFinite(loss) || badState !== null) {
      this.#restoreState();
      throw this.#nonFinite(
        badState === null ? 'a finite loss' : 'finite moving statistics',
        badState ?? `${loss}`,
        at,
        'The weights are those before this batch.',
      );
    }
    const rows = x.shape[0];
    sums[0] += loss * rows;
    for (let m = 0; m < this.metrics.length; m++)
      sums[m + 1] += this.metrics[m].value(this.#output!, this.#target!) * rows;
    try {
      this.#update(at);
    } catch (error) {
      this.#restoreState();
      throw error;
    }
    return loss;
  }

  #keepState(): void {
    const backups = (this.#stateBackups ??= this.#state.map((p) => p.value.data.slice() as FloatArray));
    for (let i = 0; i < this.#state.length; i++) backups[i].set(this.#state[i].value.data);
  }

  #restoreState(): void {
    if (this.#stateBackups === undefined) return;
    for (let i = 0; i < this.#state.length; i++) this.#state[i].value.data.set(this.#stateBackups[i]);
  }

  /** `Infinity in batch_normalization_1/moving_variance` when a forward pass left a statistic non-finite. */
  #nonFiniteState(): string | null {
    for (const p of this.#state)
      for (let i = 0; i < p.value.size; i++)
        if (!Number.isFinite(p.value.data[i])) return `${p.value.data[i]} in ${p.name}`;
    return null;
  }

  /** Per-example weights repeated for every position of a sequence or image output (one loss row each). */
  #perRow(weights: FloatArray | undefined, a: Tensor): FloatArray | undefined {
    // per-position weights ([rows, positions], from fit's sampleWeight) are per loss row already
    if (weights === undefined || a.rank <= 2 || weights.length === rowCount(a)) return weights;
    const positions = rowCount(a) / a.shape[0];
    const out = this.#ws.matrix('wRows', a.shape[0] * positions, 1).data;
    for (let r = 0; r < a.shape[0]; r++) out.fill(weights[r], r * positions, (r + 1) * positions);
    return out;
  }

  #backward(a: Tensor, yRows: Tensor, weights: FloatArray | undefined): void {
    const n = this.layers.length;
    const last = this.layers[n - 1];
    const dOut = this.#ws.like('dOut', a);
    const aRows = asRows(a);
    const dRows = asRows(dOut);
    let dy: Tensor | null;
    if (this.#fused) {
      this.#fused(aRows, yRows, dRows, weights);
      dy = last.backwardFromPreActivation!(dOut, this.#needsInputGradient[n - 1]);
    } else {
      this.loss.gradient(aRows, yRows, dRows, weights);
      dy = last.backward(dOut, this.#needsInputGradient[n - 1]);
    }
    // below the first layer with trainable weights nothing needs a gradient
    for (let i = n - 2; i >= 0 && this.#needsInputGradient[i + 1]; i--) {
      if (dy === null)
        throw new StateError({
          where: `${describeLayer(this.layers[i + 1])}.backward()`,
          expected: 'an input gradient',
          received: 'null',
          hint: 'A layer may return null only when needsInputGradient is false.',
        });
      dy = this.layers[i].backward(dy, this.#needsInputGradient[i]);
    }
  }

  /** Steps the optimizer; if that leaves a weight non-finite, the weights are put back and training stops. */
  #update(at: StepPosition): void {
    const bad = this.optimizer.guardedStep ? this.optimizer.guardedStep(this.#trainable) : this.#checkedStep();
    if (bad === null) return;
    throw this.#nonFinite(
      'finite weights after the update',
      `${bad.value} in ${bad.param.name}`,
      at,
      'The weights are those before this update.',
    );
  }

  /** guardedStep for optimizers that do not have one (plain objects given to compile). */
  #checkedStep(): NonFinite | null {
    const backups = (this.#backups ??= this.#trainable.map((p) => p.value.data.slice() as FloatArray));
    for (let i = 0; i < this.#trainable.length; i++) backups[i].set(this.#trainable[i].value.data);
    this.optimizer.step(this.#trainable);
    for (const param of this.#trainable) {
      const value = param.value.data.find((v) => !Number.isFinite(v));
      if (value === undefined) continue;
      this.#trainable.forEach((p, i) => p.value.data.set(backups[i]));
      return { param, value };
    }
    return null;
  }

  #nonFinite(expected: string, received: string, at: StepPosition, kept: string): NumericError {
    return new NumericError(
      {
        where: `fit(): epoch ${at.epoch + 1}/${at.epochs}, batch ${at.batch + 1}/${at.batches}`,
        expected,
        received,
        hint: `Training diverged; lower the learning rate, scale the inputs, or add clipNorm to the optimizer. ${kept}`,
      },
      at.epoch,
      at.batch,
    );
  }

  /** Frees the engine's buffers (model.dispose() frees the optimizer's state). */
  dispose(): void {
    this.#ws.dispose();
    for (const b of [...(this.#backups ?? []), ...(this.#stateBackups ?? [])]) release(b);
  }

  /** Mean loss and metrics over (x, y) in inference mode, in batches. */
  evaluate(x: Tensor, y: Tensor, batchSize: number): Logs {
    const rows = x.shape[0];
    const sums = new Float64Array(this.metrics.length + 1);
    const width = exampleSize(y);
    forEachBatch(this.layers, this.#ws, x, batchSize, (out, start, count) => {
      const yb = asRows(this.#ws.batchOf('yEval', y, count));
      yb.data.set(y.data.subarray(start * width, (start + count) * width));
      const a = asRows(out);
      sums[0] += this.loss.value(a, yb) * count;
      for (let m = 0; m < this.metrics.length; m++) sums[m + 1] += this.metrics[m].value(a, yb) * count;
    });
    const logs: Logs = { loss: sums[0] / rows + this.penalty() };
    this.metrics.forEach((m, i) => (logs[m.name] = sums[i + 1] / rows));
    return logs;
  }
}

/** Inference over x in batches; `each` sees the output for rows [start, start + count). */
export function forEachBatch(
  layers: readonly Layer[],
  ws: Workspace,
  x: Tensor,
  batchSize: number,
  each: (a: Tensor, start: number, count: number) => void,
): void {
  // the model's arrays live in the kernels' working memory for the call (docs/ARCHITECTURE.md, 4.2)
  withWorkingMemory(x.dtype, layers, () => eachBatch(layers, ws, x, batchSize, each));
}

function eachBatch(
  layers: readonly Layer[],
  ws: Workspace,
  x: Tensor,
  batchSize: number,
  each: (a: Tensor, start: number, count: number) => void,
): void {
  const rows = x.shape[0];
  const cols = exampleSize(x);
  for (let start = 0; start < rows; start += batchSize) {
    const count = Math.min(batchSize, rows - start);
    const xb = ws.batchOf('xInfer', x, count);
    xb.data.set(x.data.subarray(start * cols, (start + count) * cols));
    let a = xb;
    for (const layer of layers) a = forwardLayer(layer, a, 'infer');
    each(a, start, count);
  }
}
