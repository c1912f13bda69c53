import type { EpilogueActivation } from '../kernels/kernels.js';
import type { Tensor } from '../tensor/tensor.js';

/** An elementwise (or row-wise, for softmax) function with its derivative; both write into caller buffers. */
export interface Activation {
  readonly name: string;
  /**
   * Set when a GEMM can apply this activation as it stores its result. It promises that `backward` reads only `a`
   * (or `z`'s sign, which `a` shares), so a layer that fuses it may pass `a` as `z`.
   */
  readonly epilogue?: EpilogueActivation;
  /** a = g(z) */
  forward(z: Tensor, a: Tensor): void;
  /** dz = dy · g'(z), given the cached z and a = g(z). */
  backward(z: Tensor, a: Tensor, dy: Tensor, dz: Tensor): void;
}
