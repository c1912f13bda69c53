import { kernelsFor } from '../backend.js';
import type { Tensor } from '../tensor.js';
import { expectSameDtype, expectShape, expectVector, lastDim, rowCount } from './check.js';

/** out = x + bias over x's last axis: x [..., n], bias [n]; `out` may be `x`. */
export function addBias(x: Tensor, bias: Tensor, out: Tensor): Tensor {
  const op = 'ops.addBias()';
  expectVector(op, 'the bias', bias, lastDim(x));
  expectShape(op, 'the output', out, x.shape);
  expectSameDtype(op, x, bias, out);
  kernelsFor(x.dtype).addRowVector(x.data, bias.data, out.data, rowCount(x), lastDim(x));
  return out;
}

/** out = a ⊙ b, elementwise over equal shapes; `out` may be either input. */
export function mul(a: Tensor, b: Tensor, out: Tensor): Tensor {
  const op = 'ops.mul()';
  expectShape(op, 'the second factor', b, a.shape);
  expectShape(op, 'the output', out, a.shape);
  expectSameDtype(op, a, b, out);
  kernelsFor(a.dtype).mul(a.data, b.data, out.data);
  return out;
}
