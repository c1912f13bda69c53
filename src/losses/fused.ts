import type { Tensor } from '../tensor/tensor.js';
import { rowsOf } from './loss.js';

/** dz at the output layer's pre-activation, computed straight from a and y. */
export type FusedGradient = (a: Tensor, yTrue: Tensor, dz: Tensor) => void;

// the output activation's derivative cancels the loss's 1/(p(1−p)) or 1/p: dz = (a − y) / n, stable
const fused: Record<string, FusedGradient> = {
  'sigmoid+binaryCrossentropy'(a, yTrue, dz) {
    const k = 1 / a.size;
    for (let i = 0; i < a.size; i++) dz.data[i] = k * (a.data[i] - yTrue.data[i]);
  },
  'softmax+categoricalCrossentropy'(a, yTrue, dz) {
    const k = 1 / rowsOf(a);
    for (let i = 0; i < a.size; i++) dz.data[i] = k * (a.data[i] - yTrue.data[i]);
  },
  'softmax+sparseCategoricalCrossentropy'(a, yTrue, dz) {
    const rows = rowsOf(a);
    const cols = a.size / rows;
    const k = 1 / rows;
    for (let i = 0; i < a.size; i++) dz.data[i] = k * a.data[i];
    for (let r = 0; r < rows; r++) dz.data[r * cols + yTrue.data[r]] -= k;
  },
};

/** The fused gradient for an output activation and loss, if the pair has one. */
export function fusedGradient(activation: string | undefined, loss: string): FusedGradient | undefined {
  return activation === undefined ? undefined : fused[`${activation}+${loss}`];
}
