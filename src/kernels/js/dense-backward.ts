import type { Kernels } from '../kernels.js';
import { reluBackward, sigmoidBackward, tanhBackward } from './elementwise.js';
import { matmul } from './matmul.js';
import { sumRows } from './reduce.js';

/** The kernels denseBackward is made of, from any backend. */
export type DenseBackwardParts = Pick<
  Kernels,
  'matmul' | 'sumRows' | 'reluBackward' | 'sigmoidBackward' | 'tanhBackward'
>;

/**
 * denseBackward as the steps a dense layer took before they were fused (so float64 results are unchanged): the
 * reference, and other backends' fallback for arrays they cannot take in place or products worth threads.
 */
export function denseBackwardWith(
  parts: DenseBackwardParts,
  ...[x, a, dy, dz, w, dW, db, dx, m, k, n, activation]: Parameters<Kernels['denseBackward']>
): void {
  let g = dy;
  if (activation !== 'linear') {
    // relu'(z) > 0 exactly where relu(z) > 0, so the output stands in for z as it does for sigmoid and tanh
    parts[`${activation}Backward`](a, dy, dz);
    g = dz;
  }
  parts.matmul(x, g, dW, k, m, n, true, false, false);
  if (db !== null) parts.sumRows(g, db, m, n);
  if (dx !== null) parts.matmul(g, w, dx, m, n, k, false, true, false);
}

const parts: DenseBackwardParts = { matmul, sumRows, reluBackward, sigmoidBackward, tanhBackward };

export const denseBackward: Kernels['denseBackward'] = (...args) => denseBackwardWith(parts, ...args);
