import type { FloatArray } from '../core/types.js';
import type { Tensor } from '../tensor/tensor.js';

/** What a loss accepts as yTrue; checked once at the boundary by `checkTargets`. */
export type TargetKind = 'values' | 'probabilities' | 'oneHot' | 'classIds';

/**
 * A loss: the batch mean and its gradient with respect to the prediction. With per-example `weights`
 * the value is Keras' `Σ wᵢ·lᵢ / n` (weights scale examples; the divisor stays the batch size).
 */
export interface Loss {
  readonly name: string;
  readonly targets: TargetKind;
  value(yPred: Tensor, yTrue: Tensor, weights?: FloatArray): number;
  /** dy = d(batch mean)/d(yPred), written into `dy`. */
  gradient(yPred: Tensor, yTrue: Tensor, dy: Tensor, weights?: FloatArray): void;
}

export const rowsOf = (t: Tensor): number => t.shape[0];

/** The weight of flat element i of a [rows, cols] tensor (1 without weights). */
export function weightOf(weights: FloatArray | undefined, i: number, cols: number): number {
  return weights === undefined ? 1 : weights[(i / cols) | 0];
}
