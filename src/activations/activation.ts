import type { Tensor } from '../tensor/tensor.js';

/** An elementwise (or row-wise, for softmax) function with its derivative; both write into caller buffers. */
export interface Activation {
  readonly name: string;
  /** a = g(z) */
  forward(z: Tensor, a: Tensor): void;
  /** dz = dy · g'(z), given the cached z and a = g(z). */
  backward(z: Tensor, a: Tensor, dy: Tensor, dz: Tensor): void;
}

export function rowsAndCols(t: Tensor): [number, number] {
  const rows = t.shape[0] ?? 1;
  return [rows, rows === 0 ? 0 : t.size / rows];
}
