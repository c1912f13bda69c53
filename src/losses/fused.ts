import type { FloatArray } from '../core/types.js';
import { kernelsFor } from '../tensor/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import { rowsOf, weightOf } from './loss.js';

/** dz at the output layer's pre-activation, computed straight from a and y. */
export type FusedGradient = (a: Tensor, yTrue: Tensor, dz: Tensor, weights?: FloatArray) => void;

// the output activation's derivative cancels the loss's 1/(p(1−p)) or 1/p: dz = (a − y) / n, stable
const fused: Record<string, FusedGradient> = {
  'sigmoid+binaryCrossentropy'(a, yTrue, dz, weights) {
    const rows = rowsOf(a);
    kernelsFor(a.dtype).outputGradient(a.data, yTrue.data, weights ?? null, dz.data, rows, a.size / rows, 1 / a.size);
  },
  'softmax+categoricalCrossentropy'(a, yTrue, dz, weights) {
    const rows = rowsOf(a);
    kernelsFor(a.dtype).outputGradient(a.data, yTrue.data, weights ?? null, dz.data, rows, a.size / rows, 1 / rows);
  },
  'softmax+sparseCategoricalCrossentropy'(a, yTrue, dz, weights) {
    const rows = rowsOf(a);
    const cols = a.size / rows;
    const k = 1 / rows;
    for (let i = 0; i < a.size; i++) dz.data[i] = k * weightOf(weights, i, cols) * a.data[i];
    for (let r = 0; r < rows; r++) dz.data[r * cols + yTrue.data[r]] -= k * (weights ? weights[r] : 1);
  },
};

/** The fused gradient for an output activation and loss, if the pair has one. */
export function fusedGradient(activation: string | undefined, loss: string): FusedGradient | undefined {
  return activation === undefined ? undefined : fused[`${activation}+${loss}`];
}
