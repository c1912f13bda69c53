import { ShapeError } from '../../core/errors.js';
import { sizeOf } from '../../core/shape.js';
import type { Tensor } from '../tensor.js';
import { expectSameDtype, expectShape } from './check.js';

function checkStep(op: string, seq: Tensor, step: Tensor, t: number): number {
  if (seq.rank < 2 || !Number.isInteger(t) || t < 0 || t >= seq.shape[1])
    throw new ShapeError({
      where: op,
      expected: `a [batch, time, ...] sequence and a step in [0, ${seq.shape[1] - 1}]`,
      received: `shape [${seq.shape.join(', ')}], step ${t}`,
      hint: 'Pass a sequence of rank 2 or more and a time step inside it.',
    });
  expectShape(op, 'the step', step, [seq.shape[0], ...seq.shape.slice(2)]);
  expectSameDtype(op, seq, step);
  return sizeOf(seq.shape.slice(2));
}

/** out = seq[:, t, ...]: one time step of a [batch, time, ...] sequence, copied into out [batch, ...]. */
export function readStep(seq: Tensor, t: number, out: Tensor): Tensor {
  const width = checkStep('ops.readStep()', seq, out, t);
  const [batch, time] = seq.shape;
  for (let b = 0; b < batch; b++) {
    const from = (b * time + t) * width;
    out.data.set(seq.data.subarray(from, from + width), b * width);
  }
  return out;
}

/** seq[:, t, ...] = step: writes one time step [batch, ...] into a [batch, time, ...] sequence. */
export function writeStep(seq: Tensor, t: number, step: Tensor): Tensor {
  const width = checkStep('ops.writeStep()', seq, step, t);
  const [batch, time] = seq.shape;
  for (let b = 0; b < batch; b++) seq.data.set(step.data.subarray(b * width, (b + 1) * width), (b * time + t) * width);
  return seq;
}
