import type { Tensor } from './tensor.js';

/** A weight penalty; defined here so layers, optimizers and regularizers share it without importing each other. */
export interface Regularizer {
  readonly className: 'L1L2';
  /** Added to the reported loss. */
  penalty(w: Tensor): number;
  /** Adds d(penalty)/dw into grad and returns the penalty at w (both in one pass over w). */
  addGradient(w: Tensor, grad: Tensor): number;
  config(): { l1: number; l2: number };
}

/** A weight of a layer: its value, its gradient (same shape, overwritten by backward) and how it is trained. */
export interface Param {
  /** `dense_1/kernel` */
  readonly name: string;
  readonly value: Tensor;
  readonly grad: Tensor;
  /** False for statistics such as batch norm's moving mean: kept in weights, never updated by an optimizer. */
  readonly trainable: boolean;
  readonly regularizer?: Regularizer;
  /**
   * For a table whose backward writes only some rows of grad (Embedding): the rows the last backward wrote, ascending
   * and each once; every other row of grad is zero. Optimizers whose step leaves a zero-gradient row unchanged (SGD
   * without momentum, Adagrad) update only these.
   */
  readonly sparseRows?: () => Int32Array;
}
