import type { Tensor } from '../tensor/tensor.js';

/** A batch-mean score recorded in history under `name`. */
export interface Metric {
  readonly name: string;
  value(yPred: Tensor, yTrue: Tensor): number;
}
