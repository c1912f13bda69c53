import type { FloatArray } from '../../core/types.js';
import type { EpilogueActivation } from '../kernels.js';
import { relu, sigmoid, tanh } from './elementwise.js';
import { matmul } from './matmul.js';
import { addRowVector } from './reduce.js';

const activations = { relu, sigmoid, tanh } as const;

/** The reference: the same three steps a dense layer took before they were fused, so float64 results are unchanged. */
export function matmulBiasActivation(
  x: FloatArray,
  w: FloatArray,
  bias: FloatArray | null,
  out: FloatArray,
  m: number,
  k: number,
  n: number,
  activation: EpilogueActivation,
): void {
  matmul(x, w, out, m, k, n, false, false, false);
  if (bias !== null) addRowVector(out, bias, out, m, n);
  if (activation !== 'linear') activations[activation](out, out);
}
