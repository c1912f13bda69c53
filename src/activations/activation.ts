import type { Tensor } from '../tensor/tensor.js';

/** An elementwise (or row-wise, for softmax) function with its derivative; both write into caller buffers. */
export interface Activation {
  readonly name: string;
  /** a = g(z) */
  forward(z: Tensor, a: Tensor): void;
  /** dz = dy · g'(z), given the cached z and a = g(z). */
  backward(z: Tensor, a: Tensor, dy: Tensor, dz: Tensor): void;
}
