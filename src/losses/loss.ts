import type { Tensor } from '../tensor/tensor.js';

/** What a loss accepts as yTrue; checked once at the boundary by `checkTargets`. */
export type TargetKind = 'values' | 'probabilities' | 'oneHot' | 'classIds';

/** A loss: the batch mean and its gradient with respect to the prediction. */
export interface Loss {
  readonly name: string;
  readonly targets: TargetKind;
  value(yPred: Tensor, yTrue: Tensor): number;
  /** dy = d(batch mean)/d(yPred), written into `dy`. */
  gradient(yPred: Tensor, yTrue: Tensor, dy: Tensor): void;
}

export const rowsOf = (t: Tensor): number => t.shape[0];
