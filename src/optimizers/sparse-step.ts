// The step over the rows of a table that a batch used (Param.sparseRows), for rules that leave a row with zero
// gradient exactly as it was (SGD without momentum, Adagrad): gather the rows, run the rule's own kernel on them,
// write them back. The same kernel on the same numbers, so the result is the dense step's, bit for bit.
import type { FloatArray } from '../core/types.js';
import type { Kernels, UpdateRule } from '../kernels/kernels.js';
import type { Param } from '../tensor/param.js';

/** The rules whose step is exact on the used rows alone. */
export type SparseRule = Extract<UpdateRule, { kind: 'sgd' | 'adagrad' }>;

export const isSparseRule = (rule: UpdateRule): rule is SparseRule => rule.kind === 'sgd' || rule.kind === 'adagrad';

/** Gathered rows of a value, its gradient and its slots; grown when a batch uses more rows, kept between steps. */
export interface RowScratch {
  value: FloatArray;
  grad: FloatArray;
  slots: FloatArray[];
}

/** A step computed on gathered rows and not yet written: `write()` puts the rows back, `nonFinite` is the first bad value. */
export interface PendingRows {
  readonly nonFinite: number | undefined;
  write(): void;
}

function gather(from: FloatArray, to: FloatArray, rows: Int32Array, width: number): void {
  for (let r = 0; r < rows.length; r++) to.set(from.subarray(rows[r] * width, (rows[r] + 1) * width), r * width);
}

function scatter(from: FloatArray, to: FloatArray, rows: Int32Array, width: number): void {
  for (let r = 0; r < rows.length; r++) to.set(from.subarray(r * width, (r + 1) * width), rows[r] * width);
}

const grow = (a: FloatArray, n: number): FloatArray =>
  a.length >= n ? a : new (a instanceof Float64Array ? Float64Array : Float32Array)(Math.max(n, 2 * a.length));

/**
 * One step of `rule` over the rows `param.sparseRows()` names; `clip`, when given, is applied to their gradient (rows of zeros
 * add nothing to a norm and clip to zero, so this is the whole tensor's clip). Nothing is written until `write()`.
 */
export function sparseStep(
  param: Param,
  slots: readonly FloatArray[],
  rule: SparseRule,
  k: Kernels,
  scratch: RowScratch,
  clip: ((g: FloatArray) => void) | undefined,
): PendingRows {
  const rows = param.sparseRows!();
  const width = param.value.size / param.value.shape[0];
  const n = rows.length * width;
  scratch.value = grow(scratch.value, n);
  scratch.grad = grow(scratch.grad, n);
  scratch.slots = slots.map((_, i) => grow(scratch.slots[i] ?? scratch.value.slice(0, 0), n));
  const value = scratch.value.subarray(0, n);
  const grad = scratch.grad.subarray(0, n);
  const rowSlots = scratch.slots.map((s) => s.subarray(0, n));
  gather(param.value.data, value, rows, width);
  gather(param.grad.data, grad, rows, width);
  slots.forEach((s, i) => gather(s, rowSlots[i], rows, width));
  clip?.(grad);
  if (rule.kind === 'sgd') k.sgdUpdate(value, grad, rule.lr);
  else k.adagradUpdate(value, grad, rowSlots[0], rule.lr, rule.epsilon);
  let nonFinite: number | undefined;
  for (let i = 0; i < n && nonFinite === undefined; i++) if (value[i] - value[i] !== 0) nonFinite = value[i];
  return {
    nonFinite,
    write: () => {
      scatter(value, param.value.data, rows, width);
      slots.forEach((s, i) => scatter(rowSlots[i], s, rows, width));
    },
  };
}
