import type { DType, Mode } from '../core/types.js';
import type { Window2d } from '../kernels/windows.js';
import * as ops from '../tensor/ops/index.js';
import type { WindowSpec } from '../tensor/ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { Workspace } from '../tensor/workspace.js';
import { noCache, type Layer } from './layer.js';

// windows cached per batch size (a training run sees two: the batch and the last, smaller one)
const WINDOWS_KEPT = 4;

/**
 * One built pooling layer's forward and backward over the pooling kernels, shared by Pooling and GlobalPooling (a
 * global pool is one window the size of the input): a window per batch size, the buffers, and the training cache.
 */
export class PoolingPass {
  readonly ws: Workspace;
  readonly #windows = new Map<number, Window2d>();
  #x?: Tensor;
  #argmax?: Int32Array;
  #window?: Window2d;

  constructor(
    readonly layer: Layer,
    readonly kind: 'max' | 'average',
    readonly image: readonly [number, number, number],
    readonly spec: WindowSpec,
    /** An empty batch of the output's shape: [0, ...per-example dims]. */
    readonly outputTemplate: Tensor,
    dtype: DType,
  ) {
    this.ws = new Workspace(dtype);
  }

  #windowFor(batch: number): Window2d {
    let w = this.#windows.get(batch);
    if (w === undefined) {
      if (this.#windows.size >= WINDOWS_KEPT) this.#windows.clear();
      const [height, width, channels] = this.image;
      w = ops.window2d(batch, height, width, channels, this.spec);
      this.#windows.set(batch, w);
    }
    return w;
  }

  forward(x: Tensor, mode: Mode): Tensor {
    const w = this.#windowFor(x.shape[0]);
    // inference gets its own buffers so a predict between forward and backward leaves the cache intact
    const train = mode === 'train';
    const out = this.ws.batchOf(train ? 'out' : 'outInfer', this.outputTemplate, w.batch);
    if (this.kind === 'max') {
      const argmax = this.ws.indices(train ? 'argmax' : 'argmaxInfer', out.size);
      ops.maxPool2d(x, w, argmax, out);
      if (train) this.#argmax = argmax;
    } else ops.avgPool2d(x, w, out);
    if (train) {
      this.#x = x;
      this.#window = w;
    }
    return out;
  }

  backward(dy: Tensor, needsInputGradient: boolean): Tensor | null {
    const x = this.#x ?? noCache(this.layer);
    if (!needsInputGradient) return null;
    const dx = this.ws.like('dx', x);
    if (this.kind === 'max') return ops.maxPool2dBackward(dy, this.#argmax!, this.#window!, dx);
    return ops.avgPool2dBackward(dy, this.#window!, dx);
  }
}
