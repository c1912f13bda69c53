import type { FloatArray } from '../../core/types.js';
import type { EpilogueActivation, Kernels } from '../kernels.js';
import { relu, sigmoid, tanh } from './elementwise.js';
import { matmul } from './matmul.js';
import { addRowVector } from './reduce.js';

/** The kernels matmulBiasActivation is made of, from any backend. */
export type DenseParts = Pick<Kernels, 'matmul' | 'addRowVector' | 'relu' | 'sigmoid' | 'tanh'>;

/**
 * matmulBiasActivation as the three steps a dense layer took before they were fused (so float64 results are
 * unchanged): the reference, and the fallback of other backends for arrays they cannot take in place.
 */
export function matmulBiasActivationWith(
  parts: DenseParts,
  x: FloatArray,
  w: FloatArray,
  bias: FloatArray | null,
  out: FloatArray,
  m: number,
  k: number,
  n: number,
  activation: EpilogueActivation,
): void {
  parts.matmul(x, w, out, m, k, n, false, false, false);
  if (bias !== null) parts.addRowVector(out, bias, out, m, n);
  if (activation !== 'linear') parts[activation](out, out);
}

const parts: DenseParts = { matmul, addRowVector, relu, sigmoid, tanh };

export const matmulBiasActivation: Kernels['matmulBiasActivation'] = (...args) =>
  matmulBiasActivationWith(parts, ...args);
