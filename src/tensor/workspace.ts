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

  constructor(readonly dtype: DType) {}

  /** A [rows, cols] buffer named `key`; its contents are whatever was last written. */
  matrix(key: string, rows: number, cols: number): Tensor {
    let list = this.#slots.get(key);
    if (list === undefined) {
      list = [];
      this.#slots.set(key, list);
    }
    for (const t of list) if (t.shape[0] === rows && t.shape[1] === cols) return placed(t);
    const created = zeros([rows, cols], this.dtype);
    list.unshift(created);
    if (list.length > SIZES_KEPT) list.pop();
    return placed(created);
  }

  /** Frees every buffer now (see Tensor.dispose); the workspace starts empty again. */
  dispose(): void {
    for (const list of this.#slots.values()) for (const t of list) t.dispose();
    this.#slots.clear();
  }
}
