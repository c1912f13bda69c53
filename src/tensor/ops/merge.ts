import type { Tensor } from '../tensor.js';
import { expectLike, expectSameDtype, expectShape, lastDim, rowCount } from './check.js';

/** How two outputs [..., n] become one: side by side ([..., 2n]) or elementwise. */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

/** Row i of b that meets row i of a: the same, or (reversed) the same example's step time − 1 − t. */
function partner(i: number, time: number, reverse: boolean): number {
  if (!reverse) return i;
  const t = i % time;
  return i - t + time - 1 - t;
}

function check(op: string, a: Tensor, b: Tensor, merged: Tensor, mode: MergeMode): number {
  const n = lastDim(a);
  expectShape(op, 'the second output', b, a.shape);
  expectLike(op, 'the merged output', merged, a, mode === 'concat' ? 2 * n : n);
  expectSameDtype(op, a, b, merged);
  return n;
}

/**
 * out = merge(a, b) over the last axis; with `reverse`, b is a [batch, time, n] sequence read backwards in time
 * (a backward layer's outputs, in the order it read them), as Keras' Bidirectional.
 */
export function mergeOutputs(mode: MergeMode, a: Tensor, b: Tensor, out: Tensor, reverse = false): Tensor {
  const n = check('ops.mergeOutputs()', a, b, out, mode);
  const time = a.rank === 3 ? a.shape[1] : 1;
  const [x, y, o] = [a.data, b.data, out.data];
  for (let i = 0; i < rowCount(a); i++) {
    const j = partner(i, time, reverse);
    for (let k = 0; k < n; k++) {
      const p = x[i * n + k];
      const q = y[j * n + k];
      if (mode === 'concat') {
        o[i * 2 * n + k] = p;
        o[i * 2 * n + n + k] = q;
      } else o[i * n + k] = mode === 'sum' ? p + q : mode === 'mul' ? p * q : (p + q) / 2;
    }
  }
  return out;
}

/** mergeOutputs backwards: da and db from dy (b's read backwards in time again with `reverse`). */
export function mergeBackward(
  mode: MergeMode,
  a: Tensor,
  b: Tensor,
  dy: Tensor,
  da: Tensor,
  db: Tensor,
  reverse = false,
): void {
  const op = 'ops.mergeBackward()';
  const n = check(op, a, b, dy, mode);
  expectShape(op, 'the first gradient', da, a.shape);
  expectShape(op, 'the second gradient', db, a.shape);
  const time = a.rank === 3 ? a.shape[1] : 1;
  for (let i = 0; i < rowCount(a); i++) {
    const j = partner(i, time, reverse);
    for (let k = 0; k < n; k++) {
      if (mode === 'concat') {
        da.data[i * n + k] = dy.data[i * 2 * n + k];
        db.data[j * n + k] = dy.data[i * 2 * n + n + k];
        continue;
      }
      const d = dy.data[i * n + k];
      da.data[i * n + k] = mode === 'mul' ? d * b.data[j * n + k] : mode === 'ave' ? d / 2 : d;
      db.data[j * n + k] = mode === 'mul' ? d * a.data[i * n + k] : mode === 'ave' ? d / 2 : d;
    }
  }
}
