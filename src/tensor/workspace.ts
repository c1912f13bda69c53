import type { Shape } from '../core/shape.js';
import type { DType } from '../core/types.js';
import { placed } from './backend.js';
import type { Tensor } from './tensor.js';
import { zeros } from './tensor.js';

const SIZES_KEPT = 3;

/**
 * Buffers a layer reuses from batch to batch, one set per batch size (the last, smaller batch gets its own),
 * so the training loop allocates nothing once it has seen each size.
 */
export class Workspace {
  readonly #slots = new Map<string, Tensor[]>();
  readonly #indices = new Map<string, Int32Array[]>();

  constructor(readonly dtype: DType) {}

  /** A [rows, cols] buffer named `key`; its contents are whatever was last written. */
  matrix(key: string, rows: number, cols: number): Tensor {
    const list = this.#list(key);
    for (const t of list) if (t.rank === 2 && t.shape[0] === rows && t.shape[1] === cols) return placed(t);
    return this.#add(list, [rows, cols]);
  }

  /** A buffer shaped like `x` with the last axis `last` (x's own by default), found without building a shape. */
  like(key: string, x: Tensor, last = x.shape[x.rank - 1]): Tensor {
    const list = this.#list(key);
    const shape = x.shape;
    for (const t of list) {
      let same = t.rank === shape.length && t.shape[t.rank - 1] === last;
      for (let i = 0; same && i < shape.length - 1; i++) same = t.shape[i] === shape[i];
      if (same) return placed(t);
    }
    return this.#add(list, [...shape.slice(0, -1), last]);
  }

  /** A buffer for `count` examples of `src` (its shape with the batch dimension replaced). */
  batchOf(key: string, src: Tensor, count: number): Tensor {
    const list = this.#list(key);
    const shape = src.shape;
    for (const t of list) {
      let same = t.rank === shape.length && t.shape[0] === count;
      for (let i = 1; same && i < shape.length; i++) same = t.shape[i] === shape[i];
      if (same) return placed(t);
    }
    return this.#add(list, [count, ...shape.slice(1)]);
  }

  /**
   * An index buffer of `size` named `key` (max pooling's argmax): ordinary memory, since indices never enter a float
   * kernel's working memory; its contents are whatever was last written.
   */
  indices(key: string, size: number): Int32Array {
    let list = this.#indices.get(key);
    if (list === undefined) this.#indices.set(key, (list = []));
    for (const a of list) if (a.length === size) return a;
    const created = new Int32Array(size);
    list.unshift(created);
    if (list.length > SIZES_KEPT) list.pop();
    return created;
  }

  #list(key: string): Tensor[] {
    let list = this.#slots.get(key);
    if (list === undefined) {
      list = [];
      this.#slots.set(key, list);
    }
    return list;
  }

  #add(list: Tensor[], shape: Shape): Tensor {
    const created = zeros(shape, this.dtype);
    list.unshift(created);
    if (list.length > SIZES_KEPT) list.pop();
    return placed(created);
  }

  /** Frees every buffer now (see Tensor.dispose); the workspace starts empty again. */
  dispose(): void {
    for (const list of this.#slots.values()) for (const t of list) t.dispose();
    this.#slots.clear();
    this.#indices.clear();
  }
}
